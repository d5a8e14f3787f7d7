import { createHash, randomBytes } from 'node:crypto';
import { and, eq, isNull, lt } from 'drizzle-orm';
import type { Clock } from '../core/clock.ts';
import type { MemberId } from '../core/ids.ts';
import type { Db } from '../db/client.ts';
import { members, webLinks, webSessions } from '../db/schema.ts';

/** A sign-in link works once, for ten minutes (README, The web console). */
export const LINK_TTL_MS = 10 * 60_000;
/** A session lasts a working day; then the member asks /web again. */
export const SESSION_TTL_MS = 12 * 60 * 60_000;

export interface WebSession {
  member: MemberId;
  csrf: string;
  expiresAt: number;
}

/** Why a link signs nobody in; the page says which, so a member knows to ask /web again. */
export type LinkRefusal = 'unknown' | 'used' | 'expired';

const secret = () => randomBytes(32).toString('base64url');
/** Only hashes are stored: a copy of the database (a backup, a leaked file) signs nobody in. */
const hash = (token: string) => createHash('sha256').update(token).digest('hex');

/**
 * Sign-in without passwords: /web in a private chat issues a one-time link; using it opens a
 * session whose cookie carries a random id. The platform already proved who the member is.
 */
export class WebAccess {
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
  ) {}

  /** A new one-time token for the member; the caller puts it in a link. */
  issueLink(member: MemberId): { token: string; expiresAt: number } {
    const now = this.clock.now().getTime();
    const token = secret();
    this.db.insert(webLinks).values({ tokenHash: hash(token), memberId: member, createdAt: now, expiresAt: now + LINK_TTL_MS }).run();
    this.db.delete(webLinks).where(lt(webLinks.expiresAt, now - LINK_TTL_MS)).run();
    return { token, expiresAt: now + LINK_TTL_MS };
  }

  /** Uses a link: a new session (its raw id for the cookie), or why not. A link is spent even if the session is never used. */
  redeem(token: string): { sessionId: string; session: WebSession } | { refused: LinkRefusal } {
    const now = this.clock.now().getTime();
    const link = this.db.select().from(webLinks).where(eq(webLinks.tokenHash, hash(token))).get();
    if (!link) return { refused: 'unknown' };
    if (link.usedAt !== null) return { refused: 'used' };
    if (link.expiresAt < now) return { refused: 'expired' };
    // Spent in the same statement that checks it: two browsers racing on one link get one session.
    const spent = this.db
      .update(webLinks)
      .set({ usedAt: now })
      .where(and(eq(webLinks.tokenHash, link.tokenHash), isNull(webLinks.usedAt)))
      .run();
    if (spent.changes === 0) return { refused: 'used' };
    const sessionId = secret();
    const session: WebSession = { member: link.memberId, csrf: secret(), expiresAt: now + SESSION_TTL_MS };
    this.db.insert(webSessions).values({ idHash: hash(sessionId), memberId: session.member, csrf: session.csrf, createdAt: now, expiresAt: session.expiresAt }).run();
    this.db.delete(webSessions).where(lt(webSessions.expiresAt, now)).run();
    return { sessionId, session };
  }

  /** The live session behind a cookie's id, if any. */
  session(sessionId: string): WebSession | undefined {
    const row = this.db.select().from(webSessions).where(eq(webSessions.idHash, hash(sessionId))).get();
    if (!row || row.expiresAt < this.clock.now().getTime()) return undefined;
    return { member: row.memberId, csrf: row.csrf, expiresAt: row.expiresAt };
  }

  /** The name the platform last gave the member, or their id. */
  displayName(member: MemberId): string {
    return this.db.select({ name: members.displayName }).from(members).where(eq(members.id, member)).get()?.name ?? member;
  }

  signOut(sessionId: string): void {
    this.db.delete(webSessions).where(eq(webSessions.idHash, hash(sessionId))).run();
  }
}
