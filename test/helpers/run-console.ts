import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PROJECT_ROOT } from '../../src/paths.ts';
import { BUNDLED_MAIN_ARGS } from './bundled-main.ts';

/** Runs `npm start`'s bundle as a newcomer would, with a script on stdin and no platform tokens. */
export function runConsole(script: string, env: Record<string, string> = {}, cwd = PROJECT_ROOT) {
  const dir = mkdtempSync(join(tmpdir(), 'classguard-console-'));
  const result = spawnSync(process.execPath, BUNDLED_MAIN_ARGS, {
    cwd,
    input: script,
    encoding: 'utf8',
    timeout: 60_000,
    env: {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      DATABASE_PATH: join(dir, 'console.db'),
      ...env,
    },
  });
  return { ...result, dir };
}
