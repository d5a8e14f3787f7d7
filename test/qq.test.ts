/**
 * Issue 15: QQ class groups through the official QQ Bot open platform. The real core (temp
 * SQLite, real migrations) with the QQ adapter, over real HTTP and WebSockets, against the fake
 * open platform in test/fake-qq/.
 */
import { eq } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import { QQAdapter } from '../adapters/qq/index.ts';
import { CallbackKeys } from '../adapters/qq/signature.ts';
import { CredentialsRejected } from '../src/core/adapter.ts';
import { groupId, memberId } from '../src/core/ids.ts';
import { addDays, localParts } from '../src/core/time.ts';
import { closeDatabase, openDatabase } from '../src/db/client.ts';
import { p } from '../src/core/message.ts';
import { acknowledgements, deliveries, groups, members } from '../src/db/schema.ts';
import { qqOptions, startQQ, type QQHarness } from './fake-qq/harness.ts';
import { FakeQQ, person } from './fake-qq/server.ts';
import { spawnBot } from './helpers/spawn-main.ts';

const pad = (n: number) => String(n).padStart(2, '0');

const SEVEN = new Date('2026-11-30T23:00:00Z');
const EIGHT = new Date('2026-12-01T00:00:00Z');
const CLS = 'C9F778FE6ADF9D1D1DBE395BF744A33A';
const qqGroup = groupId('qq', `group:${CLS}`);
const teacher = person('E4F4AEA33253A2797FB897C50B81D7ED');
const zhang = person('A1B2C3D4E5F60718293A4B5C6D7E8F90');
const li = person('0F1E2D3C4B5A69788796A5B4C3D2E1F0');
const SCAM = '【通知】您的账户涉嫌洗钱，请立即将资金转入安全账户配合调查 http://1.2.3.4/a';

let h: QQHarness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

async function start(opts: Parameters<typeof startQQ>[0] = {}): Promise<QQHarness> {
  h = await startQQ({ now: SEVEN, ...opts });
  return h;
}

/** The teacher adds the bot (so she advises the class) and registers it. */
async function setUp(): Promise<void> {
  await h!.deliver(h!.fake.addBot(CLS, teacher));
  await h!.deliver(h!.fake.say(teacher, '/setup 软件2301', CLS));
  expect(h!.app.groups.get(qqGroup)?.setupAt).toBeTruthy();
}

/** 08:00: the tip is due; each further tick a minute on, as the scheduler runs. */
async function tick(minutes = 0) {
  h!.clock.set(new Date(EIGHT.getTime() + minutes * 60_000));
  return h!.app.scheduler.tick();
}

const tipRow = () => h!.db.select().from(deliveries).all().find((d) => d.kind === 'tip');
const acks = () => h!.db.select().from(acknowledgements).all().map((a) => a.memberId);

