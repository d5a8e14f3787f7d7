import { createHash } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import type { Clock } from '../core/clock.ts';
import type { GroupId, MemberId } from '../core/ids.ts';
import type { Db } from '../db/client.ts';
import { triageReports } from '../db/schema.ts';
import { normalize, type TriageResult } from '../triage/index.ts';

export type TriageReport = typeof triageReports.$inferSelect;

/** How long a forwarded text stays in memory so the member can still choose to share it. */
export const SHARE_WINDOW_MS = 30 * 60_000;
/** At most this many texts wait in memory; the oldest go first (a flood cannot grow the heap). */
const MAX_WAITING = 1_000;

/**
 * The record of triaged messages (docs/design.md, Privacy): the type, the risk and a hash go to the
 * database; the text itself only once the member consents to share it with the advisor. Until
 * then it waits in memory for a short while, and is gone with a restart.
 */
export class TriageLog {
  private readonly waiting = new Map<number, { member: MemberId; text: string; until: number }>();
  private readonly listeners: ((report: TriageReport) => void | Promise<void>)[] = [];

  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
  ) {}

  /** Called after each recorded triage (the early warning listens here). */
  onRecorded(listener: (report: TriageReport) => void | Promise<void>): void {
    this.listeners.push(listener);
  }

  async record(member: MemberId, group: GroupId | undefined, text: string, result: TriageResult): Promise<TriageReport> {
    const now = this.clock.now().getTime();
    const report = this.db
      .insert(triageReports)
      .values({ memberId: member, groupId: group ?? null, risk: result.risk, typeId: result.type, score: result.score, textHash: textHash(text), at: now })
      .returning()
      .get();
    this.keep(report.id, member, text, now);
    for (const listener of this.listeners) await listener(report);
    return report;
  }

  /** The member's own report; undefined for another member's id (a forged button). */
  get(id: number, member: MemberId): TriageReport | undefined {
    return this.db
      .select()
      .from(triageReports)
      .where(and(eq(triageReports.id, id), eq(triageReports.memberId, member)))
      .get();
  }

  /** The waiting text, if the member may still share it. */
  waitingText(id: number, member: MemberId): string | undefined {
    const entry = this.waiting.get(id);
    if (!entry || entry.member !== member || entry.until < this.clock.now().getTime()) return undefined;
    return entry.text;
  }

  /** Stores the text with the member's consent; false when it is no longer in memory. */
  share(id: number, member: MemberId): boolean {
    const text = this.waitingText(id, member);
    if (text === undefined) return false;
    this.set(id, member, { sharedText: text, consentAt: this.clock.now().getTime() });
    this.waiting.delete(id);
    return true;
  }

  markPaid(id: number, member: MemberId): void {
    this.set(id, member, { paidAt: this.clock.now().getTime() });
  }

  markAdvisorTold(id: number, member: MemberId): void {
    this.set(id, member, { advisorToldAt: this.clock.now().getTime() });
  }

  private set(id: number, member: MemberId, values: Partial<TriageReport>): void {
    this.db
      .update(triageReports)
      .set(values)
      .where(and(eq(triageReports.id, id), eq(triageReports.memberId, member)))
      .run();
  }

  private keep(id: number, member: MemberId, text: string, now: number): void {
    for (const [key, entry] of this.waiting) {
      if (entry.until >= now && this.waiting.size < MAX_WAITING) break;
      this.waiting.delete(key);
    }
    this.waiting.set(id, { member, text, until: now + SHARE_WINDOW_MS });
  }
}

/**
 * The hash of the normalised text, so the same scam re-spaced, in full width or in
 * traditional characters hashes alike (the early warning counts near-identical texts).
 */
export function textHash(text: string): string {
  return createHash('sha256').update(normalize(text).squeezed).digest('hex');
}
