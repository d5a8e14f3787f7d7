import pino, { type Logger } from 'pino';

export type { Logger };

/**
 * Logs carry ids and outcomes, never tokens or message texts (docs/design.md, Privacy). The redact
 * list is a safety net for a careless `log.info({ event })`.
 */
const REDACT = [
  'token',
  '*.token',
  'text',
  '*.text',
  '*.*.text',
  'args',
  '*.args',
  'message',
  '*.message.blocks',
  'replyTo',
  '*.replyTo',
  'TELEGRAM_BOT_TOKEN',
  'DISCORD_BOT_TOKEN',
  '*.TELEGRAM_BOT_TOKEN',
  '*.DISCORD_BOT_TOKEN',
  // A webhook group's URL and secret are its robot's credentials (src/services/webhook-groups.ts).
  'url',
  '*.url',
  'secret',
  '*.secret',
  'headers.authorization',
  '*.headers.authorization',
];

export interface LogOptions {
  level?: string;
  /** Write to stderr (the console chat owns stdout). */
  stderr?: boolean;
}

export function createLogger(opts: LogOptions = {}): Logger {
  const level = opts.level ?? 'info';
  const destination = opts.stderr ? 2 : 1;
  const tty = Boolean(opts.stderr ? process.stderr.isTTY : process.stdout.isTTY);
  const transport = tty
    ? pino.transport({ target: 'pino-pretty', options: { destination, colorize: true, translateTime: 'SYS:HH:MM:ss' } })
    : pino.destination({ dest: destination, sync: true });
  return pino({ level, redact: { paths: REDACT, censor: '[redacted]' }, base: undefined }, transport);
}

export const silentLogger: Logger = pino({ level: 'silent' });
