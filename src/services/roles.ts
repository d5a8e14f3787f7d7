import { and, eq, inArray } from 'drizzle-orm';
import type { Clock } from '../core/clock.ts';
import type { Context, CoreServices } from '../core/context.ts';
import { isNamespacedId, memberId, splitId, type GroupId, type MemberId } from '../core/ids.ts';
import type { Config } from '../config.ts';
import type { Db } from '../db/client.ts';
import { groupMembers, groups, members, roles } from '../db/schema.ts';
import { AdvisorFlags } from './advisor-flags.ts';
import type { GroupService } from './groups.ts';
import type { UnitService } from './units.ts';

export type Scope = { kind: 'group'; id: GroupId } | { kind: 'unit'; id: string };

/**
 * What a member advises, for the web console: everything (a school admin), or the units granted
 * with every unit below them, and the groups granted or administered on the platform.
 */
export interface AdvisedScope {
  school: boolean;
  units: ReadonlySet<string>;
  groups: ReadonlySet<GroupId>;
}

/** Whether a scope takes in a group: a school admin's every group, the groups granted or administered, those in the units. */
export function canSeeGroup(scope: AdvisedScope, group: { id: GroupId; unitId: string | null }): boolean {
  return scope.school || scope.groups.has(group.id) || (group.unitId !== null && scope.units.has(group.unitId));
}

export interface RosterMember {
  id: MemberId;
  name: string;
}

/**
 * Who advises what. A group's advisors are its platform admins, the school admins (ADMIN_IDS),
 * and whoever was granted the role (/grant) on the group or on any unit above it. A unit's
 * advisors are the school admins and those granted the role on it or on a unit above it.
 */
