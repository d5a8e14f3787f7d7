/**
 * `npm run -s report`: the security office's report of a group or a unit, from the bot's database.
 * USAGE below is what --help prints; scripts/cli.ts has what the tools share.
 */
import { writeFileSync } from 'node:fs';
import { systemClock } from '../src/core/clock.ts';
import { toPlainText } from '../src/core/message.ts';
import { casesSection } from '../src/features/cases-section.ts';
import { dutiesFromDatabase, dutiesSection } from '../src/features/duties-section.ts';
import { CaseService } from '../src/services/cases.ts';
import { deliverySection } from '../src/features/delivery-section.ts';
import { EXPORT_FORMATS, exportReport } from '../src/features/report-export.ts';
import { groupReportMessage, unitReportMessage } from '../src/features/report-view.ts';
import { isCalendarDate, localDateKey } from '../src/core/time.ts';
import { isDayRange, parsePeriodWord, PERIOD_KEYS, rollingRange, type Period } from '../src/services/periods.ts';
import { ReportService } from '../src/services/reports.ts';
import { UnitService } from '../src/services/units.ts';
import { DATABASE_ENV, listGroups, listUnits, loadToolConfig, loadToolLibrary, parseCommandLine, resolveGroup, resolveUnit, runTool, usageError, withDatabase } from './cli.ts';

const FORMATS = ['text', 'json', ...EXPORT_FORMATS] as const;

const USAGE = `Usage: npm run -s report -- (--group <group> | --unit <unit>) [options]
       npm run -s report -- --list-groups | --list-units

The report of a class group or of a unit (学校/学院/班级) and the classes below it, as advisors get
it with /report, read from the bot's database (pending migrations run first).

  --group <group>     a group by its id (telegram:-100123) or by its class name or chat title,
                      where only one group has it
  --unit <unit>       a unit by its id or by its name, where only one unit has it
  --period <p>        ${PERIOD_KEYS.join(', ')} (default 7d), a month (2026-11), 上周 (lastweek),
                      上半月 (lasthalf), 上月 (lastmonth)
  --from <day>        a range of days instead, from this local day (2026-11-16) …
  --to <day>          … to this one, inclusive (default: today or --as-of)
  --as-of <day>       the report as it stood at the end of this day: the periods end on it
  --format <f>        ${FORMATS.join(', ')} (default text); csv, xlsx and png need --out
  --out <file>        write to this file instead of stdout
  --locale <l>        zh-CN or en (default zh-CN)
  --list-groups       list the groups: id, timezone, state, name
  --list-units        list the units: id, kind, parent, name
  -h, --help          show this help

Examples:
  npm run -s report -- --group 软件2301 --period term
  npm run -s report -- --unit 计算机学院 --format xlsx --out report.xlsx
  npm run -s report -- --unit 计算机学院 --period 上半月 --as-of 2026-12-01

${DATABASE_ENV}
Exit status: 0 done, 2 a wrong command line, 1 anything else (e.g. an unknown group).
`;

runTool('report', async () => {
  const { values } = parseCommandLine(USAGE, {
    options: {
      unit: { type: 'string' },
      group: { type: 'string' },
      format: { type: 'string', default: 'text' },
      out: { type: 'string' },
      period: { type: 'string', default: '7d' },
      from: { type: 'string' },
      to: { type: 'string' },
      'as-of': { type: 'string' },
      locale: { type: 'string', default: 'zh-CN' },
      'list-groups': { type: 'boolean' },
      'list-units': { type: 'boolean' },
    },
  });
  const listing = values['list-groups'] || values['list-units'];
  if (!listing && !values.unit === !values.group) throw usageError('give one of --group <group> or --unit <unit>');
  const format = values.format as (typeof FORMATS)[number];
  if (!FORMATS.includes(format)) throw usageError(`--format must be ${FORMATS.join(', ')}`);
  if (format !== 'text' && format !== 'json' && !values.out) throw usageError(`--format ${format} needs --out <file>`);
  const locale = values.locale;
  if (locale !== 'zh-CN' && locale !== 'en') throw usageError('--locale must be zh-CN or en');

  const config = loadToolConfig();
  const period = periodOf(values, localDateKey(systemClock.now(), config.DEFAULT_TIMEZONE), config.TERM_STARTS);
  await withDatabase(config.DATABASE_PATH, async (db) => {
    const units = new UnitService(db, systemClock);
    if (listing) {
      process.stdout.write(values['list-groups'] ? listGroups(db) : listUnits(units.list()));
      return;
    }
    const library = loadToolLibrary(config);
    const reports = new ReportService(db, systemClock, config, library, units, undefined);
    // The sections /report has, in the order the bot's features add them at start: on-time
    // delivery, the campaign duties, the case ledger.
    reports.addSection(deliverySection());
    reports.addSection(dutiesSection(dutiesFromDatabase(db, config)));
    reports.addSection(casesSection(new CaseService(db, systemClock), library, config.DEFAULT_TIMEZONE));
    // The unit or group is found first, so there is a report: undefined is only for an id not in the database.
    const report = (values.unit ? reports.unitReport(resolveUnit(units.list(), values.unit).id, period) : await reports.groupReport(resolveGroup(db, values.group!).id, period))!;
    let output: string | Uint8Array;
    if (format === 'text') output = `${toPlainText(report.kind === 'group' ? groupReportMessage(report, locale) : unitReportMessage(report, locale))}\n`;
    // Sections carry per-group Maps; JSON gets them as objects.
    else if (format === 'json') output = `${JSON.stringify(report, (_, v: unknown) => (v instanceof Map ? Object.fromEntries(v) : v), 2)}\n`;
    else output = (await exportReport(reports, report, format, locale)).data;
    if (values.out) writeFileSync(values.out, output);
    else process.stdout.write(output);
  });
});

/** The report's period from --period, --from/--to and --as-of; a rolling period as of a day becomes that day's range. */
function periodOf(values: { period: string; from?: string; to?: string; 'as-of'?: string }, today: string, termStarts: readonly string[]): Period {
  for (const name of ['from', 'to', 'as-of'] as const) {
    const day = values[name];
    if (day !== undefined && !isCalendarDate(day)) throw usageError(`--${name} must be a date as YYYY-MM-DD`);
  }
  const asOf = values['as-of'] ?? today;
  if (values.from || values.to) {
    const range = { from: values.from ?? asOf, to: values.to ?? asOf };
    if (range.from > range.to) throw usageError('--from must not be after --to');
    return range;
  }
  const period = parsePeriodWord(values.period, asOf);
  if (!period) throw usageError(`--period must be ${PERIOD_KEYS.join(', ')}, a month as YYYY-MM, 上周, 上半月 or 上月`);
  return values['as-of'] && !isDayRange(period) ? rollingRange(period, asOf, termStarts) : period;
}