describe('QQ: connecting', () => {
  it('a wrong secret is refused as CredentialsRejected; the right one gets a token, the gateway address and a READY session', async () => {
    const fake = await FakeQQ.listen();
    try {
      const wrong = new QQAdapter({ ...qqOptions(fake), secret: 'wrong-secret' });
      await expect(wrong.start(async () => {})).rejects.toBeInstanceOf(CredentialsRejected);
      const right = new QQAdapter(qqOptions(fake));
      await right.start(async () => {});
      expect(fake.calls.map((c) => `${c.method} ${c.path}`)).toEqual(['POST /app/getAppAccessToken', 'POST /app/getAppAccessToken', 'GET /gateway']);
      expect(fake.identifies).toBe(1);
      await right.stop();
    } finally {
      await fake.close();
    }
  });

  it('the access token is fetched again before it expires, not on every call', async () => {
    const fake = await FakeQQ.listen({ tokenTtlSeconds: 52 });
    fake.proactive = true;
    const adapter = new QQAdapter(qqOptions(fake));
    try {
      await adapter.start(async () => {});
      await adapter.perform({ type: 'send', to: { group: qqGroup }, message: { blocks: [p('一')] } });
      expect(fake.tokensIssued).toBe(1);
      // 52 s tokens are refreshed 50 s early: two seconds on, the next call takes a new one.
      await new Promise((resolve) => setTimeout(resolve, 2_100));
      const outcome = await adapter.perform({ type: 'send', to: { group: qqGroup }, message: { blocks: [p('二')] } });
      expect(outcome.ok).toBe(true);
      expect(fake.tokensIssued).toBe(2);
    } finally {
      await adapter.stop();
      await fake.close();
    }
  });

  it('a dropped connection is resumed: what was dispatched meanwhile is handled once, a repeated dispatch not again', async () => {
    await start();
    await setUp();
    h!.fake.drop();
    const help = h!.fake.say(zhang, '/help', CLS);
    await h!.deliver(help);
    expect(h!.fake.resumes).toBe(1);
    expect(h!.fake.identifies).toBe(1);
    h!.fake.repeatLast();
    const after = h!.fake.say(li, '/help', CLS);
    await h!.deliver(after);
    const answers = h!.fake.sentTo(CLS).filter((m) => m.text.includes('可用命令'));
    expect(answers).toHaveLength(2);
  });

  it('an invalid session is identified anew; a silent heartbeat drops the link and it is made again', async () => {
    await start();
    h!.fake.invalidateSession();
    h!.fake.drop();
    await h!.fake.waitFor(() => h!.fake.identifies === 2, 10_000);
    await h!.deliver(h!.fake.addBot(CLS, teacher));
    expect(h!.fake.sentTo(CLS).at(-1)?.text).toContain('/setup');

    h!.fake.heartbeatMs = 100;
    h!.fake.silent = true;
    h!.fake.drop();
    // Each new link is watched too: it resumes, goes silent, and is dropped and made again.
    await h!.fake.waitFor(() => h!.fake.connections >= 5 && h!.fake.resumes >= 1, 15_000);
    expect(h!.fake.identifies).toBe(2);
  });
});

