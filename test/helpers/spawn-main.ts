import { spawn, type ChildProcess, type StdioOptions } from 'node:child_process';
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
