import { spawn, type ChildProcess, type StdioOptions } from 'node:child_process';
import { join } from 'node:path';

/**
 * Starts `npm start`'s entry (src/main.ts) as a child process, as a deployment would: only PATH
 * and HOME from this environment, plus `env`, and the test content folder when one is set.
 */
export function spawnMain(env: Record<string, string>, stdio: StdioOptions = 'ignore'): ChildProcess {
  return spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: join(import.meta.dirname, '../..'),
    stdio,
    env: {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      ...env,
      ...(process.env.TMP_CONTENT ? { CONTENT_DIR: process.env.TMP_CONTENT } : {}),
    },
  });
}
