/**
 * Issue 8, end to end: the real core (temp SQLite, real migrations) with the Telegram adapter,
 * through grammY, against the fake Bot API server in test/fake-telegram/.
 */
import { spawnMain } from './helpers/spawn-main.ts';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { eq } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import type { Chat, User } from 'grammy/types';
import { groupId, memberId } from '../src/core/ids.ts';
import { p } from '../src/core/message.ts';
import { acknowledgements, deliveries, groupMembers, groups } from '../src/db/schema.ts';
import { TelegramHarness, type TelegramHarnessOptions } from './fake-telegram/harness.ts';
import { FakeTelegram, group, privateChat, user, type StoredMessage } from './fake-telegram/server.ts';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
/** 2026-12-01 07:00 in Shanghai: an hour before the daily tip. */
const SEVEN = new Date('2026-11-30T23:00:00Z');
const EIGHT = new Date('2026-12-01T00:00:00Z');

const teacher = user(1001, '王老师');
const zhang = user(2001, '张三');
/** A name no content contains, to check that names never reach the group. */
const li = user(2002, '李测试', { lastName: '二〇〇二' });
const cls = group(-1001000000001, '软件2301');

let h: TelegramHarness;
let running = false;
afterEach(async () => {
  if (running) await h.close();
  running = false;
});

async function start(opts: TelegramHarnessOptions = {}): Promise<TelegramHarness> {
  h = await TelegramHarness.start({ now: SEVEN, ...opts });
  running = true;
  return h;
}

/** The bot is added to the group as an admin and the class teacher registers it. */
async function setUp(chat: Chat = cls, admin: User = teacher, name = chat.title ?? 'class'): Promise<void> {
  h.fake.setAdmin(chat.id, admin.id);
  await h.deliver(h.fake.botStatus(chat, admin, 'left', 'administrator'));
  await h.deliver(h.fake.say(chat, admin, `/setup ${name}`));
  expect(h.app.groups.get(groupId('telegram', chat.id))?.setupAt).toBeTruthy();
}

const lastIn = (chatId: number): StoredMessage => h.fake.messagesIn(chatId).at(-1)!;
const answers = () => h.fake.successful('answerCallbackQuery').map((c) => c.params);
const ledger = () => h.db.select().from(deliveries).all();
const groupRow = (chat: Chat) => h.db.select().from(groups).where(eq(groups.id, groupId('telegram', chat.id))).get();

async function tipAt(at: Date): Promise<StoredMessage> {
  h.clock.set(at);
  await h.app.scheduler.tick();
  return lastIn(cls.id);
}

describe('Telegram: commands and menus', () => {
  it('answers /start in a private chat, and sets the zh and en menus per scope', async () => {
    await start();
    await h.deliver(h.fake.say(privateChat(zhang), zhang, '/start'));
    expect(lastIn(zhang.id).text).toContain('可用命令');
    expect(lastIn(zhang.id).replyTo).toBeUndefined();

    const names = (key: string) => h.fake.menus.get(key)?.map((c) => c.command);
    expect(names('default|')).toEqual(expect.arrayContaining(['start', 'help', 'check']));
    expect(names('default|')).not.toContain('setup');
    // Group questions are the advisors' (docs/design.md, Quizzes).
    expect(names('default|')).not.toContain('quiz');
    expect(names('all_private_chats|zh')).toEqual(expect.arrayContaining(['start', 'practice', 'exam']));
    expect(names('all_private_chats|zh')).not.toContain('quiz');
    expect(names('all_chat_administrators|zh')).toEqual(expect.arrayContaining(['quiz', 'setup', 'settings']));
    expect(h.fake.menus.get('all_chat_administrators|en')?.find((c) => c.command === 'setup')?.description).toBe('Register the class');
    expect(h.fake.menus.get('default|zh')?.find((c) => c.command === 'help')?.description).toBe('查看帮助和命令');
  });

  it('/setup: the admin (per getChatMember) registers the class; a member is refused; another bot’s command is ignored', async () => {
    await start();
    h.fake.setAdmin(cls.id, teacher.id);
    const refused = await h.deliver(h.fake.say(cls, zhang, '/setup 软件2301'));
    expect(lastIn(cls.id).text).toContain('只有本群管理员');
    expect(lastIn(cls.id).replyTo).toBe(refused.message!.message_id);
    expect(h.fake.calls.filter((c) => c.method === 'getChatMember').map((c) => Number(c.params.user_id))).toEqual([zhang.id]);

    const before = h.fake.messages.length;
    await h.deliver(h.fake.say(cls, teacher, '/setup@some_other_bot 软件2301'));
    expect(h.fake.messages.length).toBe(before);

    await h.deliver(h.fake.say(cls, teacher, '/setup@classguard_test_bot 软件2301 学生'));
    expect(lastIn(cls.id).text).toContain('已登记：软件2301');
    expect(groupRow(cls)).toMatchObject({ className: '软件2301', title: '软件2301', audience: 'students' });
    // Display name: first name and last name; the roster knows the member by id.
    const seen = h.db.select().from(groupMembers).all().map((m) => m.memberId);
    expect(seen).toEqual(expect.arrayContaining([memberId('telegram', teacher.id), memberId('telegram', zhang.id)]));
  });

  it('a class named <b>& is shown literally: every text span is escaped', async () => {
    await start();
    h.fake.setAdmin(cls.id, teacher.id);
    await h.deliver(h.fake.say(cls, teacher, '/setup <b>&<i>班'));
    const reply = lastIn(cls.id);
    expect(reply.text).toContain('已登记：<b>&<i>班');
    expect(reply.html).toContain('&lt;b&gt;&amp;&lt;i&gt;班');
    expect(reply.tags).toEqual([]);
  });
});

