import { createHash, randomInt } from 'node:crypto';
import { and, asc, eq, isNull, notInArray } from 'drizzle-orm';
import type { Clock } from '../core/clock.ts';
import { memberId, splitId, type GroupId, type MemberId } from '../core/ids.ts';
import type { Db } from '../db/client.ts';
import { classListEntries } from '../db/school-records.ts';
import type { ClassListRow } from './class-list-file.ts';

export interface ImportResult {
  listed: number;
  added: number;
  updated: number;
  removed: number;
  /** Entries matched to a member by platform id. */
  bound: number;
  /** The one-time codes of the entries not bound yet, for the advisor to hand out. */
  codes: { name: string; code: string }[];
}

export interface ClassListEntry {
  name: string;
  member: MemberId | null;
  code: string | null;
}

/** Without 0/O, 1/I/L: a code read out or copied from paper is typed right. */
const CODE_ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';
const CODE_LENGTH = 6;

/**
 * Class lists (花名册): the students a class should have, imported whole from a file (CSV or XLSX,
 * src/services/class-list-file.ts), bound to platform members by their platform id or by the
 * one-time code each student sends with /bind. Where a class has a list, its member rates divide
 * by it (src/db/ledger/tables.ts, memberBase). docs/design.md, Class lists.
 */
export class ClassListService {
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    /** Whether the school keeps student numbers (CLASS_LIST_STUDENT_NUMBERS); else only a hash of each. */
    private readonly keepStudentNumbers: boolean,
  ) {}

  /**
   * The group's list becomes the file's: entries found again (by student number) are renamed,
   * new ones added with a code, and those no longer in the file removed, bindings kept.
   */
  import(group: GroupId, rows: ClassListRow[]): ImportResult {
    const now = this.clock.now().getTime();
    const platform = splitId(group).platform;
    return this.db.transaction((tx) => {
      const existing = new Map(tx.select().from(classListEntries).where(eq(classListEntries.groupId, group)).all().map((e) => [e.refHash, e]));
      const result: ImportResult = { listed: rows.length, added: 0, updated: 0, removed: 0, bound: 0, codes: [] };
      const hashes: string[] = [];
      for (const row of rows) {
        const refHash = hashRef(group, row.ref);
        hashes.push(refHash);
        const member = row.platformId ? memberId(platform, row.platformId) : null;
        const before = existing.get(refHash);
        const studentNo = this.keepStudentNumbers ? row.ref : null;
        if (before) {
          const bind = member && before.memberId !== member ? { memberId: member, boundAt: now, bindCode: null } : {};
          tx.update(classListEntries).set({ name: row.name, studentNo, ...bind }).where(eq(classListEntries.id, before.id)).run();
          result.updated++;
          if ('memberId' in bind) result.bound++;
        } else {
          const code = member ? null : this.freshCode();
          tx.insert(classListEntries).values({ groupId: group, refHash, studentNo, name: row.name, memberId: member, bindCode: code, importedAt: now, boundAt: member ? now : null }).run();
          result.added++;
          if (member) result.bound++;
        }
      }
      result.removed = tx.delete(classListEntries).where(and(eq(classListEntries.groupId, group), notInArray(classListEntries.refHash, hashes.length ? hashes : ['']))).run().changes;
      result.codes = tx
        .select({ name: classListEntries.name, code: classListEntries.bindCode })
        .from(classListEntries)
        .where(and(eq(classListEntries.groupId, group), isNull(classListEntries.memberId)))
        .orderBy(asc(classListEntries.name))
        .all()
        .map((e) => ({ name: e.name, code: e.code! }));
      return result;
    });
  }

  /** Binds the entry of a one-time code to the member; the code is used up. Undefined for an unknown code. */
  bind(member: MemberId, code: string): { group: GroupId; name: string } | undefined {
    const entry = this.db.select().from(classListEntries).where(eq(classListEntries.bindCode, code.trim().toUpperCase())).get();
    if (!entry || splitId(entry.groupId).platform !== splitId(member).platform) return undefined;
    const done = this.db
      .update(classListEntries)
      .set({ memberId: member, boundAt: this.clock.now().getTime(), bindCode: null })
      .where(and(eq(classListEntries.id, entry.id), eq(classListEntries.bindCode, entry.bindCode!)))
      .run();
    return done.changes === 1 ? { group: entry.groupId, name: entry.name } : undefined;
  }

  /** The group's list in name order, for its advisor only. */
  entries(group: GroupId): ClassListEntry[] {
    return this.db
      .select({ name: classListEntries.name, member: classListEntries.memberId, code: classListEntries.bindCode })
      .from(classListEntries)
      .where(eq(classListEntries.groupId, group))
      .orderBy(asc(classListEntries.name), asc(classListEntries.id))
      .all();
  }

  /** A code no entry holds (a clash, one in hundreds of millions, draws again); the one connection sees the import's own writes. */
  private freshCode(): string {
    for (;;) {
      const code = Array.from({ length: CODE_LENGTH }, () => CODE_ALPHABET[randomInt(CODE_ALPHABET.length)]).join('');
      if (!this.db.select({ id: classListEntries.id }).from(classListEntries).where(eq(classListEntries.bindCode, code)).get()) return code;
    }
  }
}

/** The student number kept as a hash within its class: enough to find the entry again, not to read it back. */
function hashRef(group: GroupId, ref: string): string {
  return createHash('sha256').update(`${group}\u0000${ref}`).digest('hex').slice(0, 32);
}