describe('QQ: a class group', () => {
  it('whoever added the bot advises the class: their /setup is taken, another member’s is not', async () => {
    await start();
    await h!.deliver(h!.fake.addBot(CLS, teacher));
    // The welcome is a passive reply to the event (send.md: event_id of GROUP_ADD_ROBOT).
    expect(h!.fake.sentTo(CLS)[0]!.body).toMatchObject({ event_id: expect.stringMatching(/^GROUP_ADD_ROBOT:/), msg_seq: 1 });
    await h!.deliver(h!.fake.say(zhang, '/setup 冒名班', CLS));
    expect(h!.app.groups.get(qqGroup)?.setupAt).toBeFalsy();
    await h!.deliver(h!.fake.say(teacher, '/setup 软件2301', CLS));
    expect(h!.fake.sentTo(CLS).at(-1)!.body).toMatchObject({ msg_id: expect.any(String), msg_seq: 1 });
    expect(h!.fake.sentTo(CLS).at(-1)!.text).toContain('已登记：软件2301');
  });

  it('where proactive messages are refused, the due tip waits and goes out as a passive reply to the first message after its slot; a member’s 1 is her 已阅', async () => {
    await start();
    await setUp();
    const first = await tick();
    const unasked = h!.fake.calls.filter((c) => c.path === `/v2/groups/${CLS}/messages` && !(c.body as { msg_id?: string }).msg_id && !(c.body as { event_id?: string }).event_id);
    expect(unasked).toHaveLength(1);
    // Kept for the next tick (docs/design.md, Delivery): not sent, not given up.
    expect(tipRow()).toMatchObject({ status: 'failed', error: 'unavailable', nextAttemptAt: expect.any(Number) });

    // A later tick tries no proactive send again: the adapter remembers the group refuses them.
    const refused = h!.fake.refusedProactive;
    await tick(1);
    expect(h!.fake.refusedProactive).toBe(refused);

    const chat = h!.fake.say(li, '早上好', CLS);
    await h!.deliver(chat);
    await tick(2);
    const tip = h!.fake.sentTo(CLS).find((m) => m.text.includes('每日反诈提示'))!;
    expect(tip.body).toMatchObject({ msg_id: expect.stringMatching(/^m-/), msg_seq: 1, msg_type: 0 });
    expect(tip.text).toMatch(/回复 1 已阅 ✅$/);
    expect(tipRow()).toMatchObject({ status: 'sent', messageId: tip.id });

    await h!.deliver(h!.fake.say(zhang, '1', CLS));
    expect(acks()).toEqual([memberId('qq', zhang.openid)]);
  });

  it('a member message older than the group’s 5-minute reply window carries nothing; with all messages on (GROUP_MESSAGE_CREATE), a plain one does', async () => {
    await start();
    await setUp();
    await tick();
    await h!.deliver(h!.fake.say(li, '早上好', CLS));
    // Six minutes on, the message can no longer be answered (send.md): the tip keeps waiting.
    await tick(6);
    expect(tipRow()).toMatchObject({ status: 'failed', error: 'unavailable' });
    expect(h!.fake.sentTo(CLS).some((m) => m.text.includes('每日反诈提示'))).toBe(false);

    h!.clock.set(new Date(EIGHT.getTime() + 7 * 60_000));
    const plain = h!.fake.push('GROUP_MESSAGE_CREATE', { id: 'm-plain', content: '今天好冷', group_openid: CLS, author: { member_openid: zhang.openid } });
    await h!.deliver(plain);
    await tick(8);
    expect(h!.fake.sentTo(CLS).find((m) => m.text.includes('每日反诈提示'))?.body).toMatchObject({ msg_id: 'm-plain', msg_seq: 1 });
    expect(tipRow()).toMatchObject({ status: 'sent' });
  });

  it('a tip carried half an hour after its slot is sent late, and /report says so', async () => {
    await start();
    await setUp();
    await tick();
    h!.clock.set(new Date(EIGHT.getTime() + 30 * 60_000));
    await h!.deliver(h!.fake.say(li, '早上好', CLS));
    await tick(31);
    expect(tipRow()).toMatchObject({ status: 'sent' });
    await h!.deliver(h!.fake.say(teacher, '/report', CLS));
    const report = h!.fake.sentTo(CLS).at(-1)!.text;
    expect(report).toContain('推送准时情况');
    expect(report).toContain('按时推送：0');
    expect(report).toContain('迟发（晚于 10 分钟）：1');
  });

  it('where the platform takes proactive messages, the tip goes at its slot with no msg_id', async () => {
    await start({ proactive: true });
    await setUp();
    await tick();
    const tip = h!.fake.sentTo(CLS).find((m) => m.text.includes('每日反诈提示'))!;
    expect(tip.body.msg_id).toBeUndefined();
    expect(tipRow()).toMatchObject({ status: 'sent' });
  });

  it('with QQ_BUTTONS=keyboard the tip carries a callback button; a press is acknowledged with PUT /interactions and recorded as 已阅', async () => {
    await start({ proactive: true, adapter: { buttons: 'keyboard' } });
    h!.fake.keyboards = true;
    await setUp();
    await tick();
    const tip = h!.fake.sentTo(CLS).find((m) => m.text.includes('每日反诈提示'))!;
    expect(tip.body.msg_type).toBe(2);
    const button = (tip.body.keyboard as { content: { rows: { buttons: { action: { type: number; data: string } }[] }[] } }).content.rows[0]!.buttons[0]!;
    expect(button.action.type).toBe(1);
    const press = h!.fake.press(zhang, CLS, button.action.data);
    await h!.deliver(press);
    await h!.fake.waitFor(() => h!.fake.acks.length === 1);
    expect(h!.fake.acks[0]).toMatch(/^i-/);
    expect(acks()).toEqual([memberId('qq', zhang.openid)]);
  });

  it('a refused keyboard degrades the same message to reply codes, and a reply 1 is the same press', async () => {
    await start({ proactive: true, adapter: { buttons: 'keyboard' } });
    await setUp();
    await tick();
    const tips = h!.fake.sentTo(CLS).filter((m) => m.text.includes('每日反诈提示'));
    expect(tips).toHaveLength(1);
    expect(tips[0]!.body.msg_type).toBe(0);
    expect(tips[0]!.text).toMatch(/回复 1 已阅 ✅$/);
    await h!.deliver(h!.fake.say(zhang, '1', CLS));
    expect(acks()).toEqual([memberId('qq', zhang.openid)]);
  });

  it('the bot removed from the group (GROUP_DEL_ROBOT) makes it inactive; a send refused as “not in the group” too', async () => {
    await start({ proactive: true });
    await setUp();
    await h!.deliver(h!.fake.kick(CLS, teacher));
    expect(h!.db.select().from(groups).where(eq(groups.id, qqGroup)).get()?.active).toBe(false);

    const other = 'B0B0B0B0B0B0B0B0B0B0B0B0B0B0B0B0';
    await h!.deliver(h!.fake.addBot(other, teacher));
    await h!.deliver(h!.fake.say(teacher, '/setup 软件2302', other));
    h!.fake.kicked.add(other);
    await tick();
    const otherId = groupId('qq', `group:${other}`);
    expect(h!.db.select().from(groups).where(eq(groups.id, otherId)).get()?.active).toBe(false);
    expect(h!.db.select().from(deliveries).all().find((d) => d.groupId === otherId && d.kind === 'tip')).toMatchObject({ status: 'skipped', error: 'kicked' });
  });

  it('a burst to one group is paced under the per-chat limit: no 22009 from the platform', async () => {
    await start({ proactive: true, limits: { perSecond: 50, perChatPerSecond: 4 } });
    const sends = Array.from({ length: 10 }, (_, i) => h!.app.transport.send({ group: qqGroup }, { blocks: [p(`第 ${i + 1} 条`)] }));
    const outcomes = await Promise.all(sends);
    expect(outcomes.every((o) => o.ok)).toBe(true);
    expect(h!.fake.rateLimited).toBe(0);
    expect(h!.fake.sentTo(CLS)).toHaveLength(10);
  });

  it('an image is uploaded (file_type 1, srv_send_msg false) and sent by its file_info as msg_type 7', async () => {
    await start({ proactive: true });
    const outcome = await h!.app.transport.send({ group: qqGroup }, { title: '图表', blocks: [], attachments: [{ kind: 'image', filename: 'chart.png', mime: 'image/png', data: new Uint8Array([1, 2, 3]) }] });
    expect(outcome.ok).toBe(true);
    expect(h!.fake.uploads).toEqual([{ chat: CLS, body: { file_type: 1, file_data: 'AQID', srv_send_msg: false } }]);
    expect(h!.fake.sentTo(CLS).at(-1)!.body).toMatchObject({ msg_type: 7, media: { file_info: expect.stringMatching(/^info-/) } });
  });

  it('the platform gives no names: a member’s /name is what reports show, and their next message leaves it', async () => {
    await start();
    await setUp();
    const name = () => h!.db.select().from(members).where(eq(members.id, memberId('qq', zhang.openid))).get()?.displayName;
    await h!.deliver(h!.fake.say(zhang, '收到', CLS));
    expect(name()).toBe('QQ用户·A1B2C3');
    await h!.deliver(h!.fake.say(zhang, '/name 张三', CLS));
    expect(h!.fake.sentTo(CLS).at(-1)!.text).toContain('张三');
    await h!.deliver(h!.fake.say(zhang, '好的', CLS));
    expect(name()).toBe('张三');
    // An advisor can now /grant by that name.
    await h!.deliver(h!.fake.say(teacher, '/grant 张三', CLS));
    expect(h!.app.roles.granted(memberId('qq', zhang.openid), qqGroup, null)).toBe(true);
  });

  it('a scam pasted in a private chat is triaged there, as a passive reply', async () => {
    await start();
    const pasted = h!.fake.say(zhang, SCAM);
    await h!.deliver(pasted);
    const answer = h!.fake.sentPrivately(zhang.openid).at(-1)!;
    expect(answer.text).toContain('风险：高');
    expect(answer.body).toMatchObject({ msg_id: expect.stringMatching(/^m-/), msg_seq: 1 });
  });
});

