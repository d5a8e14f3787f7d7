/**
 * A tally: counters that are a sum over the rows of a join, declared once (declarations.ts) and
 * kept by triggers derived from the declaration. Each trigger binds one table of the join to the
 * row being written (NEW or OLD) and adds that row's share; an update takes the old share off and
 * adds the new one. The same declaration, with every table read as a table, files a group's
 * history again (ReportDays) or counts a tally afresh (a migration adding a counter).
 */

/** What each alias of a tally stands for in one statement: the alias itself (a table), NEW or OLD. */
export type Refs<A extends string> = Record<A, string>;

/** A table a tally reads, and the writes to it that move the tally (none: it is only looked up). */
export interface Source {
  table: string;
  insert?: boolean;
  delete?: boolean;
  /** Columns whose update moves the tally. Not a group id: its change cascades to the ledger as well. */
  update?: readonly string[];
  /** The primary key, for a table of `once`: to tell the row being written from the others. */
  key?: readonly string[];
}

export interface Target {
  table: string;
  /** 'upsert': rows the tally creates (ledger tables); 'update': rows that exist (a count on a source row). */
  rows: 'upsert' | 'update';
}

/** Filing by the group's local day: the tally joins `groups g` on `group`, and its key may use the day of `at`. */
export interface Filing<A extends string> {
  group: (r: Refs<A>) => string;
  at: (r: Refs<A>) => string;
}

export interface Tally<A extends string = string, B extends string = never> {
  /** Names its triggers: `<table>_<name>_<event>`. */
  name: string;
  into: Target;
  from: Record<A, Source>;
  /** The conditions a row of the join counts under (joins included), ANDed. */
  where: (r: Refs<NoInfer<A>>) => string[];
  filed?: Filing<NoInfer<A>>;
  /** The target's key columns and their values (`g` is the group, `day` the local day, when filed). */
  key: (r: Refs<NoInfer<A> | 'g'>, day: string) => Record<string, string>;
  /** The target's counters and what a row adds to each. */
  adds: (r: Refs<NoInfer<A>>) => Record<string, string>;
  /** Counted once when any rows of these tables match, however many. */
  once?: { from: Record<B, Source>; where: (r: Refs<NoInfer<A | B>>) => string[] };
}

export type AnyTally = Tally<string, string>;

export interface Trigger {
  name: string;
  sql: string;
}

/** A tally as one row of its join sees it: refs for every alias, the tables in FROM, the conditions. */
interface Binding {
  refs: Record<string, string>;
  from: string[];
  where: string[];
}

const MARK = '\u0001';

/** The tally read with `bound` standing for NEW or OLD (or with no table bound). */
function bind(t: AnyTally, bound?: { alias: string; row: 'NEW' | 'OLD' }, offset?: string): Binding & { day: string } {
  const once = t.once;
  const inOnce = bound !== undefined && once !== undefined && bound.alias in once.from;
  const refs: Record<string, string> = { g: 'g' };
  for (const a of [...Object.keys(t.from), ...Object.keys(once?.from ?? {})]) refs[a] = a === bound?.alias ? bound.row : a;
  const tables = (from: Record<string, Source>, rename = (a: string) => a) =>
    Object.entries(from).filter(([a]) => a !== bound?.alias).map(([a, s]) => `${s.table} ${rename(a)}`);
  const from = tables(t.from);
  const where = t.where(refs);
  if (t.filed) {
    from.push('groups g');
    where.push(`g.id = ${t.filed.group(refs)}`);
  }
  if (once && !inOnce) {
    where.push(`EXISTS (SELECT 1 FROM ${tables(once.from).join(', ')} WHERE ${once.where(refs).join(' AND ')})`);
  } else if (once && bound) {
    // The row written counts only when it is the first of its matches (insert) or was the last (delete).
    from.push(...tables(once.from));
    where.push(...once.where(refs));
    const others: Record<string, string> = { ...refs };
    for (const a of Object.keys(once.from)) others[a] = `${a}_other`;
    const self = once.from[bound.alias]!.key!.map((c) => `${others[bound.alias]}.${c} = ${bound.row}.${c}`).join(' AND ');
    const otherTables = Object.entries(once.from).map(([a, s]) => `${s.table} ${a}_other`);
    where.push(`NOT EXISTS (SELECT 1 FROM ${otherTables.join(', ')} WHERE ${once.where(others).join(' AND ')} AND NOT (${self}))`);
  }
  const day = t.filed ? `date(${t.filed.at(refs)} / 1000 + ${offset ?? 'g.utc_offset'} * 60, 'unixepoch')` : '';
  return { refs, from, where, day };
}

/** The conditions of `t` that read only the bound row (they can go in the trigger's WHEN). */
function rowOnly(t: AnyTally, alias: string, row: 'NEW' | 'OLD'): string[] {
  const refs: Record<string, string> = { g: MARK };
  for (const a of [...Object.keys(t.from), ...Object.keys(t.once?.from ?? {})]) refs[a] = a === alias ? row : MARK;
  return t.where(refs).filter((c) => !c.includes(MARK));
}

const neg = (e: string) => (e === '1' ? '-1' : `-(${e})`);

