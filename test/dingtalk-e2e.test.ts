/**
 * Issue 17 end to end: `npm start`'s bundle with DINGTALK_* set, against the fake open platform
 * in test/fake-dingtalk/, as a school would run it.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { memberId } from '../src/core/ids.ts';
import { addDays, localParts } from '../src/core/time.ts';
import { closeDatabase, openDatabase } from '../src/db/client.ts';
import { acknowledgements, deliveries } from '../src/db/schema.ts';
import { FakeDingTalk, person } from './fake-dingtalk/server.ts';
import { spawnMain } from './helpers/spawn-main.ts';

const CID = 'cidE2eClass==';
const teacher = person('0101', '王老师');
const zhang = person('0201', '张三');
const SCAM = '【通知】您的账户涉嫌洗钱，请立即将资金转入安全账户配合调查 http://1.2.3.4/a';

/** `npm start`'s bundle against the fake, its input piped (the console's `:time`, with CONSOLE=on) and its stderr kept. */
function spawnBot(fake: FakeDingTalk, env: Record<string, string> = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'classguard-dingtalk-'));
  const dbPath = join(dir, 'bot.db');
  const child = spawnMain(
    { DATABASE_PATH: dbPath, DINGTALK_CLIENT_ID: fake.clientId, DINGTALK_CLIENT_SECRET: fake.clientSecret, DINGTALK_API_ROOT: fake.apiRoot, DINGTALK_OAPI_ROOT: fake.apiRoot, DINGTALK_SEND_INTERVAL_MS: '0', LOG_LEVEL: 'info', ...env },
    ['pipe', 'ignore', 'pipe'],
  );
  let err = '';
  child.stderr!.on('data', (chunk: Buffer) => (err += String(chunk)));
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  return { child, dbPath, exited, stderr: () => err, dispose: () => (child.kill('SIGKILL'), rmSync(dir, { recursive: true, force: true })) };
}

describe('DingTalk: npm start', () => {
  it('/setup by a group admin, a tip made due by :time, a member’s 1 recorded as 已阅, a pasted scam triaged privately', async () => {
    const fake = await FakeDingTalk.listen('e2e-client-secret');
    // CONSOLE=on beside DingTalk: its `:time` moves the bot's clock and runs a tick.
    const bot = spawnBot(fake, { CONSOLE: 'on' });
    try {
      await fake.waitFor(() => fake.connected, 30_000);
      fake.say(teacher, '/setup 软件2301', { group: CID, isAdmin: true });
      await fake.waitFor(() => fake.sentTo(CID).some((m) => m.text.includes('已登记：软件2301')), 30_000);

      // Three days on at 08:01 (the default tip time is 08:00): the bot's own clock found no slot before.
      const today = localParts(new Date(), 'Asia/Shanghai');
      const day = addDays(today.year, today.month, today.day, 3);
      const pad = (n: number) => String(n).padStart(2, '0');
      bot.child.stdin!.write(`:time ${day.year}-${pad(day.month)}-${pad(day.day)} 08:01\n`);
      await fake.waitFor(() => fake.sentTo(CID).some((m) => m.text.includes('每日反诈提示')), 30_000);
      const tipMessage = fake.sentTo(CID).find((m) => m.text.includes('每日反诈提示'))!;
      expect(tipMessage).toMatchObject({ via: 'group', msgKey: 'sampleMarkdown' });
      expect(tipMessage.text).toMatch(/@机器人 回复 1 已阅 ✅$/);

      // The fake shows the tip as soon as it is asked to send it; the bot learns its reply code a
      // moment later, from the answer. A `1` in between is chatter, so it is said again until answered.
      const confirmed = () => fake.sentPrivately(zhang.staffId).some((m) => m.text.includes('已确认'));
      for (let tries = 0; tries < 20 && !confirmed(); tries++) {
        fake.say(zhang, '1', { group: CID });
        await fake.waitFor(confirmed, 1_000).catch(() => {});
      }
      expect(confirmed()).toBe(true);

      fake.say(zhang, `你好同学\n${SCAM}`);
      await fake.waitFor(() => fake.sentPrivately(zhang.staffId).some((m) => m.text.includes('风险：高')), 30_000);

      bot.child.kill('SIGTERM');
      expect(await bot.exited).toBe(0);
      expect(bot.stderr()).not.toContain('e2e-client-secret');
      expect(bot.stderr()).not.toMatch(/ticket\d/);
      const db = openDatabase(bot.dbPath);
      try {
        const tip = db.select().from(deliveries).all().find((d) => d.kind === 'tip' && d.status === 'sent')!;
        expect(tip.messageId).toBe(tipMessage.processQueryKey);
        expect(db.select().from(acknowledgements).all()).toEqual([expect.objectContaining({ deliveryId: tip.id, memberId: memberId('dingtalk', zhang.staffId) })]);
      } finally {
        closeDatabase(db);
      }
    } finally {
      bot.dispose();
      await fake.close();
    }
  }, 90_000);

  it('stops startup with one line naming DINGTALK_CLIENT_SECRET when DingTalk refuses it', async () => {
    const fake = await FakeDingTalk.listen('right-secret');
    const bot = spawnBot(fake, { DINGTALK_CLIENT_SECRET: 'wrong-secret' });
    try {
      expect(await bot.exited).toBe(1);
      expect(bot.stderr().trim().split('\n')).toEqual([expect.stringMatching(/^DINGTALK_CLIENT_SECRET was rejected by dingtalk \(access token: HTTP 400 invalidClientSecret\): check the token$/)]);
      expect(bot.stderr()).not.toContain('wrong-secret');
    } finally {
      bot.dispose();
      await fake.close();
    }
  }, 60_000);
});
