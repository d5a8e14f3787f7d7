/**
 * `npm run calendar -- --group <id> --days 14`: what the scheduler will send a group, and when,
 * read from the real database and content library (DATABASE_PATH, CONTENT_DIR).
 */
import { parseArgs } from 'node:util';
import { loadConfig } from '../src/config.ts';
import { loadLibraryOrThrow } from '../src/content/library.ts';
import { isNamespacedId, type GroupId } from '../src/core/ids.ts';
import { formatLocal } from '../src/core/time.ts';
import { closeDatabase, openDatabase } from '../src/db/client.ts';
import { previewCalendar } from '../src/services/calendar.ts';
import { GroupService } from '../src/services/groups.ts';
import { ContentPicker } from '../src/services/picker.ts';
import { systemClock } from '../src/core/clock.ts';

const { values } = parseArgs({ options: { group: { type: 'string' }, days: { type: 'string', default: '14' } } });
const days = Number(values.days);
if (!values.group || !isNamespacedId(values.group) || !Number.isInteger(days) || days < 1 || days > 366) {
  process.stderr.write('usage: npm run calendar -- --group <platform:id> [--days 1..366]\n');
  process.exit(2);
}
const config = loadConfig();
const library = loadLibraryOrThrow(config.CONTENT_DIR);
const db = openDatabase(config.DATABASE_PATH);
const group = new GroupService(db, systemClock, config).get(values.group as GroupId);
if (!group) {
  process.stderr.write(`no group ${values.group} in ${config.DATABASE_PATH}\n`);
  process.exit(1);
}
const state = !group.active ? ' (inactive: nothing will be sent)' : group.paused ? ' (paused: nothing will be sent)' : '';
process.stdout.write(`${group.className ?? group.title ?? group.id} · ${group.timezone}${state}\n`);
if (!state) {
  for (const e of previewCalendar(db, library, new ContentPicker(library), group, systemClock.now(), days)) {
    process.stdout.write(`${formatLocal(e.at, group.timezone)}  ${e.kind === 'tip' ? 'tip    ' : 'article'}  ${e.contentId}  ${e.title}\n`);
  }
}
closeDatabase(db);
