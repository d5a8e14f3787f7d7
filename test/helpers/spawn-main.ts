import { spawn, type ChildProcess, type StdioOptions } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PROJECT_ROOT } from '../../src/paths.ts';
import { BUNDLED_MAIN_ARGS } from './bundled-main.ts';

/**
 * Starts `npm start`'s bundle on plain node as a child process, as a deployment would: only
 * PATH and HOME from this environment, plus `env`, and the test content folder when one is set.
 */
export function spawnMain(env: Record<string, string>, stdio: StdioOptions = 'ignore'): ChildProcess {
  return spawn(process.execPath, BUNDLED_MAIN_ARGS, {
    cwd: PROJECT_ROOT,
    stdio,
    env: {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      ...env,
      ...(process.env.TMP_CONTENT ? { CONTENT_DIR: process.env.TMP_CONTENT } : {}),
    },
  });
}

/**
 * `npm start`'s bundle on a temporary database, its log stream (`stdout`, or `stderr` when the
 * console owns stdout) collected; with `stdin`, its input is piped (the console's `:time`, with CONSOLE=on).
 */
export function spawnBot(env: Record<string, string>, logs: 'stdout' | 'stderr', stdin = false) {
  const dir = mkdtempSync(join(tmpdir(), 'classguard-bot-'));
  const dbPath = join(dir, 'bot.db');
  const input = stdin ? 'pipe' : 'ignore';
  const child = spawnMain({ DATABASE_PATH: dbPath, LOG_LEVEL: 'info', ...env }, logs === 'stdout' ? [input, 'pipe', 'ignore'] : [input, 'ignore', 'pipe']);
  let out = '';
  (logs === 'stdout' ? child.stdout! : child.stderr!).on('data', (chunk: Buffer) => (out += String(chunk)));
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  return { child, dbPath, exited, output: () => out, dispose: () => (child.kill('SIGKILL'), rmSync(dir, { recursive: true, force: true })) };
}
