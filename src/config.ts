import { existsSync } from 'node:fs';
import { z } from 'zod';
import { isNamespacedId, splitId } from './core/ids.ts';
import { isCalendarDate, normalizeHhmm } from './core/time.ts';

const hhmm = z.string().transform((s, ctx) => normalizeHhmm(s) ?? (ctx.addIssue({ code: 'custom', message: 'a time as HH:MM, e.g. 08:00' }), z.NEVER));

/**
 * An IANA timezone by its Area/Location name (Asia/Shanghai), or UTC. Intl also accepts legacy
 * abbreviations such as EST, which are fixed offsets without daylight saving: a school that
 * writes one almost certainly means something else, so they are refused.
 */
export function isTimeZone(tz: string): boolean {
  if (tz !== 'UTC' && !/^[A-Za-z]+(?:\/[A-Za-z0-9_+-]+)+$/.test(tz)) return false;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

/** Ids a platform can actually have: Telegram's and Discord's are numbers; the console's and the tests' are names. */
function isMemberIdOfItsPlatform(id: string): boolean {
  if (!isNamespacedId(id)) return false;
  const { platform, raw } = splitId(id);
  if (platform === 'telegram') return /^-?\d{1,20}$/.test(raw);
  if (platform === 'discord' || platform === 'onebot') return /^\d{1,20}$/.test(raw);
  // The official QQ platform's openids are opaque letters and digits, one per bot.
  if (platform === 'qq') return /^[0-9A-Za-z_-]{8,64}$/.test(raw);
  return true;
}

const timezone = z.string().refine(isTimeZone, 'an IANA timezone such as Asia/Shanghai');
const optionalText = z.string().trim().optional();
const url = z.url({ message: 'a URL such as http://127.0.0.1:8081' }).optional();
const bool = (fallback: boolean) =>
  z
    .enum(['true', 'false', '1', '0', 'yes', 'no', 'on', 'off'], { error: 'true or false' })
    .optional()
    .transform((v) => (v === undefined ? fallback : ['true', '1', 'yes', 'on'].includes(v)));
/** A decimal number as people write it: no hex (0x10), no exponent, no blanks. */
const decimal = (expected: string) =>
  z
    .string()
    .regex(/^\d+(?:\.\d+)?$/, expected)
    .transform(Number);
const int = (fallback: number, min: number, max: number) => {
  const expected = `a whole number from ${min} to ${max}`;
  return decimal(expected).pipe(z.number().int(expected).min(min, expected).max(max, expected)).default(fallback);
};
const fraction = (fallback: number, expected: string) => decimal(expected).pipe(z.number().min(0, expected).max(1, expected)).default(fallback);
const list = (fallback: string) =>
  z
    .string()
    .default(fallback)
    .transform((s) => s.split(',').map((x) => x.trim()).filter(Boolean));

/** One schema over the environment; every variable is documented in .env.example. */
export const configSchema = z.object({
  DATABASE_PATH: z.string().min(1).default('./data/classguard.db'),
  CONTENT_DIR: z.string().min(1).default('./content'),
  DEFAULT_TIMEZONE: timezone.default('Asia/Shanghai'),
  DEFAULT_LOCALE: z.enum(['zh-CN', 'en'], { error: 'zh-CN or en' }).default('zh-CN'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], { error: 'fatal, error, warn, info, debug, trace or silent' }).optional(),

  DEFAULT_TIP_TIME: hhmm.default('08:00'),
  DEFAULT_ARTICLE_DAY: int(1, 1, 7),
  DEFAULT_ARTICLE_TIME: hhmm.default('20:00'),
  CATCHUP_WINDOW_HOURS: decimal('a number of hours from 0 to 48, e.g. 3')
    .pipe(z.number().max(48, 'a number of hours from 0 to 48, e.g. 3'))
    .default(3),

  ADMIN_IDS: list('').refine((ids) => ids.every(isMemberIdOfItsPlatform), 'comma-separated namespaced ids such as telegram:123,discord:456'),
  /** Start dates of terms (YYYY-MM-DD, comma-separated); the latest one not in the future is "this term". */
  TERM_STARTS: list('2026-09-01,2027-02-22').refine((d) => d.every(isCalendarDate), 'comma-separated real dates as YYYY-MM-DD, e.g. 2026-09-01'),

  QUIZ_OPEN_MINUTES: int(30, 1, 24 * 60),
  QUIZ_COOLDOWN_MINUTES: int(10, 0, 24 * 60),
  EXAM_PASS_MARK: fraction(0.8, 'a fraction from 0 to 1, e.g. 0.8'),
  /** Entrance-test attempts a member has (one a day); the answers are shown after a pass or the last one. */
  EXAM_ATTEMPTS: int(3, 1, 100),
  /** Whether class lists keep the student number itself (else only a hash of it, to match a re-import); never shown in a group. */
  CLASS_LIST_STUDENT_NUMBERS: bool(false),
  EARLY_WARNING_THRESHOLD: int(5, 2, 10_000),

  CONSOLE: z.enum(['auto', 'on', 'off'], { error: 'auto, on or off' }).default('auto'),
  TELEGRAM_BOT_TOKEN: optionalText,
  TELEGRAM_API_ROOT: url,
  TELEGRAM_WEBHOOK_URL: url,
  TELEGRAM_WEBHOOK_PORT: int(8443, 1, 65535),
  DISCORD_BOT_TOKEN: optionalText,
  DISCORD_API_ROOT: url,
  DISCORD_ADVISOR_ROLE: z.string().min(1).default('反诈辅导员'),
  DISCORD_GLOBAL_COMMANDS: bool(false),
  /** OneBot v11 (QQ through NapCat or LLBot): forward WebSocket, the bot connects here… */
  ONEBOT_WS_URL: z.url({ protocol: /^wss?$/, message: 'a WebSocket URL such as ws://127.0.0.1:3001' }).optional(),
  /** …or reverse WebSocket, the implementation connects to the bot on this port. */
  ONEBOT_REVERSE_PORT: decimal('a port from 1 to 65535').pipe(z.number().int().min(1, 'a port from 1 to 65535').max(65535, 'a port from 1 to 65535')).optional(),
  ONEBOT_REVERSE_HOST: z.string().min(1).default('127.0.0.1'),
  ONEBOT_ACCESS_TOKEN: optionalText,
  /** The least time between two messages the bot sends on QQ: a personal account is flagged for bursts. */
  ONEBOT_SEND_INTERVAL_MS: int(1_500, 0, 60_000),
  /** The official QQ Bot open platform (README, Running on QQ): the bot's AppID and AppSecret from q.qq.com. */
  QQ_APP_ID: optionalText,
  QQ_APP_SECRET: optionalText,
  QQ_API_ROOT: url,
  QQ_TOKEN_URL: url,
  QQ_SANDBOX: bool(false),
  /** Buttons as the platform's keyboard (by invitation) or as reply codes; a refused keyboard falls back to codes. */
  QQ_BUTTONS: z.enum(['keyboard', 'codes'], { error: 'keyboard or codes' }).default('codes'),
  /** Whether due deliveries are posted unasked, wait for a member's message to reply to, or try the first and learn. */
  QQ_GROUP_DELIVERY: z.enum(['auto', 'proactive', 'passive'], { error: 'auto, proactive or passive' }).default('auto'),
  QQ_SENDS_PER_SECOND: int(20, 1, 1_000),
  QQ_CHAT_SENDS_PER_SECOND: int(5, 1, 100),
  /** Webhook callbacks instead of the WebSocket link: the port the platform's POSTs reach (behind an HTTPS proxy). */
  QQ_WEBHOOK_PORT: decimal('a port from 1 to 65535').pipe(z.number().int().min(1, 'a port from 1 to 65535').max(65535, 'a port from 1 to 65535')).optional(),
  QQ_WEBHOOK_HOST: z.string().min(1).default('127.0.0.1'),
  /** DingTalk's enterprise internal app (Stream mode): its Client ID (AppKey) and Client Secret (AppSecret). */
  DINGTALK_CLIENT_ID: optionalText,
  DINGTALK_CLIENT_SECRET: optionalText,
  /** The OpenAPI's root (the tests point it at their fake). */
  DINGTALK_API_ROOT: z.url({ message: 'a URL such as https://api.dingtalk.com' }).default('https://api.dingtalk.com'),
  /** The older OpenAPI host, where images and files are uploaded. */
  DINGTALK_OAPI_ROOT: z.url({ message: 'a URL such as https://oapi.dingtalk.com' }).default('https://oapi.dingtalk.com'),
  /** The robot's code; an enterprise internal app's robot has the app's Client ID as its code. */
  DINGTALK_ROBOT_CODE: optionalText,
  /** The least time between two messages to one conversation: DingTalk documents 20 a minute per robot (README, Running on DingTalk). */
  DINGTALK_SEND_INTERVAL_MS: int(3_000, 0, 60_000),
  /** The web console (web/): served when a port is set, on 127.0.0.1 unless WEB_HOST says otherwise. */
  WEB_PORT: decimal('a port from 1 to 65535').pipe(z.number().int().min(1, 'a port from 1 to 65535').max(65535, 'a port from 1 to 65535')).optional(),
  WEB_HOST: z.string().min(1).default('127.0.0.1'),
  /** The console's address as members' browsers reach it (behind a reverse proxy, its https URL). */
  WEB_BASE_URL: z.url({ protocol: /^https?$/, message: 'a URL such as https://fanzha.example.edu.cn' }).optional(),
});