describe('Telegram: the campaign', () => {
  it('a scheduled tip arrives; a press is acknowledged and the live count edited; a forged press is refused', async () => {
    await start();
    await setUp();
    const tip = await tipAt(EIGHT);
    expect(tip.tags[0]).toBe('b');
    expect(tip.text).toContain('每日反诈提示');
    expect(tip.markup?.inline_keyboard.flat().map((b) => b.text)).toEqual(['已阅 ✅']);
    expect(ledger().find((d) => d.kind === 'tip')).toMatchObject({ status: 'sent', messageId: String(tip.messageId) });

    await h.deliver(h.fake.press(zhang, tip, '已阅 ✅'));
    expect(answers().at(-1)).toMatchObject({ text: expect.stringContaining('已确认，谢谢') });
    expect(tip.edits).toBe(1);
    expect(tip.text).toContain('已阅 1 人');
    expect(tip.markup?.inline_keyboard.flat()).toHaveLength(1);

    await h.deliver(h.fake.press(zhang, tip, '已阅 ✅'));
    expect(answers().at(-1)?.text).toContain('你已确认过');
    await h.deliver(h.fake.press(li, tip, '已阅 ✅'));
    await h.app.acks.flush();
    expect(tip.text).toContain('已阅 2 人');

    // The member is who Telegram says pressed, whatever the data: a forged token acknowledges nothing.
    await h.deliver(h.fake.pressData(li, tip, 'ack:999999'));
    expect(answers().at(-1)).toMatchObject({ show_alert: true, text: expect.stringContaining('已失效') });
    expect(h.db.select().from(acknowledgements).all().map((a) => a.memberId)).toEqual([memberId('telegram', zhang.id), memberId('telegram', li.id)]);
  });

  it('/quiz posts a question; an answer is told privately in an alert and the count edited', async () => {
    await start();
    await setUp();
    await h.deliver(h.fake.say(cls, teacher, '/quiz'));
    const question = lastIn(cls.id);
    const labels = question.markup!.inline_keyboard.flat().map((b) => b.text);
    expect(labels[0]).toBe('A');
    await h.deliver(h.fake.press(li, question, 'A'));
    const alert = answers().at(-1)!;
    expect(alert.show_alert).toBe(true);
    expect(alert.text).toMatch(/回答正确|回答错误/);
    expect(alert.text.length).toBeLessThanOrEqual(200);
    await h.app.quizEdits.flush();
    expect(question.text).toContain('已作答 1 人');
    // Nothing about who answered what reaches the group.
    expect(h.fake.messagesIn(cls.id).some((m) => m.text.includes('李测试'))).toBe(false);
  });

  it('a message over 4096 characters is split at paragraph boundaries, the buttons on the last part', async () => {
    await start();
    await setUp();
    const before = h.fake.messagesIn(cls.id).length;
    const paragraph = (c: string) => p(c.repeat(1800));
    const outcome = await h.app.transport.send(
      { group: groupId('telegram', cls.id) },
      { title: '长消息', blocks: [paragraph('甲'), paragraph('乙'), paragraph('丙')], buttons: [[{ label: '已阅 ✅', token: 'ack:1' }]] },
    );
    const parts = h.fake.messagesIn(cls.id).slice(before);
    expect(parts.map((m) => m.text.length)).toEqual([3 + 2 + 1800 + 2 + 1800, 1800]);
    expect(parts[1]!.text).toBe('丙'.repeat(1800));
    expect(parts.map((m) => Boolean(m.markup))).toEqual([false, true]);
    expect(outcome).toEqual({ ok: true, messageId: String(parts[1]!.messageId) });
  });
});

