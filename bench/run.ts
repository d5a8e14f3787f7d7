/**
 * `npm run bench`: runs every bench/*.bench.ts in its own process, one after another (so they
 * don't compete for the two cores), and passes on their JSON lines. Exits non-zero if one fails.
 */
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';

const dir = import.meta.dirname;
const only = process.argv.slice(2);
const files = readdirSync(dir)
  .filter((f) => f.endsWith('.bench.ts'))
  .filter((f) => only.length === 0 || only.some((o) => f.includes(o)))
  .sort();
let failed = 0;
for (const file of files) {
  const run = spawnSync(process.execPath, ['--expose-gc', '--import', 'tsx', join(dir, file)], { stdio: ['ignore', 'inherit', 'inherit'] });
  if (run.status !== 0) {
    failed++;
    process.stderr.write(`bench ${file} failed with status ${run.status}\n`);
  }
}
process.exit(failed > 0 ? 1 : 0);
