/**
 * Issue 16: QQ through OneBot v11. The real core (temp SQLite, real migrations) with the
 * OneBot adapter, over real WebSockets, against the fake implementation in test/fake-onebot/.
 */
import { eq } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import { OneBotAdapter } from '../adapters/onebot/index.ts';
import { groupId, memberId } from '../src/core/ids.ts';
import { addDays, localParts } from '../src/core/time.ts';
import { closeDatabase, openDatabase } from '../src/db/client.ts';
import { CredentialsRejected } from '../src/core/adapter.ts';
import { p } from '../src/core/message.ts';
import { acknowledgements, deliveries, groupMembers, groups, quizAnswers } from '../src/db/schema.ts';
import { startOneBot, type OneBotHarness } from './fake-onebot/harness.ts';
import { FakeOneBot, person } from './fake-onebot/server.ts';
import { spawnBot as spawnOneBotMain } from './helpers/spawn-main.ts';

const SEVEN = new Date('2026-11-30T23:00:00Z');
const EIGHT = new Date('2026-12-01T00:00:00Z');
const CLS = 700100;
const obGroup = groupId('onebot', `group:${CLS}`);
const teacher = person(1001, '王老师');
const zhang = person(2001, '张三');
const li = person(2002, '李测试');
const SCAM = '【通知】您的账户涉嫌洗钱，请立即将资金转入安全账户配合调查 http://1.2.3.4/a';

let h: OneBotHarness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

async function start(): Promise<OneBotHarness> {
  h = await startOneBot({ now: SEVEN });
  return h;
}

async function setUp(): Promise<void> {
  h!.fake.setAdmin(CLS, teacher.userId);
  await h!.deliver(h!.fake.say(teacher, '/setup 软件2301', CLS));
  expect(h!.app.groups.get(obGroup)?.setupAt).toBeTruthy();
}

async function tip() {
  h!.clock.set(EIGHT);
  await h!.app.scheduler.tick();
  return h!.fake.sentTo(CLS).at(-1)!;
}

const acks = () => h!.db.select().from(acknowledgements).all().map((a) => a.memberId);

describe('OneBot: connecting', () => {
  it('a wrong access token is refused as CredentialsRejected; the right one connects and learns the bot’s QQ number', async () => {
    const fake = await FakeOneBot.listen('right');
    try {
      const wrong = new OneBotAdapter({ url: fake.url, token: 'wrong', sendIntervalMs: 0 });
      await expect(wrong.start(async () => {})).rejects.toBeInstanceOf(CredentialsRejected);
      const none = new OneBotAdapter({ url: fake.url, sendIntervalMs: 0 });
      await expect(none.start(async () => {})).rejects.toBeInstanceOf(CredentialsRejected);
      const right = new OneBotAdapter({ url: fake.url, token: 'right', sendIntervalMs: 0 });
      await right.start(async () => {});
      expect(fake.calls.map((c) => c.action)).toEqual(['get_login_info']);
      await right.stop();
    } finally {
      await fake.close();
    }
  });

  it('reverse WebSocket: the implementation connects with X-Self-ID and the token; a wrong token gets 403', async () => {
    const port = 20000 + Math.floor(Math.random() * 20000);
    const events: string[] = [];
    const adapter = new OneBotAdapter({ reverse: { host: '127.0.0.1', port }, token: 'tok', sendIntervalMs: 0 });
    let handled: () => void = () => {};
    const seen = new Promise<void>((resolve) => (handled = resolve));
    await adapter.start(async (event) => {
      events.push(event.type === 'message' ? event.text : event.type);
      handled();
    });
    const fake = new FakeOneBot('tok');
    try {
      await expect(fake.dial(`ws://127.0.0.1:${port}/`, 'bad')).rejects.toThrow('HTTP 403');
      await fake.dial(`ws://127.0.0.1:${port}/`);
      fake.say(zhang, '你好');
      await seen;
      expect(events).toEqual(['你好']);
      expect(await adapter.perform({ type: 'send', to: { member: memberId('onebot', zhang.userId) }, message: { blocks: [p('hi')] } })).toMatchObject({ ok: true });
      expect(fake.sentPrivately(zhang.userId).at(-1)?.text).toBe('hi');
    } finally {
      await adapter.stop();
      await fake.close();
    }
  });

  it('an action with no answer times out cleanly as transient; without a connection, unavailable', async () => {
    const fake = await FakeOneBot.listen();
    const adapter = new OneBotAdapter({ url: fake.url, sendIntervalMs: 0, actionTimeoutMs: 200 });
    try {
      await adapter.start(async () => {});
      fake.silent.add('send_group_msg');
      expect(await adapter.perform({ type: 'send', to: { group: obGroup }, message: { blocks: [p('x')] } })).toMatchObject({ ok: false, reason: 'transient' });
      await adapter.stop();
      expect(await adapter.perform({ type: 'send', to: { group: obGroup }, message: { blocks: [p('x')] } })).toMatchObject({ ok: false, reason: 'unavailable' });
    } finally {
      await fake.close();
    }
  });
});