describe('QQ: webhook callbacks', () => {
  it('signs the op 13 validation as the docs’ example does', () => {
    // event-emit.md, 回调地址验证: this secret, token and timestamp give this signature.
    const keys = new CallbackKeys('DG5g3B4j9X2KOErG');
    expect(keys.sign('1725442341Arq0D5A61EgUu4OxUvOp')).toBe(
      '87befc99c42c651b3aac0278e71ada338433ae26fcb24307bdc5ad38c1adc2d01bcfcadc0842edac85e85205028a1132afe09280305f13aa6909ffc2d652c706',
    );
  });

  it('answers the URL validation, refuses a forged callback with 401, handles a signed one once however often it comes', async () => {
    const fake = await FakeQQ.listen();
    const port = 20000 + Math.floor(Math.random() * 20000);
    const seen: string[] = [];
    const adapter = new QQAdapter(qqOptions(fake, { webhook: { host: '127.0.0.1', port } }));
    await adapter.start(async (event) => void seen.push(event.type === 'command' ? event.name : event.type));
    const url = `http://127.0.0.1:${port}/qq`;
    try {
      const validation = await fake.callback(url, { op: 13, d: { plain_token: 'Arq0D5A61EgUu4OxUvOp', event_ts: '1725442341' } });
      const answer = (await validation.json()) as { plain_token: string; signature: string };
      expect(answer.plain_token).toBe('Arq0D5A61EgUu4OxUvOp');
      expect(new CallbackKeys(fake.secret).verify(answer.signature, '1725442341', Buffer.from('Arq0D5A61EgUu4OxUvOp'))).toBe(true);

      const event = { op: 0, id: 'GROUP_AT_MESSAGE_CREATE:1', t: 'GROUP_AT_MESSAGE_CREATE', d: { id: 'm-1', content: ' /help', group_openid: CLS, author: { member_openid: zhang.openid } } };
      expect((await fake.callback(url, event, true)).status).toBe(401);
      const signed = await fake.callback(url, event);
      expect(signed.status).toBe(200);
      expect(await signed.json()).toEqual({ op: 12, d: 0 });
      await fake.callback(url, event);
      await new Promise((resolve) => setTimeout(resolve, 100));
      expect(seen).toEqual(['help']);
    } finally {
      await adapter.stop();
      await fake.close();
    }
  });
});

