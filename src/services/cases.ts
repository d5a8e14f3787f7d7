import { and, asc, eq, gte, lte } from 'drizzle-orm';
import type { Clock } from '../core/clock.ts';
import type { GroupId, MemberId } from '../core/ids.ts';
import { isCalendarDate } from '../core/time.ts';
import type { Db } from '../db/client.ts';
import { fraudCases } from '../db/school-records.ts';
import type { DayRange } from './periods.ts';
import { UNIT_TREE } from './units.ts';

export type FraudCase = typeof fraudCases.$inferSelect;
export type AmountBand = FraudCase['amountBand'];
export type ReportedVia = FraudCase['reportedVia'];
export type StopPayment = FraudCase['stopPayment'];

/** The words a case's fields may be written in (zh or en), as the chat command and the CLI take them. */
export const AMOUNT_WORDS: Record<string, AmountBand> = {
  none: 'none', 无: 'none', 未损失: 'none', lt1k: 'lt1k', '<1千': 'lt1k', '1千以下': 'lt1k', '1k-10k': '1k-10k', '1千-1万': '1k-10k',
  '10k-50k': '10k-50k', '1万-5万': '10k-50k', '50k-100k': '50k-100k', '5万-10万': '50k-100k', ge100k: 'ge100k', '10万以上': 'ge100k',
};
export const VIA_WORDS: Record<string, ReportedVia> = { '110': '110', '96110': '96110', school: 'school', 学校: 'school', 保卫处: 'school', app: 'app', 国家反诈中心app: 'app', other: 'other', 其他: 'other' };
export const STOP_WORDS: Record<string, StopPayment> = { succeeded: 'succeeded', 成功: 'succeeded', 止付成功: 'succeeded', failed: 'failed', 失败: 'failed', 止付失败: 'failed', 'not-tried': 'not-tried', 未止付: 'not-tried' };

/** Long digit runs in a note would be a phone, ID card or bank card number: refused. */
const NUMBER_RUN = /\d[\d\s-]{5,}\d/;
export const NOTE_MAX = 120;

export interface CaseInput {
  day: string;
  unitId: string;
  groupId: GroupId | null;
  typeId: string;
  amountBand: AmountBand;
  reportedVia: ReportedVia;
  stopPayment: StopPayment;
  note: string | null;
}

/** Why a case was refused: which field, for the caller to word. */
export class CaseInputError extends Error {
  constructor(readonly field: 'day' | 'where' | 'type' | 'amount' | 'via' | 'stop' | 'note') {
    super(`bad ${field}`);
  }
}

/**
 * The words of `add`: `<date> <unit or class> <type> <amount> <how reported> <止付> [note…]`.
 * `where` finds the unit (and the class group) of the second word; `type` the fraud type id.
 */
export function parseCaseWords(words: string[], where: (word: string) => { unitId: string; groupId: GroupId | null } | undefined, type: (word: string) => string | undefined): CaseInput {
  const [day = '', place = '', typeWord = '', amount = '', via = '', stop = '', ...rest] = words;
  if (!isCalendarDate(day)) throw new CaseInputError('day');
  const found = where(place);
  if (!found) throw new CaseInputError('where');
  const typeId = type(typeWord);
  if (!typeId) throw new CaseInputError('type');
  const amountBand = AMOUNT_WORDS[amount.toLowerCase()];
  if (!amountBand) throw new CaseInputError('amount');
  const reportedVia = VIA_WORDS[via.toLowerCase()];
  if (!reportedVia) throw new CaseInputError('via');
  const stopPayment = STOP_WORDS[stop.toLowerCase()];
  if (!stopPayment) throw new CaseInputError('stop');
  const note = rest.join(' ').trim();
  if (note.length > NOTE_MAX || NUMBER_RUN.test(note)) throw new CaseInputError('note');
  return { day, ...found, typeId, amountBand, reportedVia, stopPayment, note: note || null };
}

/** The cases of a scope over days: how many, by type, and how 紧急止付 went. */
export interface CaseSummary {
  total: number;
  byType: Map<string, number>;
  stopSucceeded: number;
  byGroup: Map<GroupId, number>;
}

/** The case ledger (台账): recorded by school admins, counted in the unit reports. docs/design.md, Case ledger. */
export class CaseService {
  private readonly inUnit;

  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
  ) {
    this.inUnit = db.$client.prepare(
      `${UNIT_TREE} select c.type_id as typeId, c.group_id as groupId, c.stop_payment as stop from fraud_cases c
        where c.unit_id in (select id from down) and c.day between @from and @to`,
    );
  }

  add(input: CaseInput, by: MemberId): FraudCase {
    return this.db.insert(fraudCases).values({ ...input, createdBy: by, createdAt: this.clock.now().getTime() }).returning().get();
  }

  get(id: number): FraudCase | undefined {
    return this.db.select().from(fraudCases).where(eq(fraudCases.id, id)).get();
  }

  /** The cases, oldest first, of one unit (exactly) or all, over days. */
  list(opts: { unitId?: string; from?: string; to?: string } = {}): FraudCase[] {
    const where = [
      opts.unitId ? eq(fraudCases.unitId, opts.unitId) : undefined,
      opts.from ? gte(fraudCases.day, opts.from) : undefined,
      opts.to ? lte(fraudCases.day, opts.to) : undefined,
    ].filter((c) => c !== undefined);
    return this.db.select().from(fraudCases).where(and(...where)).orderBy(asc(fraudCases.day), asc(fraudCases.id)).all();
  }

  setAlert(id: number, alertId: number): void {
    this.db.update(fraudCases).set({ alertId }).where(eq(fraudCases.id, id)).run();
  }

  /** A unit's cases (and those of every unit below it) over days. */
  summary(unitId: string, days: DayRange): CaseSummary {
    const rows = this.inUnit.all({ unit: unitId, ...days }) as { typeId: string; groupId: GroupId | null; stop: StopPayment }[];
    const summary: CaseSummary = { total: rows.length, byType: new Map(), stopSucceeded: 0, byGroup: new Map() };
    for (const r of rows) {
      summary.byType.set(r.typeId, (summary.byType.get(r.typeId) ?? 0) + 1);
      if (r.stop === 'succeeded') summary.stopSucceeded++;
      if (r.groupId) summary.byGroup.set(r.groupId, (summary.byGroup.get(r.groupId) ?? 0) + 1);
    }
    return summary;
  }
}
