import { join } from 'node:path';
import { PROJECT_ROOT } from '../../src/paths.ts';

/** `npm start`'s bundle, built once per test run by test/global-setup.ts, so the child-process tests run what ships. */
export const BUNDLED_MAIN = join(PROJECT_ROOT, 'dist', 'test', 'main.js');

/** node's arguments to run it, with the flag that `npm start` runs it with. */
export const BUNDLED_MAIN_ARGS = ['--enable-source-maps', BUNDLED_MAIN];