describe('QQ: npm start', () => {
  it('with QQ_APP_ID: /setup by whoever added the bot, a tip carried by the first message after its slot, 1 as 已阅, /quiz, /report, a pasted scam triaged, a dropped link resumed, a kicked bot', async () => {
    const fake = await FakeQQ.listen();
    const env = { QQ_APP_ID: fake.appId, QQ_APP_SECRET: fake.secret, QQ_API_ROOT: fake.root, QQ_TOKEN_URL: fake.tokenUrl, CONSOLE: 'on' };
    // CONSOLE=on beside QQ: its `:time` moves the bot's clock and runs a tick. Logs go to stderr then.
    const bot = spawnBot(env, 'stderr', true);
    const sentHere = (text: string) => () => fake.sentTo(CLS).some((m) => m.text.includes(text));
    const sentTo = (who: { openid: string }, text: string) => () => fake.sentPrivately(who.openid).some((m) => m.text.includes(text));
    try {
      await fake.waitFor(() => fake.identifies === 1, 30_000);
      fake.addBot(CLS, teacher);
      await fake.waitFor(sentHere('/setup'), 30_000);
      fake.say(teacher, '/setup 软件2301', CLS);
      await fake.waitFor(sentHere('已登记：软件2301'), 30_000);
      fake.say(li, '收到', CLS);

      // Three days on at 08:01: the tip is due, and proactive messages are refused.
      const today = localParts(new Date(), 'Asia/Shanghai');
      const day = addDays(today.year, today.month, today.day, 3);
      const at = (hhmm: string) => `:time ${day.year}-${pad(day.month)}-${pad(day.day)} ${hhmm}\n`;
      bot.child.stdin!.write(at('08:01'));
      await fake.waitFor(() => fake.refusedProactive > 0, 30_000);
      expect(fake.sentTo(CLS).some((m) => m.text.includes('每日反诈提示'))).toBe(false);
      fake.say(li, '早上好', CLS);
      await new Promise((resolve) => setTimeout(resolve, 300));
      bot.child.stdin!.write(at('08:03'));
      await fake.waitFor(sentHere('每日反诈提示'), 30_000);
      const tip = fake.sentTo(CLS).find((m) => m.text.includes('每日反诈提示'))!;
      expect(tip.body.msg_id).toEqual(expect.stringMatching(/^m-/));
      expect(tip.text).toMatch(/回复 1 已阅 ✅$/);
      // Private chats opened by the members (after the clock moved on, or their windows would be stale): answers to them go as passive replies there.
      for (const who of [teacher, zhang, li]) fake.say(who, '你好');
      await fake.waitFor(() => [teacher, zhang, li].every((who) => fake.sentPrivately(who.openid).length > 0), 30_000);

      // The bot learns the tip's reply code from the platform's answer, a moment after the fake shows it.
      const confirmed = sentTo(zhang, '已确认');
      for (let tries = 0; tries < 20 && !confirmed(); tries++) {
        fake.say(zhang, '1', CLS);
        await fake.waitFor(confirmed, 1_000).catch(() => {});
      }
      expect(confirmed()).toBe(true);

      fake.say(teacher, '/quiz', CLS);
      await fake.waitFor(() => fake.sentTo(CLS).some((m) => /回复 A\/B\/C/.test(m.text)), 30_000);
      fake.say(li, 'A', CLS);
      await fake.waitFor(() => sentTo(li, '回答正确')() || sentTo(li, '回答错误')(), 30_000);

      const inGroup = fake.sentTo(CLS).length;
      fake.say(teacher, '/report', CLS);
      await fake.waitFor(sentTo(teacher, '近7天未确认的成员'), 30_000);
      const posted = fake.sentTo(CLS).slice(inGroup).map((m) => m.text).join('\n');
      expect(posted).toContain('反诈宣传报告 · 软件2301');
      expect(posted).not.toContain('QQ用户·0F1E2D');

      fake.drop();
      fake.say(zhang, SCAM);
      await fake.waitFor(sentTo(zhang, '风险：高'), 30_000);
      expect(fake.resumes).toBe(1);
      expect(fake.sentPrivately(zhang.openid).filter((m) => m.text.includes('风险：高'))).toHaveLength(1);

      fake.kick(CLS, teacher);
      await new Promise((resolve) => setTimeout(resolve, 500));
      expect(bot.output()).not.toContain(fake.secret);
      bot.child.kill('SIGTERM');
      expect(await bot.exited).toBe(0);
      const db = openDatabase(bot.dbPath);
      try {
        expect(db.select().from(acknowledgements).all().map((a) => a.memberId)).toEqual([memberId('qq', zhang.openid)]);
        // The days the clock skipped are missed; today's was sent once, as the reply that carried it.
        const sent = db.select().from(deliveries).all().filter((d) => d.kind === 'tip' && d.status === 'sent');
        expect(sent).toEqual([expect.objectContaining({ messageId: tip.id })]);
        expect(db.select().from(groups).where(eq(groups.id, qqGroup)).get()?.active).toBe(false);
      } finally {
        closeDatabase(db);
      }
    } finally {
      bot.dispose();
      await fake.close();
    }
  }, 120_000);

  it('stops startup with one line naming QQ_APP_SECRET when the platform refuses it, the secret never shown', async () => {
    const fake = await FakeQQ.listen();
    const bot = spawnBot({ QQ_APP_ID: fake.appId, QQ_APP_SECRET: 'not-the-secret-at-all', QQ_API_ROOT: fake.root, QQ_TOKEN_URL: fake.tokenUrl }, 'stderr');
    try {
      expect(await bot.exited).toBe(1);
      expect(bot.output().trim().split('\n')).toEqual(['QQ_APP_SECRET was rejected by qq (HTTP 401, code 100016): check the token']);
      expect(bot.output()).not.toContain('not-the-secret-at-all');
    } finally {
      bot.dispose();
      await fake.close();
    }
  }, 60_000);
});
