import { asc, eq, sql } from 'drizzle-orm';
import type { Clock } from '../core/clock.ts';
import type { GroupId } from '../core/ids.ts';
import type { Db } from '../db/client.ts';
import { groups, units } from '../db/schema.ts';

export type Unit = typeof units.$inferSelect;
export type UnitKind = Unit['kind'];

/** The CTE `down(id, depth)`: the unit @unit and every unit below it (32 levels at most, should a cycle slip in). */
export const UNIT_TREE = `with recursive down(id, depth) as (select id, 0 from units where id = @unit
  union all select u.id, down.depth + 1 from units u join down on u.parent_id = down.id where down.depth < 32)`;

/** The school's units (学校 → 学院 → 班级) and which groups belong to which unit. */
export class UnitService {
  /** Prepared once: units are asked for on every /report and role check. */
  private readonly statements;
  /**
   * The units, read again whenever this connection or another has written anything since (a few
   * rows: cheaper than a lookup per question, and no page reads when nothing changed).
   */
  private cache: { version: string; byId: Map<string, Unit>; parents: Set<string> } | undefined;
  /** Told when the tree or a group's unit changes (who advises a group follows both). */
  private readonly listeners: (() => void)[] = [];

  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
  ) {
    this.statements = {
      version: db.$client.prepare(`select total_changes() || '|' || data_version from pragma_data_version()`).pluck(),
      all: db.select().from(units).prepare(),
      activeGroups: db.$client
        .prepare<{ unit: string }, GroupId>(
          `${UNIT_TREE} select g.id from groups g join down on g.unit_id = down.id where g.active = 1 and g.setup_at is not null order by g.id`,
        )
        .pluck(),
    };
  }

  private units(): NonNullable<UnitService['cache']> {
    const version = this.statements.version.get() as string;
    if (this.cache?.version !== version) {
      const all = this.statements.all.all();
      this.cache = { version, byId: new Map(all.map((u) => [u.id, u])), parents: new Set(all.flatMap((u) => (u.parentId ? [u.parentId] : []))) };
    }
    return this.cache;
  }

  get(id: string): Unit | undefined {
    return this.units().byId.get(id);
  }

  list(): Unit[] {
    return this.db.select().from(units).orderBy(asc(units.id)).all();
  }

  /** Creates or renames a unit. */
  save(unit: { id: string; name: string; kind: UnitKind; parentId: string | null }): Unit {
    const now = this.clock.now().getTime();
    this.db
      .insert(units)
      .values({ ...unit, createdAt: now })
      .onConflictDoUpdate({ target: units.id, set: { name: unit.name, kind: unit.kind, parentId: unit.parentId } })
      .run();
    this.changed();
    return this.get(unit.id)!;
  }

  assign(group: GroupId, unitId: string | null): void {
    this.db.update(groups).set({ unitId, updatedAt: this.clock.now().getTime() }).where(eq(groups.id, group)).run();
    this.changed();
  }

  onChange(listener: () => void): void {
    this.listeners.push(listener);
  }

  private changed(): void {
    for (const listener of this.listeners) listener();
  }

  /** Whether any unit lies below this one. */
  hasSubunits(id: string): boolean {
    return this.units().parents.has(id);
  }

  /** The unit and every unit above it, nearest first (32 levels at most, should a cycle slip in). */
  ancestors(id: string): string[] {
    const { byId } = this.units();
    const chain: string[] = [];
    for (let unit = byId.get(id); unit && chain.length <= 32; unit = unit.parentId ? byId.get(unit.parentId) : undefined) chain.push(unit.id);
    return chain;
  }

  /** The root of a unit's tree: its school. */
  rootOf(id: string): string | undefined {
    return this.ancestors(id).at(-1);
  }

  /** The active, set-up groups of a unit and of every unit below it (an alert's audience). */
  activeGroupsOf(id: string): GroupId[] {
    return this.statements.activeGroups.all({ unit: id });
  }

  /** How many groups each unit holds directly, for the list. */
  groupCounts(): Map<string, number> {
    const rows = this.db
      .select({ unitId: groups.unitId, n: sql<number>`count(*)` })
      .from(groups)
      .groupBy(groups.unitId)
      .all();
    return new Map(rows.filter((r) => r.unitId !== null).map((r) => [r.unitId!, r.n]));
  }
}
