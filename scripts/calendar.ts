/**
 * `npm run calendar`: what the scheduler will send a group, and when, from the bot's database; or
 * what a new group of an audience would get, from the content alone, with the year's measurement.
 * USAGE below is what --help prints; scripts/cli.ts has what the tools share.
 */
import { systemClock } from '../src/core/clock.ts';
import { formatLocal, localParts, zonedInstant } from '../src/core/time.ts';
import { AUDIENCES, type Audience } from '../src/content/schema.ts';
import type { Library } from '../src/content/library.ts';
import type { Locale } from '../src/i18n/index.ts';
import { planCalendar, previewCalendar, type CalendarEntry, type CalendarTarget } from '../src/services/calendar.ts';
import { formatCalendarSummary, summarizeCalendar } from '../src/services/calendar-summary.ts';
import { classLabel } from '../src/services/groups.ts';
import { ContentPicker } from '../src/services/picker.ts';
import { DATABASE_ENV, groupState, listGroups, loadToolConfig, loadToolLibrary, parseCommandLine, resolveGroup, runTool, usageError, withDatabase } from './cli.ts';

const USAGE = `Usage: npm run calendar -- --group <group> [--days <n>] [--summary]
       npm run calendar -- --audience <students|staff|parents|all> [--locale <zh-CN|en>] [--from <YYYY-MM-DD>] [--days <n>] [--summary]
       npm run calendar -- --list-groups

What the scheduler will send a group in the coming days, and when (in the group's timezone):
each tip and article, chosen exactly as the scheduler will choose it. Nothing is sent. Below the
list, a summary: per kind, sends, different items, repeats (and how many within 365 days, the goal
being none), the closest two sends of one item, the longest gap; for an English group, how many
sends have no English; per season window, the days whose tip is of that season.

  --group <group>     a group by its id (telegram:-100123) or by its class name or chat title,
                      where only one group has it
  --audience <a>      instead of a group: a new group of this audience set up at --from, with the
                      default schedule (DEFAULT_TIMEZONE, DEFAULT_TIP_TIME, ...); needs no database.
                      "all" gives each audience in turn
  --locale <l>        with --audience: the group's language (default DEFAULT_LOCALE)
  --from <date>       with --audience: the first day (default today)
  --days <n>          how many days ahead, 1 to 366 (default 14)
  --summary           the summary only, without the list
  --list-groups       list the groups: id, timezone, state, name
  -h, --help          show this help

Examples:
  npm run calendar -- --group 软件2301
  npm run calendar -- --group telegram:-1001234567890 --days 60
  npm run calendar -- --audience staff --days 365
  npm run calendar -- --audience all --locale en --days 365 --summary

${DATABASE_ENV}
  With --audience, DATABASE_PATH is not read.
Exit status: 0 done, 2 a wrong command line, 1 anything else (e.g. an unknown group).
`;

runTool('calendar', async () => {
  const { values } = parseCommandLine(USAGE, {
    options: {
      group: { type: 'string' },
      audience: { type: 'string' },
      locale: { type: 'string' },
      from: { type: 'string' },
      days: { type: 'string', default: '14' },
      summary: { type: 'boolean' },
      'list-groups': { type: 'boolean' },
    },
  });
  const days = Number(values.days);
  if (!/^\d+$/.test(values.days) || days < 1 || days > 366) throw usageError('--days must be a whole number from 1 to 366');
  if ([values.group, values.audience, values['list-groups']].filter(Boolean).length !== 1) throw usageError('give one of --group <group>, --audience <audience> or --list-groups');
  if (!values.audience && (values.locale || values.from)) throw usageError('--locale and --from go with --audience');
  const config = loadToolConfig();
  const summaryOnly = values.summary ?? false;

  if (values.audience) {
    const audiences = values.audience === 'all' ? [...AUDIENCES] : [values.audience];
    if (!audiences.every((a): a is Audience => (AUDIENCES as readonly string[]).includes(a))) throw usageError(`--audience must be one of ${AUDIENCES.join(', ')} or all`);
    const locale = values.locale ?? config.DEFAULT_LOCALE;
    if (locale !== 'zh-CN' && locale !== 'en') throw usageError('--locale must be zh-CN or en');
    const from = startOf(values.from, config.DEFAULT_TIMEZONE);
    const library = loadToolLibrary(config);
    for (const audience of audiences) {
      const target: CalendarTarget = {
        audience,
        locale,
        timezone: config.DEFAULT_TIMEZONE,
        tipTime: config.DEFAULT_TIP_TIME,
        articleDay: config.DEFAULT_ARTICLE_DAY,
        articleTime: config.DEFAULT_ARTICLE_TIME,
      };
      const entries = planCalendar(library, new ContentPicker(library), target, { tip: new Map(), article: new Map() }, from, days);
      process.stdout.write(`a new ${audience} group (${locale}) · ${target.timezone} · ${formatLocal(from, target.timezone).slice(0, 10)} + ${days} days\n`);
      print(entries, library, locale, target.timezone, from, summaryOnly);
    }
    return;
  }

  await withDatabase(config.DATABASE_PATH, (db) => {
    if (values['list-groups']) {
      process.stdout.write(listGroups(db));
      return;
    }
    const group = resolveGroup(db, values.group!);
    const library = loadToolLibrary(config);
    const state = groupState(group);
    const sends = state === 'active';
    process.stdout.write(`${classLabel(group)} · ${group.id} · ${group.timezone}${sends ? '' : ` · ${state}: nothing will be sent`}\n`);
    if (!sends) return;
    const from = systemClock.now();
    print(previewCalendar(db, library, new ContentPicker(library), group, from, days), library, group.locale, group.timezone, from, summaryOnly);
  });
});

function print(entries: CalendarEntry[], library: Library, locale: Locale, timezone: string, from: Date, summaryOnly: boolean): void {
  if (!summaryOnly) {
    for (const e of entries) process.stdout.write(`${formatLocal(e.at, timezone)}  ${e.kind === 'tip' ? 'tip    ' : 'article'}  ${e.contentId}  ${e.title}\n`);
  }
  for (const line of formatCalendarSummary(summarizeCalendar(entries, library, locale, from), locale)) process.stdout.write(`${line}\n`);
}

/** Midnight starting a local date (`2027-09-01`), or now. */
function startOf(date: string | undefined, timezone: string): Date {
  if (date === undefined) return systemClock.now();
  const m = /^(\d{4})-(\d\d)-(\d\d)$/.exec(date);
  const at = m && zonedInstant(Number(m[1]), Number(m[2]), Number(m[3]), 0, 0, timezone);
  if (!at || Number.isNaN(at.getTime()) || localParts(at, timezone).day !== Number(m![3])) throw usageError(`--from ${date} is not a date like 2027-09-01`);
  return at;
}
