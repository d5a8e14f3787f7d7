import type Database from 'better-sqlite3';
import type { GroupId, MemberId } from '../core/ids.ts';
import type { Db } from '../db/client.ts';

/** Which roster rows to bring up to date. */
export type FlagScope = { all: true } | { member: MemberId };

/**
 * Keeps `group_members.granted`: whether a member advises a group by a role the platform does not
 * know of, granted (/grant) on the group or on a unit above it, or as a school admin. The report
 * ledger's triggers read the flag to leave advisors out of the member rates, and move the counts
 * when it flips (docs/design.md, Report figures). A row is written only when its flag changes.
 */
export class AdvisorFlags {
  private readonly statements: Record<'all' | 'member' | 'row', Database.Statement>;
  private readonly roleHolders: Database.Statement<[], MemberId>;
  /** Role holders and school admins: the only members whose new roster rows may need the flag. */
  private holders: Set<string> | undefined;
  /** Roster rows already brought up to date since the roles last changed. */
  private readonly checked = new Set<string>();

  /** ADMIN_IDS as the statements take them. */
  private readonly admins: string;

  constructor(
    db: Db,
    /** ADMIN_IDS. */
    private readonly schoolAdmins: readonly string[],
  ) {
    this.admins = JSON.stringify(schoolAdmins);
    const update = (where: string) =>
      db.$client.prepare(
        `with recursive below(unit_id, above) as (
            select id, id from units
            union select u.id, b.above from units u join below b on u.parent_id = b.unit_id
          ),
          advises(group_id, member_id) as (
            select scope_id, member_id from roles where scope_kind = 'group'
            union select g.id, r.member_id from roles r
              join below b on r.scope_kind = 'unit' and b.above = r.scope_id
              join groups g on g.unit_id = b.unit_id
          )
         update group_members set granted = not granted
          where ${where} and granted != ((group_id, member_id) in (select group_id, member_id from advises) or member_id in (select value from json_each(@admins)))`,
      );
    this.statements = { all: update('1'), member: update('member_id = @member'), row: update('group_id = @group and member_id = @member') };
    this.roleHolders = db.$client.prepare<[], MemberId>('select distinct member_id from roles').pluck();
  }

  /** After roles, units or a group's unit changed (at start too, for ADMIN_IDS): brings the scope's rows up to date. */
  sync(scope: FlagScope = { all: true }): void {
    if ('member' in scope) this.statements.member.run({ member: scope.member, admins: this.admins });
    else this.statements.all.run({ admins: this.admins });
    this.holders = undefined;
    this.checked.clear();
  }

  /**
   * A member seen in a group: their row may be new, and a role holder's new row needs the flag.
   * Costs a set lookup for everyone else, so the roster's hot path stays a single upsert.
   */
  seen(group: GroupId, member: MemberId): void {
    this.holders ??= new Set([...this.roleHolders.all(), ...this.schoolAdmins]);
    if (!this.holders.has(member)) return;
    const key = `${group}\u0000${member}`;
    if (this.checked.has(key)) return;
    this.statements.row.run({ group, member, admins: this.admins });
    this.checked.add(key);
  }
}
