/**
 * `npm run -s cases -- add|list|export …`: the case ledger (台账) from the command line, as school
 * admins keep it with /case in a private chat. USAGE below is what --help prints.
 */
import { writeFileSync } from 'node:fs';
import { stringify } from 'csv-stringify/sync';
import { systemClock } from '../src/core/clock.ts';
import type { MemberId } from '../src/core/ids.ts';
import { caseType, caseWhere } from '../src/features/cases.ts';
import { CaseInputError, CaseService, NOTE_MAX, parseCaseWords } from '../src/services/cases.ts';
import { GroupService } from '../src/services/groups.ts';
import { UnitService } from '../src/services/units.ts';
import { CliError, DATABASE_ENV, loadToolConfig, loadToolLibrary, parseCommandLine, runTool, usageError, withDatabase } from './cli.ts';

const USAGE = `Usage: npm run -s cases -- add <date> <unit or class group id> <type> <amount> <via> <stop> [note…]
       npm run -s cases -- list [--unit <unit id>] [--from <day>] [--to <day>]
       npm run -s cases -- export --out <file.csv> [--unit <unit id>] [--from <day>] [--to <day>]

The case ledger (台账): fraud cases, with no victim names. Cases count in the unit reports
(npm run -s report) by type and unit; /case alert <number> in a private chat turns one into an alert.

  <date>    the local date of the case, YYYY-MM-DD
  <type>    a fraud type by its id or its Chinese name (content/types)
  <amount>  none | lt1k | 1k-10k | 10k-50k | 50k-100k | ge100k  (or 无, <1千, 1千-1万, 1万-5万, 5万-10万, 10万以上)
  <via>     110 | 96110 | school | app | other
  <stop>    紧急止付: succeeded | failed | not-tried  (成功, 失败, 未止付)
  [note]    ${NOTE_MAX} characters at most; no names, no phone, ID or card numbers

${DATABASE_ENV}
Exit status: 0 done, 2 a wrong command line, 1 anything else.
`;

const COLUMNS = ['编号', '日期', '单位', '班级群', '诈骗类型', '金额档', '报案途径', '紧急止付', '说明'];

runTool('cases', async () => {
  const { positionals, values } = parseCommandLine(USAGE, {
    allowPositionals: true,
    options: { unit: { type: 'string' }, from: { type: 'string' }, to: { type: 'string' }, out: { type: 'string' } },
  });
  const [sub, ...words] = positionals;
  if (sub !== 'add' && sub !== 'list' && sub !== 'export') throw usageError('give add, list or export');
  if (sub === 'export' && !values.out) throw usageError('export needs --out <file.csv>');
  const config = loadToolConfig();
  const library = loadToolLibrary(config);
  await withDatabase(config.DATABASE_PATH, (db) => {
    const cases = new CaseService(db, systemClock);
    if (sub === 'add') {
      const places = { units: new UnitService(db, systemClock), groups: new GroupService(db, systemClock, config) };
      try {
        const c = cases.add(parseCaseWords(words, (w) => caseWhere(places, w), (w) => caseType(library, w)), 'cli' as MemberId);
        process.stdout.write(`case ${c.id} recorded\n`);
      } catch (err) {
        if (err instanceof CaseInputError) throw new CliError(`bad ${err.field}; see --help`, 2);
        throw err;
      }
      return;
    }
    const rows = cases.list({ unitId: values.unit, from: values.from, to: values.to });
    const table = rows.map((c) => [c.id, c.day, c.unitId, c.groupId ?? '', library.types.get(c.typeId as never)?.name.zh ?? c.typeId, c.amountBand, c.reportedVia, c.stopPayment, c.note ?? '']);
    if (sub === 'export') writeFileSync(values.out!, `\uFEFF${stringify([COLUMNS, ...table])}`);
    else process.stdout.write(table.map((r) => `${r.join('\t')}\n`).join('') || 'no cases\n');
  });
});
