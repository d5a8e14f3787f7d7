/**
 * `npm run build`, the first step of `npm start`: bundles the bot into dist/main.js for plain
 * node. The running bot carries no TypeScript loader: tsx's loader alone adds about
 * 34 MB of RSS (an empty script: 75 MB under tsx, 41 MB on node), and it would transpile every
 * module at every start. The benchmarks are bundled the same way, so they measure what ships.
 */
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { PROJECT_ROOT } from '../src/paths.ts';

/**
 * Bundles each entry into `outdir`. Packages stay external, resolved from node_modules at run time
 * (better-sqlite3 is native; pino starts its transports by name). Splitting keeps what the code
 * imports on first use (a platform's adapter, the exports) in chunks of its own, loaded then.
 * `outdir` is not emptied first: a running bot loads those chunks late, by names that hash their
 * content, so a rebuild beside it must leave its chunks in place.
 */
export async function bundle(entryPoints: string[], outdir: string): Promise<void> {
  await build({ entryPoints, outdir, bundle: true, splitting: true, platform: 'node', format: 'esm', target: 'node20', packages: 'external', sourcemap: true, logLevel: 'warning' });
}

/** The bot itself and its health probe (dist/health.js), as `npm start` runs it from dist/main.js and the child-process tests from their own folder. */
export async function bundleBot(outdir = join(PROJECT_ROOT, 'dist')): Promise<void> {
  await bundle([join(PROJECT_ROOT, 'src', 'main.ts'), join(PROJECT_ROOT, 'src', 'health.ts')], outdir);
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) await bundleBot();
