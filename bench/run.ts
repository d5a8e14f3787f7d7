/**
 * `npm run bench`: bundles every bench/*.bench.ts as `npm start` bundles the bot (scripts/build.ts),
 * then runs each on plain node in its own process, one after another (so they don't compete for
 * the two cores), and passes on their JSON lines. Exits non-zero if one fails.
 */
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { PROJECT_ROOT } from '../src/paths.ts';
import { bundle } from '../scripts/build.ts';

const dir = import.meta.dirname;
const outdir = join(PROJECT_ROOT, 'dist', 'bench');
const only = process.argv.slice(2);
const files = readdirSync(dir)
  .filter((f) => f.endsWith('.bench.ts'))
  .filter((f) => only.length === 0 || only.some((o) => f.includes(o)))
  .sort();
await bundle(
  files.map((f) => join(dir, f)),
  outdir,
);
let failed = 0;
for (const file of files) {
  const script = join(outdir, file.replace(/\.ts$/, '.js'));
  const run = spawnSync(process.execPath, ['--expose-gc', '--enable-source-maps', script], { stdio: ['ignore', 'inherit', 'inherit'] });
  if (run.status !== 0) {
    failed++;
    process.stderr.write(`bench ${file} failed with status ${run.status}\n`);
  }
}
process.exit(failed > 0 ? 1 : 0);