describe('Telegram: the group’s lifecycle', () => {
  it('bot added without admin rights: welcome, then one notice asking for admin rights', async () => {
    await start();
    await h.deliver(h.fake.botStatus(cls, teacher, 'left', 'member'));
    const posted = h.fake.messagesIn(cls.id).map((m) => m.text);
    expect(posted[0]).toContain('ClassGuard 无诈班级助手已加入本群');
    expect(posted[1]).toContain('请把我设为群管理员');
    expect(posted[1]).toContain('make me a group admin');
    await h.deliver(h.fake.botStatus(cls, teacher, 'member', 'restricted', { can_send_messages: false }));
    expect(groupRow(cls)?.active).toBe(false);
    await h.deliver(h.fake.botStatus(cls, teacher, 'restricted', 'member', { can_send_messages: false }));
    expect(groupRow(cls)?.active).toBe(true);
    expect(h.fake.messagesIn(cls.id).filter((m) => m.text.includes('请把我设为群管理员'))).toHaveLength(1);
  });

  it('members joining and leaving (chat_member) update the roster', async () => {
    await start();
    await setUp();
    await h.deliver(h.fake.memberStatus(cls, zhang, 'left', 'member'));
    const row = () => h.db.select().from(groupMembers).where(eq(groupMembers.memberId, memberId('telegram', zhang.id))).get();
    expect(row()).toMatchObject({ groupId: groupId('telegram', cls.id), active: true });
    await h.deliver(h.fake.memberStatus(cls, zhang, 'member', 'left'));
    expect(row()?.active).toBe(false);
  });

  it('the bot kicked (my_chat_member) makes the group inactive: no more tips', async () => {
    await start();
    await setUp();
    await h.deliver(h.fake.botStatus(cls, teacher, 'administrator', 'kicked'));
    expect(groupRow(cls)?.active).toBe(false);
    const sends = h.fake.calls.length;
    await tipAt(EIGHT);
    expect(h.fake.calls.slice(sends).filter((c) => c.method === 'sendMessage')).toEqual([]);
    expect(ledger().find((d) => d.kind === 'tip')?.status).toBe('skipped');
  });

  it('a 403 on a send makes the group inactive, and the delivery is not retried', async () => {
    await start();
    await setUp();
    h.fake.kickedFrom.add(cls.id); // removed while the bot was offline: no update, only the 403
    await tipAt(EIGHT);
    expect(h.fake.calls.filter((c) => c.method === 'sendMessage').at(-1)?.error?.code).toBe(403);
    expect(groupRow(cls)?.active).toBe(false);
    expect(ledger().find((d) => d.kind === 'tip')).toMatchObject({ status: 'skipped', error: 'kicked' });
    const calls = h.fake.calls.length;
    await tipAt(new Date(EIGHT.getTime() + DAY));
    expect(h.fake.calls.slice(calls).filter((c) => c.method === 'sendMessage')).toEqual([]);
  });

  it('a group that becomes a supergroup keeps its history under the new id', async () => {
    await start();
    const old = group(-5001, '网安2302', 'group');
    const upgraded = -1005001;
    await setUp(old);
    h.clock.set(EIGHT);
    await h.app.scheduler.tick();
    const tip = lastIn(old.id);
    await h.deliver(h.fake.press(zhang, tip, '已阅 ✅'));
    await h.deliver(h.fake.migrate(old, upgraded, teacher));
    expect(h.app.groups.get(groupId('telegram', old.id))).toBeUndefined();
    expect(h.app.groups.get(groupId('telegram', upgraded))).toMatchObject({ className: '网安2302', active: true });
    expect(ledger().filter((d) => d.groupId === groupId('telegram', upgraded)).map((d) => d.kind)).toContain('tip');
    expect(h.db.select().from(acknowledgements).all()).toHaveLength(1);
    // The next day's tip goes to the supergroup.
    h.clock.set(new Date(EIGHT.getTime() + DAY));
    await h.app.scheduler.tick();
    expect(h.fake.messagesIn(upgraded).at(-1)?.text).toContain('每日反诈提示');
  });

  it('a send to a group that was upgraded meanwhile reports the migration and reaches the supergroup', async () => {
    await start();
    const old = group(-5002, '网安2303', 'group');
    await setUp(old);
    h.fake.migrated.set(old.id, -1005002); // the service message was missed
    h.clock.set(EIGHT);
    const report = await h.app.scheduler.tick();
    expect(report.sent).toBe(1);
    expect(h.fake.messagesIn(-1005002).at(-1)?.text).toContain('每日反诈提示');
    expect(h.app.groups.get(groupId('telegram', -1005002))?.className).toBe('网安2303');
    expect(ledger().find((d) => d.kind === 'tip')).toMatchObject({ groupId: groupId('telegram', -1005002), status: 'sent' });
  });
});

