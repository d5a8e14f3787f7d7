import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseEnv } from 'node:util';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig, requirePlatform, wantsConsole } from '../src/config.ts';
import { PROJECT_ROOT } from '../src/paths.ts';

describe('config', () => {
  it('runs with nothing set: SQLite in ./data, Shanghai time, zh-CN, the console', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({ DATABASE_PATH: './data/classguard.db', DEFAULT_TIMEZONE: 'Asia/Shanghai', DEFAULT_LOCALE: 'zh-CN' });
    expect(wantsConsole(config)).toBe(true);
    expect(wantsConsole(loadConfig({ TELEGRAM_BOT_TOKEN: '123:abc' }))).toBe(false);
    expect(wantsConsole(loadConfig({ TELEGRAM_BOT_TOKEN: '123:abc', CONSOLE: 'on' }))).toBe(true);
  });

  it.each([
    ['DEFAULT_TIMEZONE', 'Mars/Base', /^Invalid DEFAULT_TIMEZONE \(got "Mars\/Base"\): expected an IANA timezone/],
    ['DEFAULT_TIP_TIME', '25:00', /^Invalid DEFAULT_TIP_TIME .*HH:MM/],
    ['ADMIN_IDS', '12345', /^Invalid ADMIN_IDS .*namespaced ids/],
    ['QUIZ_OPEN_MINUTES', 'soon', /^Invalid QUIZ_OPEN_MINUTES .*whole number from 1/],
    ['DEFAULT_LOCALE', 'fr', /^Invalid DEFAULT_LOCALE/],
  ])('names %s when its value is bad', (name, value, message) => {
    expect(() => loadConfig({ [name]: value })).toThrow(ConfigError);
    expect(() => loadConfig({ [name]: value })).toThrow(message);
  });

  it('DingTalk is a platform with both its Client ID and Secret; one without the other is refused, naming both and neither value', () => {
    const both = loadConfig({ DINGTALK_CLIENT_ID: 'dingabc', DINGTALK_CLIENT_SECRET: 's3cret' });
    expect(wantsConsole(both)).toBe(false);
    expect(both).toMatchObject({ DINGTALK_API_ROOT: 'https://api.dingtalk.com', DINGTALK_SEND_INTERVAL_MS: 3000 });
    expect(() => requirePlatform(both)).not.toThrow();
    const half = loadConfig({ DINGTALK_CLIENT_SECRET: 's3cret', CONSOLE: 'on' });
    expect(() => requirePlatform(half)).toThrow(/^DingTalk needs both DINGTALK_CLIENT_ID and DINGTALK_CLIENT_SECRET/);
    expect(() => requirePlatform(half)).toThrow(expect.objectContaining({ message: expect.not.stringContaining('s3cret') }));
  });

  it('never echoes a token in its error', () => {
    expect(() => loadConfig({ TELEGRAM_BOT_TOKEN: 'secret', TELEGRAM_API_ROOT: 'not a url' })).toThrow(/^Invalid TELEGRAM_API_ROOT/);
  });

  it('takes .env.example as it stands: every empty value means its default', () => {
    const example = parseEnv(readFileSync(join(PROJECT_ROOT, '.env.example'), 'utf8'));
    expect(loadConfig(example)).toEqual(loadConfig({}));
  });

  it('reads an empty variable as its default, never as 0', () => {
    const config = loadConfig({ CATCHUP_WINDOW_HOURS: '', EXAM_PASS_MARK: ' ', QUIZ_COOLDOWN_MINUTES: '', LOG_LEVEL: '' });
    expect(config).toMatchObject({ CATCHUP_WINDOW_HOURS: 3, EXAM_PASS_MARK: 0.8, QUIZ_COOLDOWN_MINUTES: 10 });
    expect(config.LOG_LEVEL).toBeUndefined();
    expect(loadConfig({ CATCHUP_WINDOW_HOURS: '0', EXAM_PASS_MARK: '0.6' })).toMatchObject({ CATCHUP_WINDOW_HOURS: 0, EXAM_PASS_MARK: 0.6 });
  });

  it('accepts times as /settings does, and stores them as HH:MM', () => {
    expect(loadConfig({ DEFAULT_TIP_TIME: '8:00', DEFAULT_ARTICLE_TIME: '7：30' })).toMatchObject({ DEFAULT_TIP_TIME: '08:00', DEFAULT_ARTICLE_TIME: '07:30' });
  });

  it.each([
    ['TERM_STARTS', '2026-13-45', /^Invalid TERM_STARTS \(got "2026-13-45"\): expected comma-separated real dates/],
    ['TERM_STARTS', '2026-09-01,2026-02-30', /^Invalid TERM_STARTS .*real dates/],
    ['CATCHUP_WINDOW_HOURS', '0x10', /^Invalid CATCHUP_WINDOW_HOURS \(got "0x10"\): expected a number of hours from 0 to 48/],
    ['CATCHUP_WINDOW_HOURS', '1e1', /^Invalid CATCHUP_WINDOW_HOURS/],
    ['DEFAULT_TIMEZONE', 'EST', /^Invalid DEFAULT_TIMEZONE \(got "EST"\): expected an IANA timezone such as Asia\/Shanghai$/],
    ['ADMIN_IDS', 'telegram:abc', /^Invalid ADMIN_IDS \(got "telegram:abc"\): expected comma-separated namespaced ids/],
    ['ADMIN_IDS', 'discord:-5', /^Invalid ADMIN_IDS/],
    ['EXAM_PASS_MARK', '80', /^Invalid EXAM_PASS_MARK \(got "80"\): expected a fraction from 0 to 1/],
    ['DISCORD_GLOBAL_COMMANDS', 'maybe', /^Invalid DISCORD_GLOBAL_COMMANDS \(got "maybe"\): expected true or false$/],
  ])('refuses %s=%s with one line naming it', (name, value, message) => {
    expect(() => loadConfig({ [name]: value })).toThrow(message);
    expect(() => loadConfig({ [name]: value })).toThrow(expect.objectContaining({ message: expect.not.stringContaining('\n') }));
  });

  it('accepts the ids and zones schools use', () => {
    expect(loadConfig({ ADMIN_IDS: 'telegram:-1001234, discord:112233445566778899, console:张三', DEFAULT_TIMEZONE: 'America/Argentina/Buenos_Aires' })).toMatchObject({
      ADMIN_IDS: ['telegram:-1001234', 'discord:112233445566778899', 'console:张三'],
    });
    expect(loadConfig({ DEFAULT_TIMEZONE: 'UTC' }).DEFAULT_TIMEZONE).toBe('UTC');
  });

  it('reports every bad variable, one line each', () => {
    let message = '';
    try {
      loadConfig({ DEFAULT_TIMEZONE: 'EST', TERM_STARTS: '2026-02-30', QUIZ_OPEN_MINUTES: '0' });
    } catch (err) {
      message = (err as Error).message;
    }
    expect(message.split('\n')).toEqual([
      expect.stringMatching(/^Invalid DEFAULT_TIMEZONE/),
      expect.stringMatching(/^Invalid TERM_STARTS/),
      expect.stringMatching(/^Invalid QUIZ_OPEN_MINUTES \(got "0"\): expected a whole number from 1 to 1440$/),
    ]);
  });
});
