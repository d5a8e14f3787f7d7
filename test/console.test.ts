import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../src/paths.ts';
import { runConsole } from './helpers/run-console.ts';

describe('console adapter, as a child process with piped stdin', () => {
  it('prints the Chinese help and exits 0 at end of input', () => {
    const run = runConsole('/help\n');
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(run.stdout).toContain('可用命令');
    expect(run.stdout).toContain('/setup');
  });

  it('switches group, member and admin rights, and registers a class', () => {
    const run = runConsole(['/setup 软件2301', ':admin on', '/setup 软件2301 学生', ':group 网安2302', ':as 李四', '/help'].join('\n'));
    expect(run.status).toBe(0);
    expect(run.stdout).toContain('只有本群管理员');
    expect(run.stdout).toContain('已登记：软件2301');
    expect(run.stdout).toContain('📍 当前群：网安2302');
    expect(run.stdout).toContain('👤 当前成员：李四');
  });

  it('refuses to start with one line naming a bad environment variable', () => {
    const run = runConsole('/help\n', { DEFAULT_TIMEZONE: 'Mars/Base' });
    expect(run.status).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr.trim().split('\n')).toEqual([expect.stringMatching(/^Invalid DEFAULT_TIMEZONE .*Asia\/Shanghai/)]);
  });

  it('refuses to start with no platform and the console off, instead of losing the day’s tips', () => {
    const run = runConsole('/help\n', { CONSOLE: 'off' });
    expect(run.status).toBe(1);
    expect(run.stderr.trim()).toBe('No platform configured: set TELEGRAM_BOT_TOKEN, DISCORD_BOT_TOKEN, ONEBOT_WS_URL, ONEBOT_REVERSE_PORT, QQ_APP_ID, DINGTALK_CLIENT_ID with DINGTALK_CLIENT_SECRET or CONSOLE=on, or register a push-only webhook group (npm run webhook -- add)');
  });

  it('reads .env from the working directory, where the environment wins over the file', () => {
    const cwd = mkdtempSync(join(tmpdir(), 'classguard-dotenv-'));
    writeFileSync(join(cwd, '.env'), ['# a deployment’s settings', 'DEFAULT_LOCALE=en', 'DEFAULT_TIMEZONE=Mars/Base', 'LOG_LEVEL=', ''].join('\n'));
    const run = runConsole('/help\n', { CONTENT_DIR: join(PROJECT_ROOT, 'content'), DEFAULT_TIMEZONE: 'Asia/Shanghai' }, cwd);
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(run.stdout).toContain('Commands');
    const bad = runConsole('/help\n', { CONTENT_DIR: join(PROJECT_ROOT, 'content') }, cwd);
    expect(bad.status).toBe(1);
    expect(bad.stderr.trim()).toMatch(/^Invalid DEFAULT_TIMEZONE \(got "Mars\/Base"\)/);
  });

  it('saves the report exports, whose libraries the bundle loads on first use, beside the database', () => {
    const run = runConsole([':admin on', '/setup 软件2301 学生', '/report chart', '/report xlsx'].join('\n'));
    expect(run.status).toBe(0);
    expect(run.stderr).toBe('');
    const files = join(run.dir, 'console-files');
    expect(run.stdout).toContain(`📎 图片已保存：${join(files, '软件2301_近7天_反诈报告.png')}`);
    // A PNG's signature, and an XLSX is a zip.
    expect(readFileSync(join(files, '软件2301_近7天_反诈报告.png')).subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
    expect(readFileSync(join(files, '软件2301_近7天_反诈报告.xlsx')).subarray(0, 2).toString()).toBe('PK');
  });

  it('answers a console meta-command it does not know with a hint', () => {
    const run = runConsole(':frobnicate\n:time 2026-12-01 08:00\n');
    expect(run.status).toBe(0);
    expect(run.stdout).toContain(':help');
    expect(run.stdout).toContain('🕒 2026-12-01 08:00 (Asia/Shanghai)');
  });
});

describe('console adapter: the scheduled content', () => {
  it(':advance shows the next tip, and pressing its button records the acknowledgement', () => {
    const run = runConsole(
      [':time 2026-12-01 07:59', ':admin on', '/setup 软件2301', ':advance 1m', '1', '1', ':advance 1d'].join('\n'),
    );
    expect(run.status).toBe(0);
    const out = run.stdout;
    expect(out).toContain('【每日反诈提示】');
    expect(out).toContain('[1] 已阅 ✅');
    expect(out).toContain('已确认，谢谢！本条已阅 1 人。');
    expect(out).toContain('你已确认过');
    expect(out).toContain('🕒 2026-12-02 08:00 (Asia/Shanghai)');
    expect(out).toContain('[2] 已阅 ✅');
    expect(out.match(/【每日反诈提示】/g)).toHaveLength(2);
  });

  it(':advance 8d after /setup shows each day’s tip and the weekly article in order, as if the days went by', () => {
    const run = runConsole([':time 2026-12-01 07:55', ':admin on', '/setup 软件2301 学生', ':advance 8d'].join('\n'));
    expect(run.status).toBe(0);
    const posted = run.stdout.split('\n').filter((l) => l.startsWith('【每日反诈提示】') || l.startsWith('【每周反诈文章'));
    // 1–8 December at 08:00, and Monday the 7th at 20:00 between that day's tip and the next.
    expect(posted.map((l) => (l.startsWith('【每日') ? 'tip' : 'article'))).toEqual(['tip', 'tip', 'tip', 'tip', 'tip', 'tip', 'tip', 'article', 'tip']);
    expect(run.stdout.trimEnd().split('\n').at(-1)).toBe('🕒 2026-12-09 07:55 (Asia/Shanghai)');
  });

  it(':down is downtime: a slot within the catch-up window is sent late, one outside it is not', () => {
    const within = runConsole([':time 2026-12-01 07:00', ':admin on', '/setup 软件2301 学生', ':down 2h'].join('\n'));
    expect(within.stdout).toContain('【每日反诈提示】');
    const beyond = runConsole([':time 2026-12-01 07:00', ':admin on', '/setup 软件2301 学生', ':down 5h'].join('\n'));
    expect(beyond.status).toBe(0);
    expect(beyond.stdout).not.toContain('【每日反诈提示】');
  });

  it(':advance over 400 days shows one line a day, ending on the last day', () => {
    const run = runConsole([':time 2026-12-01 07:55', ':admin on', '/setup 软件2301 学生', ':advance 400d'].join('\n'));
    expect(run.status).toBe(0);
    const days = run.stdout.split('\n').filter((l) => l.startsWith('📅 '));
    const dates = days.map((d) => /^📅 (\d{4}-\d{2}-\d{2}) /.exec(d)?.[1]);
    expect(new Set(dates).size).toBe(400);
    expect(dates.filter((d) => !d || d < '2026-12-01' || d > '2028-01-04')).toEqual([]);
    expect(days).toHaveLength(400);
    expect(days[0]).toMatch(/^📅 2026-12-01 {2}→ 软件2301 每日反诈提示 ×1/);
    expect(days.filter((l) => l.includes('每周反诈文章 ×1'))).toHaveLength(57);
    expect(days.at(-1)).toMatch(/^📅 2028-01-04 /);
    expect(run.stdout).not.toContain('【每日反诈提示】');
  });
});