describe('Telegram: flood limits and errors', () => {
  /** Registers groups straight in the database: this is about sending, not /setup. */
  function manyGroups(n: number): number[] {
    const ids = Array.from({ length: n }, (_, i) => -1002000000000 - i);
    for (const id of ids) {
      const chat = { id: groupId('telegram', id), kind: 'group' as const, title: `班${id}` };
      h.app.groups.ensure(chat);
      h.app.groups.setup(chat.id, { className: chat.title });
    }
    return ids;
  }

  /** The message calls (sendMessage) that reached the fake, per chat. */
  const callsTo = (id: number) => h.fake.calls.filter((c) => c.method === 'sendMessage' && Number(c.params.chat_id) === id);
  const tipOf = (id: number) => ledger().find((d) => d.kind === 'tip' && d.groupId === groupId('telegram', id))!;
  /** Ticks once a minute from `from` for `minutes` minutes. */
  async function tickEachMinute(from: Date, minutes: number): Promise<void> {
    for (let m = 1; m <= minutes; m++) {
      h.clock.set(new Date(from.getTime() + m * 60_000));
      await h.app.scheduler.tick();
    }
  }
  /** Per chat: as many Bot API calls as the ledger counts attempts (no retry behind its back), and one message in the end. */
  function expectOneCallPerAttemptAndOneMessage(ids: number[]): void {
    expect(ids.map((id) => callsTo(id).length)).toEqual(ids.map((id) => tipOf(id).attempts));
    expect(ids.map((id) => tipOf(id).status)).toEqual(ids.map(() => 'sent'));
    expect(ids.map((id) => h.fake.messagesIn(id).length)).toEqual(ids.map(() => 1));
  }

  it('a 429 storm during a broadcast: each delivery attempt is one call, later ticks retry, every group gets its tip once', async () => {
    await start();
    const ids = manyGroups(25);
    h.fake.failNext(40, 429, { retryAfter: 1 });
    h.clock.set(EIGHT);
    expect(await h.app.scheduler.tick()).toMatchObject({ sent: 0, failed: 25 });
    expect(ids.map((id) => callsTo(id).length)).toEqual(ids.map(() => 1));
    expect(ledger().every((d) => d.status === 'failed' && d.error === 'rate-limited')).toBe(true);
    await tickEachMinute(EIGHT, 5);
    expectOneCallPerAttemptAndOneMessage(ids);
    expect(h.fake.calls.filter((c) => c.error?.code === 429 && c.error.injected)).toHaveLength(40);
    expect(h.fake.floodRejections).toBe(0);
  });

  it('429s and 5xx on a share of a broadcast, and a 403: one call per attempt, retry_after honoured, nothing lost or repeated', async () => {
    await start();
    const ids = manyGroups(30);
    const limited = ids.slice(0, 6);
    const flaky = ids.slice(6, 12);
    const broken = ids.slice(12, 15);
    const kicked = ids[15]!;
    for (const id of limited) h.fake.failNext(1, 429, { retryAfter: 150, chatId: id });
    for (const id of flaky) h.fake.failNext(1, 500, { chatId: id });
    for (const id of broken) h.fake.failNext(2, 502, { chatId: id });
    h.fake.failNext(1, 403, { chatId: kicked });
    h.clock.set(EIGHT);
    expect(await h.app.scheduler.tick()).toMatchObject({ sent: 14, failed: 16 });
    // retry_after (150 s) outweighs the ledger's first backoff (60 s).
    expect(limited.map((id) => tipOf(id).nextAttemptAt)).toEqual(limited.map(() => EIGHT.getTime() + 150_000));
    await tickEachMinute(EIGHT, 2);
    expect(limited.map((id) => callsTo(id).length)).toEqual(limited.map(() => 1));
    expect(flaky.map((id) => callsTo(id).length)).toEqual(flaky.map(() => 2));
    await tickEachMinute(new Date(EIGHT.getTime() + 2 * 60_000), 3);
    expectOneCallPerAttemptAndOneMessage(ids.filter((id) => id !== kicked));
    expect(broken.map((id) => tipOf(id).attempts)).toEqual(broken.map(() => 3));
    // The 403 made the group inactive: its tip is skipped and nothing more goes to it.
    expect(tipOf(kicked)).toMatchObject({ status: 'skipped', attempts: 1, error: 'kicked' });
    expect(groupRow(group(kicked, ''))?.active).toBe(false);
    await tickEachMinute(new Date(EIGHT.getTime() + DAY), 1);
    expect(callsTo(kicked)).toHaveLength(1);
    const others = ids.filter((id) => id !== kicked);
    expect(others.map((id) => h.fake.messagesIn(id).length)).toEqual(others.map(() => 2));
  });

  it('a reply to a command survives a 429: the transport waits out a short retry_after and calls again, once', async () => {
    await start();
    await setUp();
    h.fake.failNext(1, 429, { retryAfter: 1, chatId: cls.id });
    const before = callsTo(cls.id).length;
    await h.deliver(h.fake.say(cls, teacher, '/calendar 1'));
    const calls = callsTo(cls.id).slice(before);
    expect(calls.map((c) => c.error?.code)).toEqual([429, undefined]);
    expect(calls[1]!.at - calls[0]!.at).toBeGreaterThanOrEqual(1000);
    expect(lastIn(cls.id).text).toContain('接下来 1 天的推送');
  });

  it('an interactive send that Telegram holds off for longer than a member would wait is given up after one call', async () => {
    await start();
    const [id] = manyGroups(1);
    h.fake.failNext(1, 429, { retryAfter: 30, chatId: id });
    expect(await h.app.transport.send({ group: groupId('telegram', id!) }, { blocks: [p('现在')] })).toMatchObject({ ok: false, reason: 'rate-limited', retryAfterMs: 30_000 });
    expect(callsTo(id!)).toHaveLength(1);
  });

  it('paces a burst to one group under the per-group limit without a single 429', async () => {
    const limits = { global: { max: 30, ms: 1000 }, group: { max: 3, ms: 1000 } };
    await start({ limits, adapter: { limits } });
    const [id] = manyGroups(1);
    const outcomes = await Promise.all(Array.from({ length: 7 }, (_, i) => h.app.transport.send({ group: groupId('telegram', id!) }, { blocks: [p(`消息 ${i}`)] })));
    expect(outcomes.every((o) => o.ok)).toBe(true);
    expect(h.fake.messagesIn(id!).map((m) => m.text).sort()).toEqual(Array.from({ length: 7 }, (_, i) => `消息 ${i}`));
    expect(h.fake.floodRejections).toBe(0);
  });

  it('when the server is stricter than the adapter thinks, its 429s are honoured and nothing is lost', async () => {
    await start({ limits: { global: { max: 30, ms: 1000 }, group: { max: 3, ms: 1000 } } });
    const [id] = manyGroups(1);
    const outcomes = await Promise.all(Array.from({ length: 5 }, (_, i) => h.app.transport.send({ group: groupId('telegram', id!) }, { blocks: [p(`消息 ${i}`)] })));
    expect(outcomes.every((o) => o.ok)).toBe(true);
    expect(h.fake.messagesIn(id!)).toHaveLength(5);
    expect(h.fake.floodRejections).toBeGreaterThan(0);
  });
});

