import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig, wantsConsole } from '../src/config.ts';

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

  it('never echoes a token in its error', () => {
    expect(() => loadConfig({ TELEGRAM_BOT_TOKEN: 'secret', TELEGRAM_API_ROOT: 'not a url' })).toThrow(/^Invalid TELEGRAM_API_ROOT/);
  });
});
