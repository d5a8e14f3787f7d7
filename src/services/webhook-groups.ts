import { eq, sql } from 'drizzle-orm';
import type { Clock } from '../core/clock.ts';
import { groupId, type GroupId } from '../core/ids.ts';
import type { Db } from '../db/client.ts';
import { groups, webhookGroups } from '../db/schema.ts';
import type { Audience, GroupService } from './groups.ts';

export type RobotKind = 'dingtalk' | 'wecom';

/** What the webhook adapter needs to post to one group's robot. */
export interface Robot {
  kind: RobotKind;
  url: string;
  secret: string | null;
}

/** A registered webhook group as listed to an admin: the URL masked, the secret never shown. */
export interface WebhookGroupListing {
  group: GroupId;
  className: string;
  audience: Audience;
  kind: RobotKind;
  maskedUrl: string;
  signed: boolean;
}

export type AddResult = { kind: 'added'; group: GroupId; robot: RobotKind } | { kind: 'bad-url' } | { kind: 'taken' } | { kind: 'secret-unused' };

/**
 * Which robot a webhook URL belongs to, by its path: DingTalk's custom robot posts to
 * `/robot/send?access_token=…`, WeCom's group robot to `/cgi-bin/webhook/send?key=…` (README,
 * Push-only webhook groups). The path, not the host, so that a local fake or a proxy works too.
 */
export function robotKind(url: string): RobotKind | undefined {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return undefined;
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') return undefined;
  if (parsed.pathname.endsWith('/robot/send') && parsed.searchParams.get('access_token')) return 'dingtalk';
  if (parsed.pathname.endsWith('/cgi-bin/webhook/send') && parsed.searchParams.get('key')) return 'wecom';
  return undefined;
}

/** Whether a group is a push-only webhook group: it has no members the bot can see, so no 已阅 to count. */
export function isPushOnly(group: GroupId): boolean {
  return group.startsWith('webhook:');
}

/** A webhook URL as shown to people: its access token or key cut to its first and last four characters. */
export function maskUrl(url: string): string {
  return url.replace(/([?&](?:access_token|key)=)([^&]*)/g, (_, name: string, value: string) => `${name}${value.length > 8 ? `${value.slice(0, 4)}…${value.slice(-4)}` : '…'}`);
}

/**
 * Push-only webhook groups (DingTalk and WeCom group robots): registered by a school admin with
 * /webhook or `npm run webhook`, each a group row `webhook:<n>` that the scheduler serves like any
 * class group, with its robot's URL and secret in webhook_groups and nowhere else.
 */
export class WebhookGroupService {
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly groupService: GroupService,
  ) {}

  /** Registers a class's robot as a new group, in `unitId` when given (for its alerts and boards). */
  add(className: string, audience: Audience, url: string, secret?: string, unitId?: string): AddResult {
    const kind = robotKind(url);
    if (!kind) return { kind: 'bad-url' };
    // WeCom's group robot has no signing: a secret given for it is a mistake worth saying.
    if (kind === 'wecom' && secret) return { kind: 'secret-unused' };
    if (this.find(className)) return { kind: 'taken' };
    return this.db.transaction(() => {
      const next = this.db.get<{ n: number }>(sql`select coalesce(max(cast(substr(id, 9) as integer)), 0) + 1 as n from groups where platform = 'webhook'`).n;
      const group = groupId('webhook', next);
      this.groupService.ensure({ id: group, kind: 'group', title: className });
      this.groupService.setup(group, { className, audience });
      if (unitId) this.db.update(groups).set({ unitId }).where(eq(groups.id, group)).run();
      this.db.insert(webhookGroups).values({ groupId: group, kind, url, secret: secret ?? null, createdAt: this.clock.now().getTime() }).run();
      return { kind: 'added', group, robot: kind };
    });
  }

  /** Forgets a class's robot: its credentials are deleted, the group's history stays (inactive). */
  remove(className: string): boolean {
    const found = this.find(className);
    if (!found) return false;
    this.db.transaction(() => {
      this.db.delete(webhookGroups).where(eq(webhookGroups.groupId, found)).run();
      this.groupService.removed(found, 'left');
    });
    return true;
  }

  list(): WebhookGroupListing[] {
    return this.db
      .select({ group: groups.id, className: groups.className, audience: groups.audience, kind: webhookGroups.kind, url: webhookGroups.url, secret: webhookGroups.secret })
      .from(webhookGroups)
      .innerJoin(groups, eq(groups.id, webhookGroups.groupId))
      .orderBy(groups.className)
      .all()
      .map((r) => ({ group: r.group, className: r.className ?? '', audience: r.audience, kind: r.kind, maskedUrl: maskUrl(r.url), signed: r.secret !== null }));
  }

  robot(group: GroupId): Robot | undefined {
    return this.db.select({ kind: webhookGroups.kind, url: webhookGroups.url, secret: webhookGroups.secret }).from(webhookGroups).where(eq(webhookGroups.groupId, group)).get();
  }

  private find(className: string): GroupId | undefined {
    return this.db
      .select({ id: webhookGroups.groupId })
      .from(webhookGroups)
      .innerJoin(groups, eq(groups.id, webhookGroups.groupId))
      .where(eq(groups.className, className))
      .get()?.id;
  }
}
