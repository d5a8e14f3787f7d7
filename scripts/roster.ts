/**
 * `npm run -s roster -- import|list …`: class lists (花名册) from the command line, beside a file
 * sent to the bot privately and the web console. USAGE below is what --help prints.
 */
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { systemClock } from '../src/core/clock.ts';
import { ClassListFileError, readClassListFile } from '../src/services/class-list-file.ts';
import { ClassListService } from '../src/services/class-lists.ts';
import { CliError, DATABASE_ENV, loadToolConfig, parseCommandLine, resolveGroup, runTool, usageError, withDatabase } from './cli.ts';

const USAGE = `Usage: npm run -s roster -- import <group> <file.csv|file.xlsx>
       npm run -s roster -- list <group>

A class's list of students (花名册). Once a class has one, its rates divide by the list
("已确认 23/40 人") rather than by the members the bot has seen.

  import   the list becomes the file's: a header row naming 学号 (or 编号) and 姓名, and
           optionally 平台ID (the student's id on the group's platform: bound at once); other
           columns (phone, ID card numbers …) are ignored and never stored. Students found again
           by 学号 keep their binding; those no longer in the file are removed. Prints the
           one-time codes of the students not bound yet: each sends /bind <code> to the bot privately.
  list     the list: name, bound or the code

  <group>  a group by its id (telegram:-100123) or by its class name or chat title, where only
           one group has it (npm run -s report -- --list-groups)

The student number itself is kept only with CLASS_LIST_STUDENT_NUMBERS=true; otherwise a hash of it.

${DATABASE_ENV}
Exit status: 0 done, 2 a wrong command line, 1 anything else (e.g. a file that is not a class list).
`;

runTool('roster', async () => {
  const { positionals } = parseCommandLine(USAGE, { allowPositionals: true, options: {} });
  const [sub, group, file] = positionals;
  if (!(sub === 'import' && group && file && positionals.length === 3) && !(sub === 'list' && group && positionals.length === 2)) throw usageError('give import <group> <file> or list <group>');
  const config = loadToolConfig();
  const parsed = sub === 'import' ? await readFile(file!) : undefined;
  await withDatabase(config.DATABASE_PATH, (db) => {
    const lists = new ClassListService(db, systemClock, config.CLASS_LIST_STUDENT_NUMBERS);
    const target = resolveGroup(db, group);
    if (!parsed) {
      const entries = lists.entries(target.id);
      process.stdout.write(entries.map((e) => `${e.name}\t${e.member ?? `code ${e.code}`}\n`).join('') || 'no class list\n');
      return;
    }
    const r = lists.import(target.id, parsed.rows);
    const ignored = parsed.ignored.length ? `ignored columns (not stored): ${parsed.ignored.join(', ')}\n` : '';
    process.stdout.write(
      `${target.id}: ${r.listed} listed (${r.added} added, ${r.updated} updated, ${r.removed} removed), ${r.bound} bound by platform id\n${ignored}` +
        (r.codes.length ? `codes for /bind:\n${r.codes.map((c) => `${c.name}\t${c.code}\n`).join('')}` : ''),
    );
  });
});

async function readFile(path: string) {
  try {
    return await readClassListFile(readFileSync(path), basename(path));
  } catch (err) {
    if (err instanceof ClassListFileError) throw new CliError(`${path}: ${err.message}`);
    throw err;
  }
}
