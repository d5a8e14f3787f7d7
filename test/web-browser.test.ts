import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../src/paths.ts';
import { spawnMain } from './helpers/spawn-main.ts';

/**
 * The web console in a real browser: Debian's chromium, driven by playwright-core, against
 * `npm start`'s bundle with the console chat beside it. Sign-in comes from /web typed in the
 * console's private chat; the alert sent from the page arrives in the console group.
 */
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const ARTIFACTS = join(PROJECT_ROOT, 'test', 'artifacts');

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

async function waitFor<T>(probe: () => T | undefined, what: string, ms = 30_000): Promise<T> {
  const until = Date.now() + ms;
  for (;;) {
    const found = probe();
    if (found !== undefined) return found;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

let browser: Browser;
beforeAll(async () => {
  if (!existsSync(CHROMIUM)) throw new Error(`no Chromium at ${CHROMIUM}: install Debian's chromium (apt-get install chromium), as .ci/run does, or set CHROMIUM_PATH`);
  // As root (CI containers) Chromium's sandbox cannot start; the pages are our own.
  browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
  mkdirSync(ARTIFACTS, { recursive: true });
});
afterAll(async () => browser?.close());

describe('web console in Chromium, through npm start', () => {
  it('signs in by the /web link, shows the board and a class at phone width, downloads an export, and sends an alert that arrives in the console group', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'classguard-web-'));
    const port = await freePort();
    const bot = spawnMain({ DATABASE_PATH: join(dir, 'bot.db'), CONSOLE: 'on', WEB_PORT: String(port), ADMIN_IDS: 'console:保卫处' }, ['pipe', 'pipe', 'pipe']);
    let out = '';
    bot.stdout!.on('data', (chunk: Buffer) => (out += String(chunk)));
    const type = (...lines: string[]) => bot.stdin!.write(lines.map((l) => `${l}\n`).join(''));
    try {
      type(':as 保卫处', ':dm', '/unit add school-a 甲校 school', ':dm', ':admin on', '/setup 计科2301', '/unit assign school-a', ':dm', '/web');
      const link = await waitFor(() => /http:\/\/127\.0\.0\.1:\d+\/login\/[\w-]+/.exec(out)?.[0], 'the sign-in link');

      const context = await browser.newContext({ viewport: { width: 375, height: 800 }, acceptDownloads: true });
      const page = await context.newPage();
      await page.goto(link);
      await page.getByRole('button', { name: '登录控制台' }).click();
      await page.waitForURL(`http://127.0.0.1:${port}/`);
      await expect.poll(() => page.locator('h2').allTextContents()).toContain('无诈班级榜 · 甲校');
      // ECharts drew the trend (a canvas inside the chart's box).
      await page.locator('.chart canvas').first().waitFor();
      await page.screenshot({ path: join(ARTIFACTS, 'overview-375.png'), fullPage: true });
      // Readable at 375 px: the page itself does not scroll sideways (wide tables scroll in their box).
      expect(await page.evaluate<number>('document.documentElement.scrollWidth')).toBeLessThanOrEqual(375);

      // The English switch is remembered for the next pages; then back to Chinese.
      await page.getByRole('link', { name: 'English' }).click();
      await expect.poll(() => page.locator('h2').allTextContents()).toContain('Fraud-free class board · 甲校');
      await page.goto(`http://127.0.0.1:${port}/library`);
      await expect.poll(() => page.locator('h1').textContent()).toBe('Content library');
      await page.getByRole('link', { name: '中文' }).click();
      await page.goto(`http://127.0.0.1:${port}/`);
      await page.getByRole('link', { name: '甲校 →' }).click();
      await page.getByRole('link', { name: '计科2301' }).click();
      await expect.poll(() => page.locator('h1').textContent()).toBe('计科2301');
      await page.screenshot({ path: join(ARTIFACTS, 'class-375.png'), fullPage: true });
      expect(await page.evaluate<number>('document.documentElement.scrollWidth')).toBeLessThanOrEqual(375);
      const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'XLSX' }).click()]);
      expect(download.suggestedFilename()).toBe('report-console_软件2301-7d.xlsx');
      expect(readFileSync((await download.path())!).subarray(0, 2).toString()).toBe('PK');

      await page.getByRole('link', { name: '预警' }).click();
      await page.locator('textarea[name=text]').fill('近期有人冒充辅导员在群里收“资料费”，请先私下向老师本人确认。');
      await page.getByRole('button', { name: '预览' }).click();
      await expect.poll(() => page.locator('.bubble').first().textContent()).toContain('新手法预警');
      const before = out.length;
      await page.getByRole('button', { name: '确认发送到 1 个班级群' }).click();
      await page.waitForURL(/\/alerts\/1$/);
      await waitFor(() => (out.slice(before).includes('【新手法预警】') ? true : undefined), 'the alert in the console group');
      expect(await page.locator('td').allTextContents()).toContain('已发送');
      await context.close();
    } finally {
      bot.kill('SIGKILL');
      rmSync(dir, { recursive: true, force: true });
    }
  }, 90_000);
});