describe('OneBot: the campaign', () => {
  it('/setup by a group admin (per sender.role); a member is refused; the roster follows group_increase/decrease', async () => {
    await start();
    await h!.deliver(h!.fake.say(zhang, '/setup 软件2301', CLS));
    expect(h!.fake.sentTo(CLS).at(-1)?.text).toContain('只有本群管理员');
    await setUp();
    expect(h!.fake.sentTo(CLS).at(-1)?.text).toContain('已登记：软件2301');
    // The reply quotes the command.
    expect(h!.fake.sentTo(CLS).at(-1)?.segments[0]?.type).toBe('reply');
    await h!.deliver(h!.fake.notice({ notice_type: 'group_increase', sub_type: 'approve', group_id: CLS, user_id: li.userId, operator_id: teacher.userId }));
    const row = () => h!.db.select().from(groupMembers).where(eq(groupMembers.memberId, memberId('onebot', li.userId))).get();
    expect(row()).toMatchObject({ groupId: obGroup, active: true });
    await h!.deliver(h!.fake.notice({ notice_type: 'group_decrease', sub_type: 'leave', group_id: CLS, user_id: li.userId, operator_id: li.userId }));
    expect(row()?.active).toBe(false);
  });

  it('a tip shows 回复 1; a member’s 1, a quote-reply 1 and a reaction are each that member’s 已阅; a [CQ: text stays literal', async () => {
    await start();
    await setUp();
    const sent = await tip();
    expect(sent.text).toContain('每日反诈提示');
    expect(sent.text).toMatch(/回复 1 已阅/);
    expect(h!.db.select().from(deliveries).all().find((d) => d.kind === 'tip')).toMatchObject({ status: 'sent', messageId: String(sent.messageId) });

    await h!.deliver(h!.fake.say(zhang, '1', CLS));
    expect(acks()).toEqual([memberId('onebot', zhang.userId)]);
    // The answer goes privately (a temporary session through the group), not into the busy group.
    expect(h!.fake.sentPrivately(zhang.userId).at(-1)?.text).toContain('已确认');
    expect(h!.fake.calls.filter((c) => c.action === 'send_private_msg').at(-1)?.params.group_id).toBe(CLS);

    // A newer message with a code 1 (another tip's, shown later): a quote-reply still picks the older tip.
    await h!.app.transport.send({ group: obGroup }, { blocks: [p('其他 [CQ:at,qq=all] 消息')], buttons: [[{ label: '别的', token: 'ack:999999' }]] });
    expect(h!.fake.sentTo(CLS).at(-1)?.text).toContain('[CQ:at,qq=all]');
    expect(h!.fake.sentTo(CLS).at(-1)?.segments.map((s) => s.type)).toEqual(['text']);
    await h!.deliver(h!.fake.say(li, '1', CLS, sent.messageId));
    expect(acks()).toEqual([memberId('onebot', zhang.userId), memberId('onebot', li.userId)]);

    await h!.deliver(h!.fake.react(teacher, CLS, sent.messageId));
    expect(acks()).toHaveLength(3);
    // Another group's member cannot press this group's code.
    await h!.deliver(h!.fake.say(person(3001, '外人'), '1', 700200));
    expect(acks()).toHaveLength(3);
  });

  it('QQ cannot edit, so a tip has no live count; the next day’s tip says how many acknowledged the one before', async () => {
    await start();
    await setUp();
    const first = await tip();
    expect(first.text).toContain('学校保卫处 · 无诈班级助手\n回复 1 已阅 ✅');
    expect(first.text).not.toMatch(/已阅 \d+ 人/);
    await h!.deliver(h!.fake.say(zhang, '1', CLS));
    await h!.deliver(h!.fake.say(li, '1', CLS));
    await h!.app.acks.flush();
    expect(h!.fake.calls.filter((c) => c.action.includes('edit'))).toEqual([]);

    h!.clock.set(new Date(EIGHT.getTime() + 86_400_000));
    await h!.app.scheduler.tick();
    const next = h!.fake.sentTo(CLS).at(-1)!;
    expect(next.messageId).not.toBe(first.messageId);
    expect(next.text).toContain('学校保卫处 · 无诈班级助手 · 上期已阅 2 人\n回复 1 已阅 ✅');
  });

  it('/quiz is answered by letter; the result is told privately', async () => {
    await start();
    await setUp();
    await h!.deliver(h!.fake.say(teacher, '/quiz', CLS));
    const question = h!.fake.sentTo(CLS).at(-1)!;
    expect(question.text).toMatch(/回复 A\/B\/C/);
    await h!.deliver(h!.fake.say(li, 'b', CLS));
    expect(h!.db.select().from(quizAnswers).all()).toHaveLength(1);
    expect(h!.fake.sentPrivately(li.userId).at(-1)?.text).toMatch(/回答正确|回答错误/);
    expect(h!.fake.sentTo(CLS).some((m) => m.text.includes('李测试'))).toBe(false);
  });

  it('/report posts aggregates in the group and sends the follow-up list privately', async () => {
    await start();
    await setUp();
    await h!.deliver(h!.fake.say(zhang, '老师好', CLS));
    await h!.deliver(h!.fake.say(li, '收到', CLS));
    await tip();
    await h!.deliver(h!.fake.say(zhang, '1', CLS));
    await h!.deliver(h!.fake.say(teacher, '/report', CLS));
    expect(h!.fake.sentTo(CLS).at(-1)?.text).toContain('反诈宣传报告 · 软件2301');
    const follow = h!.fake.sentPrivately(teacher.userId).map((m) => m.text).join('\n');
    expect(follow).toContain('近7天未确认的成员');
    expect(follow).toContain('李测试');
    await h!.deliver(h!.fake.say(teacher, '/report csv', CLS));
    expect(h!.fake.uploads.at(-1)).toMatchObject({ action: 'upload_private_file', params: { user_id: teacher.userId, name: expect.stringMatching(/\.csv$/) } });
  });

  it('a forwarded 聊天记录 in a private chat is fetched with get_forward_msg and triaged', async () => {
    await start();
    await h!.deliver(h!.fake.forward(zhang, ['你好同学', SCAM]));
    expect(h!.fake.calls.some((c) => c.action === 'get_forward_msg')).toBe(true);
    expect(h!.fake.sentPrivately(zhang.userId).at(-1)?.text).toContain('风险：高');
  });

  it('查 as a quote-reply in the group checks the quoted message (get_msg) and answers privately', async () => {
    await start();
    await setUp();
    const scam = h!.fake.say(li, SCAM, CLS);
    await h!.deliver(scam);
    const before = h!.fake.sentTo(CLS).length;
    await h!.deliver(h!.fake.say(zhang, '查', CLS, Number(scam.message_id)));
    expect(h!.fake.calls.some((c) => c.action === 'get_msg')).toBe(true);
    expect(h!.fake.sentPrivately(zhang.userId).at(-1)?.text).toContain('风险：高');
    expect(h!.fake.sentTo(CLS)).toHaveLength(before);
  });

  it('the bot removed from the group (kick_me) makes it inactive', async () => {
    await start();
    await setUp();
    await h!.deliver(h!.fake.notice({ notice_type: 'group_decrease', sub_type: 'kick_me', group_id: CLS, user_id: h!.fake.selfId, operator_id: teacher.userId }));
    expect(h!.db.select().from(groups).where(eq(groups.id, obGroup)).get()?.active).toBe(false);
  });

  it('a dropped connection is reconnected and the event sent meanwhile is handled', async () => {
    await start();
    await setUp();
    const sent = await tip();
    h!.fake.drop();
    const pending = h!.fake.say(zhang, '1', CLS, sent.messageId);
    await h!.deliver(pending);
    expect(h!.fake.connections).toBe(2);
    expect(acks()).toEqual([memberId('onebot', zhang.userId)]);
  });
});

