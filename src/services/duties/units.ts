import type { GroupId } from '../../core/ids.ts';
import type { Db } from '../../db/client.ts';

/**
 * The unit tree as the duties need it, read straight from the schema (`units.parent_id`,
 * `groups.unit_id`); the roles/units service of the report branch may take these over.
 */
export class UnitTree {
  private readonly statements;

  constructor(db: Db) {
    const sqlite = db.$client;
    this.statements = {
      name: sqlite.prepare('select name from units where id = ?').pluck(),
      // The unit and every unit below it, then their active, set-up groups.
      groups: sqlite
        .prepare(
          `with recursive tree(id) as (select id from units where id = ? union select u.id from units u join tree t on u.parent_id = t.id)
           select g.id from groups g join tree t on g.unit_id = t.id where g.active = 1 and g.setup_at is not null order by g.id`,
        )
        .pluck(),
      // Walks up from a unit to the root (a parent cycle stops at the depth limit).
      root: sqlite
        .prepare(
          `with recursive up(id, parent_id, depth) as (select id, parent_id, 0 from units where id = ?
             union all select u.id, u.parent_id, up.depth + 1 from units u join up on u.id = up.parent_id where up.depth < 32)
           select id from up order by depth desc limit 1`,
        )
        .pluck(),
    };
  }

  /** The unit's name, or undefined when there is no such unit. */
  name(unitId: string): string | undefined {
    return this.statements.name.get(unitId) as string | undefined;
  }

  /** The active, set-up groups of a unit and of all its sub-units. */
  groupsOf(unitId: string): GroupId[] {
    return this.statements.groups.all(unitId) as GroupId[];
  }

  /** The root of a unit's tree: its school. */
  rootOf(unitId: string): string | undefined {
    return this.statements.root.get(unitId) as string | undefined;
  }
}
