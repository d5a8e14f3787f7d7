import { and, count, eq } from 'drizzle-orm';
import type { Clock } from '../../core/clock.ts';
import type { GroupId, MemberId } from '../../core/ids.ts';
import { p, type RichMessage } from '../../core/message.ts';
import { makeToken } from '../../core/tokens.ts';
import type { Transport } from '../../core/transport.ts';
import type { Library } from '../../content/library.ts';
import type { Db } from '../../db/client.ts';
import { groups, pledges, pledgeSignatures } from '../../db/schema.ts';
import { defineMessages, localized, type Locale } from '../../i18n/index.ts';
import type { Logger } from '../../log.ts';
import { EDIT_INTERVAL_MS } from '../acks.ts';
import { DebouncedEdits } from '../live-edits.ts';

const t = defineMessages({
  'zh-CN': {
    ownTitle: '反诈防骗承诺书',
    sign: '我承诺',
    count: '已承诺 {n} 人',
    signature: '学校保卫处 · 无诈班级助手',
  },
  en: {
    ownTitle: 'Anti-fraud pledge',
    sign: '我承诺',
    count: 'Signed by {n}',
    signature: 'School security office · ClassGuard',
  },
});

/** An advisor's own pledge text is kept to what fits one message on every platform. */
export const OWN_TEXT_MAX = 1500;

export type SignResult = { kind: 'recorded' | 'already'; count: number } | { kind: 'unknown' };

/**
 * Pledges (反诈防骗承诺书): an advisor posts the library's default or their own text with a
 * 我承诺 button; signatures are unique per (pledge, member), the signer being the presser.
 */
export class PledgeService {
  private readonly edits: DebouncedEdits<number>;

  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly library: Library,
    private readonly transport: Transport,
    private readonly log: Logger,
  ) {
    this.edits = new DebouncedEdits(clock, EDIT_INTERVAL_MS, (id) => this.editCount(id));
  }

  /** Records the pledge and posts it in the group. */
  async post(group: GroupId, by: MemberId, ownText: string | undefined, locale: Locale): Promise<number> {
    const row = this.db
      .insert(pledges)
      .values({ groupId: group, postedBy: by, text: ownText?.slice(0, OWN_TEXT_MAX) ?? null, at: this.clock.now().getTime() })
      .returning({ id: pledges.id })
      .get();
    const outcome = await this.transport.send({ group }, this.render(row.id, ownText ?? null, 0, locale));
    if (outcome.ok && outcome.messageId) this.db.update(pledges).set({ messageId: outcome.messageId }).where(eq(pledges.id, row.id)).run();
    return row.id;
  }

  sign(pledgeId: number, group: GroupId, member: MemberId): SignResult {
    const pledge = this.db
      .select({ id: pledges.id })
      .from(pledges)
      .where(and(eq(pledges.id, pledgeId), eq(pledges.groupId, group)))
      .get();
    if (!pledge) return { kind: 'unknown' };
    const inserted = this.db.insert(pledgeSignatures).values({ pledgeId, memberId: member, at: this.clock.now().getTime() }).onConflictDoNothing().run();
    return { kind: inserted.changes === 1 ? 'recorded' : 'already', count: this.count(pledgeId) };
  }

  count(pledgeId: number): number {
    return this.db.select({ n: count() }).from(pledgeSignatures).where(eq(pledgeSignatures.pledgeId, pledgeId)).get()!.n;
  }

  /** Updates the message's live count, debounced per message. */
  refreshCount(pledgeId: number): Promise<void> {
    return this.edits.request(pledgeId);
  }

  flush(): Promise<void> {
    return this.edits.flush();
  }

  render(pledgeId: number, ownText: string | null, signed: number, locale: Locale): RichMessage {
    const pledge = this.library.pledge;
    const body = ownText
      ? { title: t(locale, 'ownTitle'), blocks: ownText.split(/\n+/).map((line) => p(line)) }
      : {
          title: localized(pledge.title, locale),
          blocks: [p(localized(pledge.intro, locale)), ...pledge.items.map((item, i) => p(`${i + 1}. ${localized(item, locale)}`)), p(localized(pledge.closing, locale))],
        };
    return {
      ...body,
      footer: t(locale, 'signature'),
      live: t(locale, 'count', { n: signed }),
      buttons: [[{ label: t(locale, 'sign'), token: makeToken('pledge', pledgeId) }]],
    };
  }

  private async editCount(pledgeId: number): Promise<void> {
    const row = this.db
      .select({ groupId: pledges.groupId, text: pledges.text, messageId: pledges.messageId, locale: groups.locale })
      .from(pledges)
      .innerJoin(groups, eq(groups.id, pledges.groupId))
      .where(eq(pledges.id, pledgeId))
      .get();
    if (!row?.messageId) return;
    const outcome = await this.transport.edit(row.groupId, row.messageId, this.render(pledgeId, row.text, this.count(pledgeId), row.locale));
    if (!outcome.ok) this.log.warn({ pledge: pledgeId, reason: outcome.reason }, 'pledge count edit failed');
  }
}