describe('Telegram: private messages', () => {
  it('a private send to a member who never opened a chat posts a deep link in the group instead', async () => {
    await start();
    await setUp();
    const to = { member: memberId('telegram', zhang.id), viaGroup: groupId('telegram', cls.id) };
    const outcome = await h.app.transport.send(to, { blocks: [p('只给你看的内容')] });
    expect(outcome).toMatchObject({ ok: false, reason: 'no-private-chat' });
    const notice = lastIn(cls.id);
    expect(notice.text).toContain(`https://t.me/classguard_test_bot?start=g${cls.id}`);
    expect(notice.text).not.toContain('只给你看的内容');
    expect(notice.tags).toContain(`a href=tg://user?id=${zhang.id}`);
    expect(notice.text).not.toContain('张三');

    await h.deliver(h.fake.say(privateChat(zhang), zhang, `/start g${cls.id}`));
    expect(await h.app.transport.send(to, { blocks: [p('只给你看的内容')] })).toMatchObject({ ok: true });
    expect(lastIn(zhang.id).text).toBe('只给你看的内容');
  });
});

describe('Telegram: /report', () => {
  it('posts aggregates in the group, sends the follow-up list, the chart and the CSV privately; refuses a member', async () => {
    await start();
    await setUp();
    await h.deliver(h.fake.say(privateChat(teacher), teacher, '/start'));
    await h.deliver(h.fake.say(cls, zhang, '老师好'));
    await h.deliver(h.fake.say(cls, li, '收到'));
    const tip = await tipAt(EIGHT);
    await h.deliver(h.fake.press(zhang, tip, '已阅 ✅'));

    await h.deliver(h.fake.say(cls, teacher, '/report'));
    const post = lastIn(cls.id);
    expect(post.text).toContain('反诈宣传报告 · 软件2301');
    expect(post.text).not.toMatch(/张三|李测试|二〇〇二/);
    const follow = lastIn(teacher.id);
    expect(follow.text).toContain('近7天未确认的成员');
    expect(follow.text).toContain('李测试');
    expect(follow.text).not.toContain('张三');

    await h.deliver(h.fake.say(cls, teacher, '/report chart'));
    expect(lastIn(teacher.id)).toMatchObject({ kind: 'photo', file: { name: expect.stringMatching(/\.png$/) } });
    await h.deliver(h.fake.say(cls, teacher, '/report csv'));
    expect(lastIn(teacher.id)).toMatchObject({ kind: 'document', file: { name: expect.stringMatching(/\.csv$/) } });
    expect(h.fake.messagesIn(cls.id).filter((m) => m.kind !== 'text')).toEqual([]);

    await h.deliver(h.fake.say(cls, zhang, '/report'));
    expect(lastIn(cls.id).text).toContain('报告只提供给本群的辅导员');
    expect(lastIn(cls.id).text).not.toContain('反诈宣传报告');
  });
});

