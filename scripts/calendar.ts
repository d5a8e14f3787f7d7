/**
 * `npm run calendar`: what the scheduler will send a group, and when, from the bot's database.
 * USAGE below is what --help prints; scripts/cli.ts has what the tools share.
 */
import { systemClock } from '../src/core/clock.ts';
import { formatLocal } from '../src/core/time.ts';
import { previewCalendar } from '../src/services/calendar.ts';
import { ContentPicker } from '../src/services/picker.ts';
import { DATABASE_ENV, groupState, listGroups, loadToolConfig, loadToolLibrary, parseCommandLine, resolveGroup, runTool, usageError, withDatabase } from './cli.ts';

const USAGE = `Usage: npm run calendar -- --group <group> [--days <n>]
       npm run calendar -- --list-groups

What the scheduler will send a group in the coming days, and when (in the group's timezone):
each tip and article, chosen exactly as the scheduler will choose it. Nothing is sent.

  --group <group>   a group by its id (telegram:-100123) or by its class name or chat title,
                    where only one group has it
  --days <n>        how many days ahead, 1 to 366 (default 14)
  --list-groups     list the groups: id, timezone, state, name
  -h, --help        show this help

Examples:
  npm run calendar -- --group 软件2301
  npm run calendar -- --group telegram:-1001234567890 --days 60

${DATABASE_ENV}
Exit status: 0 done, 2 a wrong command line, 1 anything else (e.g. an unknown group).
`;

runTool('calendar', async () => {
  const { values } = parseCommandLine(USAGE, {
    options: { group: { type: 'string' }, days: { type: 'string', default: '14' }, 'list-groups': { type: 'boolean' } },
  });
  const days = Number(values.days);
  if (!/^\d+$/.test(values.days) || days < 1 || days > 366) throw usageError('--days must be a whole number from 1 to 366');
  if (!values.group && !values['list-groups']) throw usageError('give --group <group> or --list-groups');

  const config = loadToolConfig();
  await withDatabase(config.DATABASE_PATH, (db) => {
    if (values['list-groups']) {
      process.stdout.write(listGroups(db));
      return;
    }
    const group = resolveGroup(db, values.group!);
    const library = loadToolLibrary(config);
    const state = groupState(group);
    const sends = state === 'active';
    process.stdout.write(`${group.className ?? group.title ?? group.id} · ${group.id} · ${group.timezone}${sends ? '' : ` · ${state}: nothing will be sent`}\n`);
    if (!sends) return;
    for (const e of previewCalendar(db, library, new ContentPicker(library), group, systemClock.now(), days)) {
      process.stdout.write(`${formatLocal(e.at, group.timezone)}  ${e.kind === 'tip' ? 'tip    ' : 'article'}  ${e.contentId}  ${e.title}\n`);
    }
  });
});
