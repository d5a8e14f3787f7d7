import { dirname } from 'node:path';
import { bundleBot } from '../scripts/build.ts';
import { BUNDLED_MAIN } from './helpers/bundled-main.ts';

/** Bundles the bot as `npm start` does, into its own folder so a running `npm start` keeps its dist/main.js. */
export default async function setup(): Promise<void> {
  await bundleBot(dirname(BUNDLED_MAIN));
}