export type Config = z.infer<typeof configSchema>;

export class ConfigError extends Error {
  override name = 'ConfigError';
}

/**
 * Reads the config once. An empty variable means its default, as if it were not set (so
 * `.env.example` is valid as it stands). Every bad value is reported, one line each, naming the
 * variable; a token's value is never shown.
 */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const set = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v.trim() !== ''));
  const result = configSchema.safeParse(set);
  if (result.success) return result.data;
  const lines = new Map<string, string>();
  for (const issue of result.error.issues) {
    const name = String(issue.path[0] ?? 'environment');
    if (lines.has(name)) continue;
    const value = set[name];
    const shown = name.endsWith('TOKEN') || name.endsWith('SECRET') || value === undefined ? '' : ` (got ${JSON.stringify(value.slice(0, 80))})`;
    lines.set(name, `Invalid ${name}${shown}: expected ${issue.message}`);
  }
  throw new ConfigError([...lines.values()].join('\n'));
}

/**
 * Reads `.env` from the working directory into the environment, with Node's own parser
 * (process.loadEnvFile). A variable already set in the environment wins over the file.
 */
export function loadDotEnv(path = '.env'): void {
  if (existsSync(path)) process.loadEnvFile(path);
}

/** The variable that holds each platform's token, to name in a startup error. */
export const TOKEN_VARIABLES = { telegram: 'TELEGRAM_BOT_TOKEN', discord: 'DISCORD_BOT_TOKEN', onebot: 'ONEBOT_ACCESS_TOKEN', qq: 'QQ_APP_SECRET', dingtalk: 'DINGTALK_CLIENT_SECRET' } as const;