/** The select of one row's share (sign -1: taken off). */
function share(t: AnyTally, b: Binding & { day: string }, sign: 1 | -1, skip: string[] = []): string {
  const cols = [
    ...Object.entries(t.key(b.refs, b.day)),
    ...Object.entries(t.adds(b.refs)).map(([c, e]): [string, string] => [c, sign < 0 ? neg(e) : e]),
  ];
  const where = b.where.filter((c) => !skip.includes(c));
  return `SELECT ${cols.map(([c, e]) => `${e} AS ${c}`).join(', ')}${b.from.length ? ` FROM ${b.from.join(', ')}` : ''} WHERE ${where.join(' AND ') || 'true'}`;
}

/** The shares of `selects` summed per key (an update's old and new share on the same key make one change). */
function summed(t: AnyTally, selects: string[]): string {
  const keys = Object.keys(t.key(bind(t).refs, 'day'));
  const counters = Object.keys(t.adds(bind(t).refs));
  return `SELECT ${keys.join(', ')}, ${counters.map((c) => `sum(${c}) AS ${c}`).join(', ')} FROM (${selects.join(' UNION ALL ')}) WHERE true
    GROUP BY ${keys.join(', ')} HAVING ${counters.map((c) => `sum(${c}) <> 0`).join(' OR ')}`;
}

/** Adds the rows of `select` (keys and counters) to the target. */
function apply(t: AnyTally, select: string): string {
  const keys = Object.keys(t.key(bind(t).refs, 'day'));
  const counters = Object.keys(t.adds(bind(t).refs));
  const table = t.into.table;
  if (t.into.rows === 'upsert') {
    return `INSERT INTO ${table} (${[...keys, ...counters].join(', ')})
    ${select}
    ON CONFLICT (${keys.join(', ')}) DO UPDATE SET ${counters.map((c) => `${c} = ${c} + excluded.${c}`).join(', ')}`;
  }
  return `UPDATE ${table} SET ${counters.map((c) => `${c} = ${table}.${c} + x.${c}`).join(', ')}
    FROM (${select}) AS x WHERE ${keys.map((k) => `${table}.${k} = x.${k}`).join(' AND ')}`;
}

const create = (name: string, event: string, table: string, when: string[], body: string): Trigger => ({
  name,
  sql: `CREATE TRIGGER ${name} AFTER ${event} ON ${table}${when.length ? `\n  WHEN ${when.join(' AND ')}` : ''} BEGIN\n  ${body};\nEND`,
});

/** The triggers that keep `t`: one per table of its join and write that moves it. */
export function tallyTriggers(t: AnyTally): Trigger[] {
  const triggers: Trigger[] = [];
  const sources = { ...t.from, ...(t.once?.from ?? {}) } as Record<string, Source>;
  for (const [alias, s] of Object.entries(sources)) {
    const name = (event: string) => `${s.table}_${t.name}_${event}`;
    for (const [event, row, sign] of [['insert', 'NEW', 1], ['delete', 'OLD', -1]] as const) {
      if (!s[event]) continue;
      const when = rowOnly(t, alias, row);
      const select = share(t, bind(t, { alias, row }), sign, when);
      // Rows that exist take one change each: the shares on one key summed first.
      triggers.push(create(name(event), event.toUpperCase(), s.table, when, apply(t, t.into.rows === 'update' ? summed(t, [select]) : select)));
    }
    if (s.update?.length) {
      const changed = s.update.map((c) => `NEW.${c} IS NOT OLD.${c}`).join(' OR ');
      const [before, after] = [rowOnly(t, alias, 'OLD'), rowOnly(t, alias, 'NEW')];
      const counts = before.length ? [`((${before.join(' AND ')}) OR (${after.join(' AND ')}))`] : [];
      const body = apply(t, summed(t, [share(t, bind(t, { alias, row: 'OLD' }), -1), share(t, bind(t, { alias, row: 'NEW' }), 1)]));
      triggers.push(create(name('update'), `UPDATE OF ${s.update.join(', ')}`, s.table, [`(${changed})`, ...counts], body));
    }
  }
  return triggers;
}

/** Files one group's share of a filed tally again (:group, under :offset), on rows its table's refiling emptied. */
export function refileStatement(t: AnyTally): string {
  const b = bind(t, undefined, ':offset');
  b.where.push(`g.id = :group`, `${t.filed!.group(b.refs)} = :group`);
  const keys = Object.keys(t.key(b.refs, b.day));
  const sums = Object.entries(t.adds(b.refs)).map(([c, e]) => `sum(${e}) AS ${c}`);
  const select = `SELECT ${Object.entries(t.key(b.refs, b.day)).map(([c, e]) => `${e} AS ${c}`).join(', ')}, ${sums.join(', ')}
    FROM ${b.from.join(', ')} WHERE ${b.where.join(' AND ')} GROUP BY ${keys.map((_, i) => i + 1).join(', ')}`;
  return apply(t, select);
}

/** Counts a tally afresh over every row (for a migration that adds or changes one): its counters zeroed, then summed. */
export function recountStatements(t: AnyTally): string[] {
  const b = bind(t);
  const counters = Object.keys(t.adds(b.refs));
  const keys = Object.keys(t.key(b.refs, b.day));
  const select = `SELECT ${Object.entries(t.key(b.refs, b.day)).map(([c, e]) => `${e} AS ${c}`).join(', ')},
    ${Object.entries(t.adds(b.refs)).map(([c, e]) => `sum(${e}) AS ${c}`).join(', ')}
    FROM ${b.from.join(', ')} WHERE ${b.where.join(' AND ') || 'true'} GROUP BY ${keys.map((_, i) => i + 1).join(', ')}`;
  return [`UPDATE ${t.into.table} SET ${counters.map((c) => `${c} = 0`).join(', ')}`, apply(t, select)];
}