describe('Telegram: triage', () => {
  const SCAM = '【通知】您的账户涉嫌洗钱，请立即将资金转入安全账户配合调查 http://1.2.3.4/a';

  it('a forwarded scam in a private chat is triaged; 已经转账 gives the steps; the advisor is told only on request', async () => {
    await start();
    await setUp();
    await h.deliver(h.fake.say(cls, zhang, '老师好'));
    await h.deliver(h.fake.say(privateChat(teacher), teacher, '/start'));
    await h.deliver(h.fake.say(privateChat(zhang), zhang, SCAM, { forward_origin: { type: 'hidden_user', sender_user_name: '陌生人', date: 1 } }));
    const answer = lastIn(zhang.id);
    expect(answer.text).toContain('风险：高');
    expect(answer.text).toContain('违反 十个凡是（转载） #6');
    expect(answer.text).toContain('拿不准就拨打 96110 咨询');
    expect(answer.markup?.inline_keyboard.flat().map((b) => b.text)).toEqual(['🔍 详情', '💸 我已经转账了', '📤 把原文分享给辅导员']);
    expect(h.fake.messagesIn(teacher.id).filter((m) => m.text.includes('张三'))).toEqual([]);

    await h.deliver(h.fake.press(zhang, answer, '💸 我已经转账了'));
    const steps = lastIn(zhang.id);
    expect(steps.text).toContain('马上拨打110');
    await h.deliver(h.fake.press(zhang, steps, '📣 告诉我的辅导员'));
    expect(lastIn(teacher.id).text).toContain('软件2301 的 张三 报告可能已经被骗');
    expect(h.fake.messagesIn(cls.id).some((m) => m.text.includes('张三'))).toBe(false);
  });

  it('/check as a reply in the group answers privately', async () => {
    await start();
    await setUp();
    await h.deliver(h.fake.say(privateChat(zhang), zhang, '/start'));
    const before = h.fake.messagesIn(cls.id).length;
    await h.deliver(h.fake.say(cls, zhang, '/check', { reply_to_message: { message_id: 1, date: 1, chat: cls, from: li, text: SCAM } as never }));
    expect(lastIn(zhang.id).text).toContain('风险：高');
    expect(h.fake.messagesIn(cls.id)).toHaveLength(before);
  });
});

