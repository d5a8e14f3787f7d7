import { Writable } from 'node:stream';
import pino from 'pino';
import type { Logger } from '../../src/log.ts';

export interface LogLine {
  level: number;
  msg: string;
  [key: string]: unknown;
}

/** Pino's level numbers: error is 50, fatal 60. */
export const ERROR_LEVEL = 50;

/** A real pino logger at debug level (without pid and hostname, as the bot's) whose lines a test reads. */
export function capturingLogger(): { log: Logger; lines: LogLine[] } {
  const lines: LogLine[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString('utf8').split('\n')) if (line) lines.push(JSON.parse(line) as LogLine);
      done();
    },
  });
  return { log: pino({ level: 'debug', base: undefined }, stream), lines };
}
