/**
 * npm run -s report -- --unit <id> | --group <id> [--format text|json|csv|xlsx|png] [--out FILE]
 *                      [--period today|7d|30d|term] [--locale zh-CN|en]
 *
 * The security office's report from the database at DATABASE_PATH (opened the normal way, so
 * pending migrations run first), with the content library from CONTENT_DIR. text and json go
 * to stdout unless --out is given; csv, xlsx and png need --out. Group ids are namespaced
 * (`telegram:-100123`). Exit status 2 for bad arguments or an unknown unit or group.
 */
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { systemClock } from '../src/core/clock.ts';
import type { GroupId } from '../src/core/ids.ts';
import { toPlainText } from '../src/core/message.ts';
import { loadConfig } from '../src/config.ts';
import { loadLibraryOrThrow } from '../src/content/library.ts';
import { closeDatabase, openDatabase } from '../src/db/client.ts';
import { EXPORT_FORMATS, exportReport, type ExportFormat } from '../src/features/report-export.ts';
import { groupReportMessage, unitReportMessage } from '../src/features/report-view.ts';
import { parsePeriod } from '../src/services/periods.ts';
import { ReportService } from '../src/services/reports.ts';
import { UnitService } from '../src/services/units.ts';

function fail(message: string): never {
  process.stderr.write(`${message}\n`);
  process.exit(2);
}

const { values } = parseArgs({
  options: {
    unit: { type: 'string' },
    group: { type: 'string' },
    format: { type: 'string', default: 'text' },
    out: { type: 'string' },
    period: { type: 'string', default: '7d' },
    locale: { type: 'string', default: 'zh-CN' },
  },
});
if (!values.unit === !values.group) fail('give exactly one of --unit <id> or --group <id>');
const format = values.format!;
if (format !== 'text' && format !== 'json' && !EXPORT_FORMATS.includes(format as ExportFormat)) fail(`--format must be text, json, ${EXPORT_FORMATS.join(', ')}`);
if (format !== 'text' && format !== 'json' && !values.out) fail(`--format ${format} needs --out FILE`);
const period = parsePeriod(values.period!) ?? fail('--period must be today, 7d, 30d or term');
const locale = values.locale === 'en' ? 'en' : 'zh-CN';

const config = loadConfig();
const library = loadLibraryOrThrow(config.CONTENT_DIR);
const db = openDatabase(config.DATABASE_PATH);
try {
  const units = new UnitService(db, systemClock);
  const reports = new ReportService(db, systemClock, config, library, units, undefined);
  const report = values.unit ? reports.unitReport(values.unit, period) : await reports.groupReport(values.group as GroupId, period);
  if (!report) fail(`no such ${values.unit ? 'unit' : 'group'}: ${values.unit ?? values.group}`);
  let output: string | Uint8Array;
  if (format === 'text') output = `${toPlainText(report.kind === 'group' ? groupReportMessage(report, locale) : unitReportMessage(report, locale))}\n`;
  // Sections carry per-group Maps; JSON gets them as objects.
  else if (format === 'json') output = `${JSON.stringify(report, (_, v: unknown) => (v instanceof Map ? Object.fromEntries(v) : v), 2)}\n`;
  else output = (await exportReport(reports, report, format as ExportFormat, locale)).data;
  if (values.out) writeFileSync(values.out, output);
  else process.stdout.write(output);
} finally {
  closeDatabase(db);
}