describe('Telegram: webhook mode', () => {
  const freePort = () =>
    new Promise<number>((resolve) => {
      const s = createServer().listen(0, '127.0.0.1', () => {
        const port = (s.address() as { port: number }).port;
        s.close(() => resolve(port));
      });
    });

  it('sets the webhook with a secret on start and handles what Telegram posts; strangers get 401', async () => {
    const port = await freePort();
    const url = `http://127.0.0.1:${port}/telegram/hook`;
    await start({ adapter: { webhook: { url, port } } });
    const set = h.fake.calls.find((c) => c.method === 'setWebhook')!;
    expect(set.params).toMatchObject({ url, allowed_updates: expect.arrayContaining(['chat_member', 'callback_query']) });
    expect(set.params.secret_token).toMatch(/^[0-9a-f]{64}$/);
    expect(h.fake.calls.some((c) => c.method === 'getUpdates')).toBe(false);

    await h.deliver(h.fake.say(privateChat(zhang), zhang, '/help'));
    expect(lastIn(zhang.id).text).toContain('可用命令');

    const forged = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ update_id: 999 }) });
    expect(forged.status).toBe(401);
  });
});

describe('Telegram: npm start', () => {
  it('starts the adapter when TELEGRAM_BOT_TOKEN is set, answers, and exits 0 on SIGTERM', async () => {
    const fake = await FakeTelegram.start();
    const dir = mkdtempSync(join(tmpdir(), 'classguard-telegram-'));
    const child = spawnMain({ DATABASE_PATH: join(dir, 'bot.db'), TELEGRAM_BOT_TOKEN: fake.token, TELEGRAM_API_ROOT: fake.apiRoot, LOG_LEVEL: 'silent' });
    const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
    try {
      await fake.waitFor((c) => c.method === 'getUpdates', { since: 0, timeoutMs: 30_000 });
      expect(fake.menus.size).toBe(9);
      fake.say(privateChat(zhang), zhang, '/help');
      await fake.waitFor((c) => c.method === 'sendMessage' && c.params.chat_id === zhang.id, { since: 0, timeoutMs: 30_000 });
      child.kill('SIGTERM');
      expect(await exited).toBe(0);
    } finally {
      child.kill('SIGKILL');
      await fake.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('keeps trying a Telegram it cannot reach, says so at warn, and still stops at once on SIGTERM', async () => {
    // A port nothing listens on: every call is refused.
    const port = await new Promise<number>((resolve) => {
      const server = createServer().listen(0, '127.0.0.1', () => {
        const { port } = server.address() as { port: number };
        server.close(() => resolve(port));
      });
    });
    const dir = mkdtempSync(join(tmpdir(), 'classguard-telegram-'));
    const child = spawnMain(
      { DATABASE_PATH: join(dir, 'bot.db'), TELEGRAM_BOT_TOKEN: '123:abc', TELEGRAM_API_ROOT: `http://127.0.0.1:${port}`, LOG_LEVEL: 'warn' },
      ['ignore', 'pipe', 'ignore'],
    );
    let log = '';
    const warned = new Promise<void>((resolve) => child.stdout!.on('data', (chunk: Buffer) => ((log += String(chunk)), log.includes('platform unreachable') && resolve())));
    const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
    try {
      await warned;
      expect(JSON.parse(log.split('\n')[0]!)).toMatchObject({ level: 40, platform: 'telegram', failures: 1, msg: 'platform unreachable; retrying' });
      expect(log).not.toContain('123:abc');
      child.kill('SIGTERM');
      expect(await exited).toBe(0);
    } finally {
      child.kill('SIGKILL');
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
