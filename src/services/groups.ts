import { and, asc, desc, eq, isNotNull, sql } from 'drizzle-orm';
import type { Clock } from '../core/clock.ts';
import type { Chat, Sender } from '../core/events.ts';
import { splitId, type GroupId, type MemberId } from '../core/ids.ts';
import type { Config } from '../config.ts';
import type { Db } from '../db/client.ts';
import { groupMembers, groups, members } from '../db/schema.ts';

export type Audience = 'students' | 'staff' | 'parents';
export type Group = typeof groups.$inferSelect;

/** What a class is called wherever it is named: its class name, else the chat's title, else its id. */
export const classLabel = (group: Pick<Group, 'id' | 'className' | 'title'>): string => group.className ?? group.title ?? group.id;
export type GroupSettings = Partial<
  Pick<Group, 'className' | 'audience' | 'timezone' | 'locale' | 'tipTime' | 'articleDay' | 'articleTime' | 'quizAfterArticle' | 'paused'>
>;

const STORED_MEMBERS = 100_000;

/** Groups, their settings and lifecycle, and the roster of members the bot has seen. */
export class GroupService {
  /** The roster's hot path, run for every message: prepared once. */
  private readonly statements;
  /** A group's row by id, prepared once: every event reads it (drizzle builds a query anew per call otherwise, about 0.1 ms). */
  private readonly byId;
  /** A new group's settings, from the configuration. */
  private readonly defaults;
  /** Members whose row already holds this name and language, so their next message needs no upsert. */
  private readonly stored = new Map<MemberId, string>();

  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly config: Config,
  ) {
    this.byId = db.select().from(groups).where(eq(groups.id, sql.placeholder('id'))).prepare();
    this.defaults = {
      timezone: config.DEFAULT_TIMEZONE,
      locale: config.DEFAULT_LOCALE,
      tipTime: config.DEFAULT_TIP_TIME,
      articleDay: config.DEFAULT_ARTICLE_DAY,
      articleTime: config.DEFAULT_ARTICLE_TIME,
    };
    this.statements = {
      // Written only when the name or language changed, so a member's every message is no write.
      member: db.$client.prepare(
        // @keep: the platform gives no name, so the one the member set (/name) stays.
        `insert into members (id, platform, display_name, language_code, created_at, updated_at) values (@id, @platform, @name, @lang, @now, @now)
         on conflict (id) do update set display_name = iif(@keep, display_name, excluded.display_name), language_code = excluded.language_code, updated_at = excluded.updated_at
           where (not @keep and display_name is not excluded.display_name) or language_code is not excluded.language_code`,
      ),
      // @admin null: the platform did not say, so the flag stays as it was.
      // Only touches the row when the title changed, to keep this hot path write-free.
      ensure: db.$client.prepare(
        `insert into groups (id, platform, title, timezone, locale, tip_time, article_day, article_time, created_at, updated_at)
         values (@id, @platform, @title, @timezone, @locale, @tipTime, @articleDay, @articleTime, @now, @now)
         on conflict (id) do update set title = excluded.title where excluded.title is not null and title is not excluded.title`,
      ),
      roster: db.$client.prepare(
        `insert into group_members (group_id, member_id, is_admin, active, first_seen_at, last_seen_at) values (@group, @member, coalesce(@admin, 0), 1, @now, @now)
         on conflict (group_id, member_id) do update set last_seen_at = excluded.last_seen_at, active = 1, is_admin = coalesce(@admin, is_admin)`,
      ),
    };
  }

  /** The classes registered with /setup, active or not, by class name. */
  registered(): Group[] {
    return this.db.select().from(groups).where(isNotNull(groups.setupAt)).orderBy(asc(groups.className), asc(groups.id)).all();
  }

  get(id: GroupId): Group | undefined {
    return this.byId.get({ id });
  }

  /** Registers a group the first time the bot sees it, with the configured defaults. */
  ensure(chat: Chat): Group {
    const now = this.clock.now().getTime();
    this.statements.ensure.run({ id: chat.id, platform: splitId(chat.id).platform, title: chat.title ?? null, now, ...this.defaults });
    return this.get(chat.id)!;
  }

  update(id: GroupId, settings: GroupSettings): Group {
    this.db
      .update(groups)
      .set({ ...settings, updatedAt: this.clock.now().getTime() })
      .where(eq(groups.id, id))
      .run();
    return this.get(id)!;
  }

  setup(id: GroupId, settings: GroupSettings & { className: string }): Group {
    this.update(id, settings);
    this.db.update(groups).set({ setupAt: this.clock.now().getTime() }).where(eq(groups.id, id)).run();
    return this.get(id)!;
  }

  /**
   * Inactive groups get no sends and no retries; re-adding the bot makes them active again.
   * Made inactive here, a group is one a send was refused in, unless it already was inactive
   * for a reason of its own (the platform may report missing permissions before the refusal).
   */
  setActive(id: GroupId, active: boolean): void {
    const inactiveReason = active ? null : sql`case when ${groups.active} then 'refused' else ${groups.inactiveReason} end`;
    this.db.update(groups).set({ active, inactiveReason, updatedAt: this.clock.now().getTime() }).where(eq(groups.id, id)).run();
  }

  /** The bot was removed from the group or left it: only re-adding it brings the group back. */
  removed(id: GroupId, reason: 'kicked' | 'left'): void {
    this.db.update(groups).set({ active: false, inactiveReason: reason, updatedAt: this.clock.now().getTime() }).where(eq(groups.id, id)).run();
  }

  /**
   * The bot may no longer post in the group: it is paused until the platform says it may again.
   * True when this starts the pause (the moment to tell whoever can fix it); false when it was
   * paused already, also before a restart, or is out for good (kicked or left).
   */
  pauseForPermissions(id: GroupId): boolean {
    const { changes } = this.db
      .update(groups)
      .set({ active: false, inactiveReason: 'missing-permissions', updatedAt: this.clock.now().getTime() })
      .where(and(eq(groups.id, id), sql`(${groups.active} or ${groups.inactiveReason} is null or ${groups.inactiveReason} = 'refused')`))
      .run();
    return changes > 0;
  }

  /** The bot may post in the group again: true when this ended a pause for missing permissions. */
  resumeWithPermissions(id: GroupId): boolean {
    const { changes } = this.db
      .update(groups)
      .set({ active: true, inactiveReason: null, updatedAt: this.clock.now().getTime() })
      .where(and(eq(groups.id, id), eq(groups.inactiveReason, 'missing-permissions')))
      .run();
    return changes > 0;
  }

  /**
   * A Telegram group that became a supergroup has a new chat id. Moving the group row moves
   * its whole history, since every reference cascades on update.
   */
  migrate(from: GroupId, to: GroupId): void {
    this.db.transaction((tx) => {
      const existing = tx.select({ id: groups.id }).from(groups).where(eq(groups.id, to)).get();
      // The new chat may already have a row if an update from it arrived first: it holds no history worth keeping.
      if (existing) tx.delete(groups).where(eq(groups.id, to)).run();
      tx.update(groups).set({ id: to, updatedAt: this.clock.now().getTime() }).where(eq(groups.id, from)).run();
    });
  }

  /** Records a member as seen (in a group, when the chat is one): first and last seen, admin flag. */
  seen(chat: Chat, sender: Sender): void {
    const now = this.clock.now().getTime();
    const stored = `${sender.name}\u0000${sender.languageCode ?? ''}`;
    if (this.stored.get(sender.id) !== stored) {
      this.statements.member.run({ id: sender.id, platform: splitId(sender.id).platform, name: sender.name, lang: sender.languageCode ?? null, keep: Number(sender.nameless === true), now });
      // Bounded: a school's members, not every sender ever.
      if (this.stored.size >= STORED_MEMBERS) this.stored.clear();
      this.stored.set(sender.id, stored);
    }
    if (chat.kind !== 'group') return;
    this.statements.roster.run({
      group: chat.id,
      member: sender.id,
      admin: sender.isAdmin === undefined ? null : Number(sender.isAdmin),
      now,
    });
  }

  /** The member's most recently seen active group: their class, for practice and triage. */
  homeGroupOf(member: MemberId): Group | undefined {
    return this.db
      .select({ group: groups })
      .from(groupMembers)
      .innerJoin(groups, eq(groups.id, groupMembers.groupId))
      .where(and(eq(groupMembers.memberId, member), eq(groupMembers.active, true)))
      .orderBy(desc(groupMembers.lastSeenAt))
      .get()?.group;
  }

  audienceOfMember(member: MemberId): Audience | undefined {
    return this.homeGroupOf(member)?.audience;
  }

  /** The name a member tells the bot (/name), where the platform gives none: it shows in reports and lists. */
  rename(member: MemberId, name: string): void {
    this.db.update(members).set({ displayName: name, updatedAt: this.clock.now().getTime() }).where(eq(members.id, member)).run();
  }

  left(group: GroupId, member: MemberId): void {
    this.db
      .update(groupMembers)
      .set({ active: false, lastSeenAt: this.clock.now().getTime() })
      .where(and(eq(groupMembers.groupId, group), eq(groupMembers.memberId, member)))
      .run();
  }

  setAdmin(group: GroupId, member: MemberId, isAdmin: boolean): void {
    this.db
      .update(groupMembers)
      .set({ isAdmin })
      .where(and(eq(groupMembers.groupId, group), eq(groupMembers.memberId, member)))
      .run();
  }
}