/** The platforms configured: a token set, or for OneBot (whose token is optional) a connection. */
function platformTokens(config: Config): string[] {
  const onebot = config.ONEBOT_WS_URL !== undefined || config.ONEBOT_REVERSE_PORT !== undefined;
  const qq = config.QQ_APP_ID !== undefined;
  const dingtalk = config.DINGTALK_CLIENT_ID !== undefined && config.DINGTALK_CLIENT_SECRET !== undefined;
  return [...(config.TELEGRAM_BOT_TOKEN ? ['telegram'] : []), ...(config.DISCORD_BOT_TOKEN ? ['discord'] : []), ...(onebot ? ['onebot'] : []), ...(qq ? ['qq'] : []), ...(dingtalk ? ['dingtalk'] : [])];
}

/** The console chat runs when asked, or by default when no platform token is set. */
export function wantsConsole(config: Config): boolean {
  if (config.CONSOLE !== 'auto') return config.CONSOLE === 'on';
  return platformTokens(config).length === 0;
}

/**
 * Refuses a bot with nowhere to post: it would run, find every due tip without an adapter, and
 * the day's deliveries would be lost to a configuration mistake. Push-only webhook groups
 * (registered with `npm run webhook`) are somewhere to post, with no token to set.
 */
export function requirePlatform(config: Config, webhookGroups = 0): void {
  if (config.QQ_APP_ID && !config.QQ_APP_SECRET) throw new ConfigError('QQ_APP_ID is set without QQ_APP_SECRET: set both, from the bot’s page on q.qq.com (开发设置)');
  if ((config.DINGTALK_CLIENT_ID === undefined) !== (config.DINGTALK_CLIENT_SECRET === undefined)) {
    throw new ConfigError('DingTalk needs both DINGTALK_CLIENT_ID and DINGTALK_CLIENT_SECRET (the app’s Client ID and Client Secret)');
  }
  if (!wantsConsole(config) && platformTokens(config).length === 0 && webhookGroups === 0) {
    throw new ConfigError(
      'No platform configured: set TELEGRAM_BOT_TOKEN, DISCORD_BOT_TOKEN, ONEBOT_WS_URL, ONEBOT_REVERSE_PORT, QQ_APP_ID, DINGTALK_CLIENT_ID with DINGTALK_CLIENT_SECRET or CONSOLE=on, or register a push-only webhook group (npm run webhook -- add)',
    );
  }
}