describe('OneBot: npm start', () => {
  /** Once the bot has connected, a group admin's /setup, answered in the group. */
  async function setUpThrough(fake: FakeOneBot): Promise<void> {
    await fake.waitFor(() => fake.calls.some((c) => c.action === 'get_login_info'), 30_000);
    fake.setAdmin(CLS, teacher.userId);
    fake.say(teacher, '/setup 软件2301', CLS);
    await fake.waitFor(() => fake.sentTo(CLS).some((m) => m.text.includes('已登记：软件2301')), 30_000);
  }

  /** `npm start`'s bundle against the fake, sends unpaced. */
  const spawnBot = (env: Record<string, string>, logs: 'stdout' | 'stderr', stdin = false) => spawnOneBotMain({ ONEBOT_SEND_INTERVAL_MS: '0', ...env }, logs, stdin);

  it('/setup, then the console’s :time makes the tip due: it arrives with 回复 1, a member’s 1 is her 已阅, and /report sends the list privately', async () => {
    const fake = await FakeOneBot.listen('e2e-token');
    // CONSOLE=on beside QQ: its `:time` moves the bot's clock and runs a tick. Logs go to stderr then.
    const bot = spawnBot({ ONEBOT_WS_URL: fake.url, ONEBOT_ACCESS_TOKEN: 'e2e-token', CONSOLE: 'on' }, 'stderr', true);
    try {
      await setUpThrough(fake);
      fake.say(li, '收到', CLS);

      // Three days on at 08:01 (the default tip time is 08:00): the bot's own clock found no slot before.
      const today = localParts(new Date(), 'Asia/Shanghai');
      const day = addDays(today.year, today.month, today.day, 3);
      const pad = (n: number) => String(n).padStart(2, '0');
      bot.child.stdin!.write(`:time ${day.year}-${pad(day.month)}-${pad(day.day)} 08:01\n`);
      await fake.waitFor(() => fake.sentTo(CLS).some((m) => m.text.includes('每日反诈提示')), 30_000);
      const tipMessage = fake.sentTo(CLS).find((m) => m.text.includes('每日反诈提示'))!;
      expect(tipMessage.text).toMatch(/回复 1 已阅 ✅$/);
      expect(tipMessage.text).not.toMatch(/已阅 \d+ 人/);

      // The fake shows the tip as soon as it is asked to send it; the bot learns its reply code a
      // moment later, from the answer. A `1` in between is chatter, so it is said again until answered.
      const confirmed = () => fake.sentPrivately(zhang.userId).some((m) => m.text.includes('已确认'));
      for (let tries = 0; tries < 20 && !confirmed(); tries++) {
        fake.say(zhang, '1', CLS);
        await fake.waitFor(confirmed, 1_000).catch(() => {});
      }
      expect(confirmed()).toBe(true);

      const inGroup = fake.sentTo(CLS).length;
      fake.say(teacher, '/report', CLS);
      await fake.waitFor(() => fake.sentPrivately(teacher.userId).some((m) => m.text.includes('近7天未确认的成员')), 30_000);
      const follow = fake.sentPrivately(teacher.userId).map((m) => m.text).join('\n');
      expect(follow).toContain('李测试');
      expect(follow).not.toContain('张三');
      // In the group: the aggregates only, never the names.
      const posted = fake.sentTo(CLS).slice(inGroup);
      expect(posted.map((m) => m.text).join('\n')).toContain('反诈宣传报告 · 软件2301');
      expect(posted.some((m) => m.text.includes('李测试'))).toBe(false);

      bot.child.kill('SIGTERM');
      expect(await bot.exited).toBe(0);
      const db = openDatabase(bot.dbPath);
      try {
        const tips = db.select().from(deliveries).all().filter((d) => d.kind === 'tip');
        expect(tips.filter((d) => d.status === 'sent')).toEqual([expect.objectContaining({ messageId: String(tipMessage.messageId) })]);
        expect(db.select().from(acknowledgements).all()).toEqual([expect.objectContaining({ deliveryId: tips.find((d) => d.status === 'sent')!.id, memberId: memberId('onebot', zhang.userId) })]);
      } finally {
        closeDatabase(db);
      }
    } finally {
      bot.dispose();
      await fake.close();
    }
  }, 60_000);

  it('connects to ONEBOT_WS_URL: /setup by a group admin, a quiz answered by letter, a forwarded record triaged, a dropped connection with no lost event', async () => {
    const fake = await FakeOneBot.listen('e2e-token');
    const bot = spawnBot({ ONEBOT_WS_URL: fake.url, ONEBOT_ACCESS_TOKEN: 'e2e-token' }, 'stdout');
    try {
      await setUpThrough(fake);

      fake.say(teacher, '/quiz', CLS);
      await fake.waitFor(() => fake.sentTo(CLS).some((m) => /回复 A\/B\/C/.test(m.text)), 30_000);
      fake.say(li, 'A', CLS);
      await fake.waitFor(() => fake.sentPrivately(li.userId).some((m) => /回答正确|回答错误/.test(m.text)), 30_000);

      fake.drop();
      fake.forward(zhang, ['你好同学', SCAM]);
      await fake.waitFor(() => fake.sentPrivately(zhang.userId).some((m) => m.text.includes('风险：高')), 30_000);
      expect(fake.connections).toBe(2);
      expect(bot.output()).not.toContain('e2e-token');
      bot.child.kill('SIGTERM');
      expect(await bot.exited).toBe(0);
    } finally {
      bot.dispose();
      await fake.close();
    }
  }, 90_000);

  it('stops startup with one line naming ONEBOT_ACCESS_TOKEN when the implementation refuses it', async () => {
    const fake = await FakeOneBot.listen('right');
    const bot = spawnBot({ ONEBOT_WS_URL: fake.url, ONEBOT_ACCESS_TOKEN: 'wrong-token' }, 'stderr');
    try {
      expect(await bot.exited).toBe(1);
      expect(bot.output().trim().split('\n')).toEqual([expect.stringMatching(/^ONEBOT_ACCESS_TOKEN was rejected by onebot \(HTTP 403\): check the token$/)]);
      expect(bot.output()).not.toContain('wrong-token');
    } finally {
      bot.dispose();
      await fake.close();
    }
  }, 60_000);
});

