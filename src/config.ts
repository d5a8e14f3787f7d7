import { z } from 'zod';
import { isNamespacedId } from './core/ids.ts';

const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'a time as HH:MM, e.g. 08:00');

export function isTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

const timezone = z.string().refine(isTimeZone, 'an IANA timezone such as Asia/Shanghai');
const optionalText = z
  .string()
  .optional()
  .transform((s) => (s && s.trim() !== '' ? s.trim() : undefined));
const url = z.url({ message: 'a URL such as http://127.0.0.1:8081' }).optional().or(z.literal('').transform(() => undefined));
const bool = (fallback: boolean) =>
  z
    .enum(['true', 'false', '1', '0', 'yes', 'no', 'on', 'off', ''])
    .optional()
    .transform((v) => (v === undefined || v === '' ? fallback : ['true', '1', 'yes', 'on'].includes(v)));
const int = (fallback: number, min: number, max: number) => {
  const expected = `a whole number from ${min} to ${max}`;
  return z.coerce.number({ error: expected }).int(expected).min(min, expected).max(max, expected).default(fallback);
};

/** One schema over the environment; every variable is documented in .env.example. */
export const configSchema = z.object({
  DATABASE_PATH: z.string().min(1).default('./data/classguard.db'),
  CONTENT_DIR: z.string().min(1).default('./content'),
  DEFAULT_TIMEZONE: timezone.default('Asia/Shanghai'),
  DEFAULT_LOCALE: z.enum(['zh-CN', 'en']).default('zh-CN'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).optional(),

  DEFAULT_TIP_TIME: hhmm.default('08:00'),
  DEFAULT_ARTICLE_DAY: int(1, 1, 7),
  DEFAULT_ARTICLE_TIME: hhmm.default('20:00'),
  CATCHUP_WINDOW_HOURS: z.coerce.number().min(0).max(48).default(3),

  ADMIN_IDS: z
    .string()
    .default('')
    .transform((s) => s.split(',').map((x) => x.trim()).filter(Boolean))
    .refine((ids) => ids.every(isNamespacedId), 'comma-separated namespaced ids such as telegram:123,discord:456'),
  /** Start dates of terms (YYYY-MM-DD, comma-separated); the latest one not in the future is "this term". */
  TERM_STARTS: z
    .string()
    .default('2026-09-01,2027-02-22')
    .transform((s) => s.split(',').map((x) => x.trim()).filter(Boolean))
    .refine((d) => d.every((x) => /^\d{4}-\d{2}-\d{2}$/.test(x)), 'comma-separated dates as YYYY-MM-DD'),

  QUIZ_OPEN_MINUTES: int(30, 1, 24 * 60),
  QUIZ_COOLDOWN_MINUTES: int(10, 0, 24 * 60),
  EXAM_PASS_MARK: z.coerce.number().min(0).max(1).default(0.8),
  EARLY_WARNING_THRESHOLD: int(5, 2, 10_000),

  CONSOLE: z.enum(['auto', 'on', 'off']).default('auto'),
  TELEGRAM_BOT_TOKEN: optionalText,
  TELEGRAM_API_ROOT: url,
  TELEGRAM_WEBHOOK_URL: url,
  TELEGRAM_WEBHOOK_PORT: int(8443, 1, 65535),
  DISCORD_BOT_TOKEN: optionalText,
  DISCORD_API_ROOT: url,
  DISCORD_ADVISOR_ROLE: z.string().min(1).default('反诈辅导员'),
  DISCORD_GLOBAL_COMMANDS: bool(false),
});

export type Config = z.infer<typeof configSchema>;

export class ConfigError extends Error {
  override name = 'ConfigError';
}

/** Reads the config once. A bad value stops startup with one line naming the variable. */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const result = configSchema.safeParse(env);
  if (result.success) return result.data;
  const issue = result.error.issues[0]!;
  const name = String(issue.path[0] ?? 'environment');
  const value = env[name];
  const shown = name.endsWith('TOKEN') || value === undefined ? '' : ` (got ${JSON.stringify(value)})`;
  throw new ConfigError(`Invalid ${name}${shown}: expected ${issue.message}`);
}

/** The console chat runs when asked, or by default when no platform token is set. */
export function wantsConsole(config: Config): boolean {
  if (config.CONSOLE !== 'auto') return config.CONSOLE === 'on';
  return !config.TELEGRAM_BOT_TOKEN && !config.DISCORD_BOT_TOKEN;
}