export class RoleService {
  /** The roster's flags of who advises where, which the member rates leave out. */
  private readonly flags: AdvisorFlags;

  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly config: Config,
    private readonly units: UnitService,
  ) {
    this.flags = new AdvisorFlags(db, config.ADMIN_IDS);
    units.onChange(() => this.flags.sync());
  }

  /** Brings every roster row's advisor flag up to date: at start, since ADMIN_IDS may have changed. */
  syncAdvisorFlags(): void {
    this.flags.sync();
  }

  /** A member seen in a group's roster: a role holder's new row gets its advisor flag. */
  seen(group: GroupId, member: MemberId): void {
    this.flags.seen(group, member);
  }

  isSchoolAdmin(member: MemberId): boolean {
    return this.config.ADMIN_IDS.includes(member);
  }

  /** A granted role on the group, or on its unit or any unit above it (platform admins aside). */
  granted(member: MemberId, group: GroupId, unitId: string | null): boolean {
    if (this.has(member, { kind: 'group', id: group })) return true;
    return unitId !== null && this.hasOnUnitOrAbove(member, unitId);
  }

  advisesUnit(member: MemberId, unitId: string): boolean {
    return this.isSchoolAdmin(member) || this.hasOnUnitOrAbove(member, unitId);
  }

  /**
   * Whom to tell privately about a group (a member's follow-up, the meeting kit): the roster's
   * platform admins and the advisors granted on the group or a unit above it. School admins are
   * left out; they would otherwise get every class's messages.
   */
  advisorsOf(group: GroupId): MemberId[] {
    const unitId = this.db.select({ unitId: groups.unitId }).from(groups).where(eq(groups.id, group)).get()?.unitId ?? null;
    const admins = this.db
      .select({ id: groupMembers.memberId })
      .from(groupMembers)
      .where(and(eq(groupMembers.groupId, group), eq(groupMembers.isAdmin, true), eq(groupMembers.active, true)))
      .all();
    const granted = this.db
      .select({ id: roles.memberId })
      .from(roles)
      .where(and(eq(roles.scopeKind, 'group'), eq(roles.scopeId, group)))
      .all();
    const chain = unitId === null ? [] : this.units.ancestors(unitId);
    const above = chain.length
      ? this.db.select({ id: roles.memberId }).from(roles).where(and(eq(roles.scopeKind, 'unit'), inArray(roles.scopeId, chain))).all()
      : [];
    return [...new Set([...admins, ...granted, ...above].map((r) => r.id))];
  }

  advisedScope(member: MemberId): AdvisedScope {
    if (this.isSchoolAdmin(member)) return { school: true, units: new Set(), groups: new Set() };
    const granted = this.db.select({ kind: roles.scopeKind, id: roles.scopeId }).from(roles).where(eq(roles.memberId, member)).all();
    const grantedUnits = new Set(granted.filter((r) => r.kind === 'unit').map((r) => r.id));
    const units = new Set(this.units.list().filter((u) => this.units.ancestors(u.id).some((a) => grantedUnits.has(a))).map((u) => u.id));
    const administered = this.db
      .select({ id: groupMembers.groupId })
      .from(groupMembers)
      .where(and(eq(groupMembers.memberId, member), eq(groupMembers.isAdmin, true), eq(groupMembers.active, true)))
      .all();
    const inUnits = units.size
      ? this.db.select({ id: groups.id }).from(groups).where(inArray(groups.unitId, [...units])).all()
      : [];
    const ids = [...granted.filter((r) => r.kind === 'group').map((r) => r.id as GroupId), ...administered.map((r) => r.id), ...inUnits.map((r) => r.id)];
    return { school: false, units, groups: new Set(ids) };
  }

  grant(member: MemberId, scope: Scope, by: MemberId): void {
    this.db
      .insert(roles)
      .values({ memberId: member, scopeKind: scope.kind, scopeId: scope.id, grantedBy: by, at: this.clock.now().getTime() })
      .onConflictDoNothing()
      .run();
    this.flags.sync({ member });
  }

  /** False when there was no such role. */
  revoke(member: MemberId, scope: Scope): boolean {
    const revoked =
      this.db
        .delete(roles)
        .where(and(eq(roles.memberId, member), eq(roles.scopeKind, scope.kind), eq(roles.scopeId, scope.id)))
        .run().changes > 0;
    this.flags.sync({ member });
    return revoked;
  }

  /**
   * A member of the group's roster named by `who`: a namespaced id, the platform's own id, or
   * the display name (with or without @) when exactly one active member has it.
   */
  findInRoster(group: GroupId, who: string): RosterMember | undefined {
    const word = who.trim().replace(/^@/, '');
    if (!word) return undefined;
    const byId = isNamespacedId(word) ? (word as MemberId) : memberId(splitId(group).platform, word);
    const rows = this.db
      .select({ id: members.id, name: members.displayName })
      .from(groupMembers)
      .innerJoin(members, eq(members.id, groupMembers.memberId))
      .where(and(eq(groupMembers.groupId, group), eq(groupMembers.active, true)))
      .all();
    const exact = rows.find((r) => r.id === byId);
    if (exact) return exact;
    const named = rows.filter((r) => r.name === word);
    return named.length === 1 ? named[0] : undefined;
  }

  private has(member: MemberId, scope: Scope): boolean {
    return (
      this.db
        .select({ m: roles.memberId })
        .from(roles)
        .where(and(eq(roles.memberId, member), eq(roles.scopeKind, scope.kind), eq(roles.scopeId, scope.id)))
        .get() !== undefined
    );
  }

  private hasOnUnitOrAbove(member: MemberId, unitId: string): boolean {
    const chain = this.units.ancestors(unitId);
    if (chain.length === 0) return false;
    return (
      this.db
        .select({ m: roles.memberId })
        .from(roles)
        .where(and(eq(roles.memberId, member), eq(roles.scopeKind, 'unit'), inArray(roles.scopeId, chain)))
        .get() !== undefined
    );
  }
}

/** Whether the sender advises this chat's group: a platform or school admin, or a granted advisor. */
export async function senderAdvisesGroup(ctx: Context<CoreServices & { groups: GroupService; roles: RoleService }>): Promise<boolean> {
  if (ctx.isPrivate || !ctx.from) return false;
  if (await ctx.senderIsAdmin()) return true;
  const group = ctx.services.groups.get(ctx.chat.id);
  return ctx.services.roles.granted(ctx.from.id, ctx.chat.id, group?.unitId ?? null);
}