describe('OneBot: encoding and decoding', () => {
  it('a long text is split in parts, the reply codes on the last; an image goes as base64; a file is uploaded to the group', async () => {
    await start();
    const outcome = await h!.app.transport.send(
      { group: obGroup },
      {
        title: '长消息',
        blocks: [p('甲'.repeat(1400)), p('乙'.repeat(1400))],
        buttons: [[{ label: '已阅 ✅', token: 'ack:1' }]],
        attachments: [
          { kind: 'image', filename: 'chart.png', mime: 'image/png', data: new Uint8Array([1, 2, 3]) },
          { kind: 'file', filename: 'report.csv', mime: 'text/csv', data: new TextEncoder().encode('a,b\n') },
        ],
      },
    );
    const parts = h!.fake.sentTo(CLS);
    expect(parts.map((m) => m.segments.map((s) => s.type).join())).toEqual(['text', 'text', 'image']);
    expect(parts.every((m) => m.text.length <= 1500)).toBe(true);
    expect(parts[1]!.text).toMatch(/回复 1 已阅 ✅$/);
    expect(parts[2]!.segments[0]!.data.file).toBe('base64://AQID');
    expect(h!.fake.uploads).toEqual([{ action: 'upload_group_file', params: { group_id: CLS, name: 'report.csv', file: 'base64://YSxiCg==' } }]);
    expect(outcome).toEqual({ ok: true, messageId: String(parts[2]!.messageId) });
  });

  it('an @ of the bot is no part of the command; a message posted as a CQ-coded string is read as text', async () => {
    await start();
    await h!.deliver(h!.fake.say(zhang, [{ type: 'at', data: { qq: String(h!.fake.selfId) } }, { type: 'text', data: { text: ' /help' } }], CLS));
    expect(h!.fake.sentTo(CLS).at(-1)?.text).toContain('可用命令');
    const before = h!.fake.sentPrivately(zhang.userId).length;
    await h!.deliver(h!.fake.notice({ post_type: 'message', message_type: 'private', sub_type: 'friend', message_id: 1, user_id: zhang.userId, message: '[CQ:face,id=1]/help', sender: { user_id: zhang.userId, nickname: '张三' } }));
    expect(h!.fake.sentPrivately(zhang.userId)).toHaveLength(before + 1);
  });

  it('a send refused as “not in this group” makes the group inactive, and the tip is not retried', async () => {
    await start();
    await setUp();
    h!.fake.failures.set('send_group_msg', { retcode: 1200, message: '机器人不在该群' });
    await tip();
    expect(h!.db.select().from(groups).where(eq(groups.id, obGroup)).get()?.active).toBe(false);
    expect(h!.db.select().from(deliveries).all().find((d) => d.kind === 'tip')).toMatchObject({ status: 'skipped', error: 'kicked' });
  });

  it('a connection silent for three heartbeats is dropped and made again', async () => {
    await start();
    h!.fake.heartbeat(100);
    await h!.fake.waitFor(() => h!.fake.calls.filter((c) => c.action === 'get_login_info').length === 2, 10_000);
    expect(h!.fake.connections).toBe(2);
    // The new connection is watched too.
    h!.fake.heartbeat(100);
    await h!.fake.waitFor(() => h!.fake.calls.filter((c) => c.action === 'get_login_info').length === 3, 10_000);
  });
});
