/**
 * Issue 9, end to end: the real core (temp SQLite, real migrations) with the Discord adapter,
 * through discord.js, against the fake Discord (REST + gateway) in test/fake-discord/.
 */
import { spawnMain } from './helpers/spawn-main.ts';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { eq } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import type { Middleware } from '../src/core/composer.ts';
import type { CoreEvent } from '../src/core/events.ts';
import { groupId, memberId } from '../src/core/ids.ts';
import { p } from '../src/core/message.ts';
import { acknowledgements, deliveries, groups } from '../src/db/schema.ts';
import { DiscordHarness, type DiscordHarnessOptions } from './fake-discord/harness.ts';
import { FakeDiscord, snowflake, user, type FakeGuild, type StoredMessage } from './fake-discord/server.ts';

/** 2026-12-01 07:00 in Shanghai: an hour before the daily tip. */
const SEVEN = new Date('2026-11-30T23:00:00Z');
const EIGHT = new Date('2026-12-01T00:00:00Z');
const DAY = 24 * 3_600_000;

const owner = user(snowflake(), '校长');
const teacher = user(snowflake(), '王老师');
const zhang = user(snowflake(), '张三');
const li = user(snowflake(), '李测试');
const CLASS = snowflake();
const OTHER = snowflake();

let h: DiscordHarness;
let guild: FakeGuild;
let running = false;
/** Set by the tests that make sends fail on purpose. */
let failuresExpected = false;
afterEach(async () => {
  if (!running) return;
  const failures = failuresExpected ? [] : h.failures();
  await h.close();
  running = false;
  failuresExpected = false;
  expect(failures).toEqual([]);
});

/** The bot joins a server with two class channels; 王老师 has the advisor role, 张三 and 李测试 are members. */
async function start(opts: DiscordHarnessOptions = {}): Promise<DiscordHarness> {
  h = await DiscordHarness.start({ now: SEVEN, ...opts });
  running = true;
  guild = h.fake.addGuild({ id: snowflake(), name: '计算机学院', owner, advisorRole: '反诈辅导员', channels: [{ id: CLASS, name: '软件2301' }, { id: OTHER, name: '网安2302' }] });
  h.fake.join(guild, teacher, ['反诈辅导员']);
  h.fake.join(guild, zhang);
  h.fake.join(guild, li);
  await h.deliver('guildCreate', () => h.fake.guildCreate(guild), guild.id);
  return h;
}

const slash = (u: typeof zhang, name: string, args?: string, channel = CLASS) => h.deliver('interaction', () => h.fake.slash(guild, channel, u, name, args));
const repliesTo = (interactionId: string) => h.fake.messages.filter((m) => m.interactionId === interactionId);
/** The last message everyone in the channel sees. */
const lastIn = (channelId: string): StoredMessage => h.fake.messagesIn(channelId).filter((m) => !m.ephemeral).at(-1)!;
const groupRow = (channelId: string) => h.db.select().from(groups).where(eq(groups.id, groupId('discord', channelId))).get();
const ledger = () => h.db.select().from(deliveries).all();
const textOf = (m: StoredMessage) => [m.content, ...m.embeds.flatMap((e) => [e.title, e.description, e.footer?.text])].filter(Boolean).join('\n');

async function setUp(): Promise<void> {
  await slash(teacher, 'setup', '软件2301 学生');
  expect(groupRow(CLASS)?.setupAt).toBeTruthy();
}

describe('Discord: login and commands', () => {
  it('logs in through the gateway from /gateway/bot, and registers the guild’s slash commands in zh-CN and en', async () => {
    await start();
    expect(h.fake.identified).toBe(1);
    expect(h.fake.calls.map((c) => `${c.method} ${c.path}`)).toContain('GET /gateway/bot');
    const commands = h.fake.commands.get(guild.id)!;
    const names = commands.map((c) => c.name);
    expect(names).toEqual(expect.arrayContaining(['setup', 'settings', 'quiz', 'calendar', 'check', 'alert']));
    // Private-only commands are typed in the DM, where guild commands do not show.
    expect(names).not.toContain('practice');
    const setup = commands.find((c) => c.name === 'setup')!;
    expect(setup.description).toBe('登记班级');
    expect(setup.description_localizations).toMatchObject({ 'zh-CN': '登记班级', 'en-US': 'Register the class' });
    expect(setup.options).toEqual([expect.objectContaining({ name: 'args', type: 3, required: false })]);
    // The bot says hello in the first channel it may post in.
    expect(lastIn(CLASS).content).toContain('ClassGuard 无诈班级助手已加入本群');
  });

  it('/setup by an advisor (the role) registers the channel as a class; a member is refused', async () => {
    await start();
    const refused = await slash(zhang, 'setup', '软件2301');
    expect(repliesTo(refused).map((m) => m.content).join('')).toContain('只有本群管理员');
    expect(groupRow(CLASS)?.setupAt).toBeNull();

    const done = await slash(teacher, 'setup', '软件2301 学生');
    expect(repliesTo(done)).toHaveLength(1);
    const reply = repliesTo(done)[0]!;
    expect(reply.via).toBe('interaction');
    expect(reply.content).toContain('已登记：软件2301');
    expect(groupRow(CLASS)).toMatchObject({ className: '软件2301', title: '软件2301', audience: 'students', active: true });
    // Nobody asked Discord for the member: the interaction carried the roles and permissions.
    expect(h.fake.calls.some((c) => c.path.includes('/members/'))).toBe(false);
  });

  it('Manage Server makes an advisor too; the global-commands option registers once, globally', async () => {
    await start({ env: { DISCORD_GLOBAL_COMMANDS: 'true' } });
    expect(h.fake.commands.has(guild.id)).toBe(false);
    const global = h.fake.commands.get('global')!;
    expect(global.find((c) => c.name === 'practice')).toMatchObject({ contexts: [1] });
    expect(global.find((c) => c.name === 'setup')).toMatchObject({ contexts: [0] });
    h.fake.grantManageGuild(guild, zhang);
    const done = await slash(zhang, 'setup', '网安2302', OTHER);
    expect(repliesTo(done)[0]!.content).toContain('已登记：网安2302');
  });
});

describe('Discord: the campaign', () => {
  async function tipAt(at: Date): Promise<StoredMessage> {
    h.clock.set(at);
    await h.app.scheduler.tick();
    return lastIn(CLASS);
  }

  it('a scheduled tip arrives with its button; a press is an acknowledgement, answered ephemerally, and the count edited', async () => {
    await start();
    await setUp();
    const tip = await tipAt(EIGHT);
    expect(textOf(tip)).toContain('每日反诈提示');
    expect(tip.via).toBe('channel');
    expect(tip.components.flatMap((r) => r.components).map((b: any) => b.label)).toEqual(['已阅 ✅']);
    expect(ledger().find((d) => d.kind === 'tip')).toMatchObject({ status: 'sent', messageId: tip.id });

    const press = await h.deliver('interaction', () => h.fake.press(tip, zhang, '已阅 ✅'));
    expect(repliesTo(press)).toMatchObject([{ ephemeral: true, content: expect.stringContaining('已确认，谢谢') }]);
    const acks = () => h.db.select().from(acknowledgements).all();
    expect(acks().map((a) => a.memberId)).toEqual([memberId('discord', zhang.id)]);
    await h.app.acks.flush();
    expect(tip.edits).toBeGreaterThanOrEqual(1);
    expect(textOf(tip)).toContain('已阅 1 人');

    // Who pressed is who Discord says pressed: a forged custom_id acknowledges nothing.
    const forged = await h.deliver('interaction', () => h.fake.pressData(tip, li, 'ack:999999'));
    expect(repliesTo(forged)).toMatchObject([{ ephemeral: true, content: expect.stringContaining('已失效') }]);
    expect(acks()).toHaveLength(1);
  });

  it('/quiz posts a question in the channel; the command itself gets a quiet ephemeral ✅; an answer is told ephemerally', async () => {
    await start();
    await setUp();
    const command = await slash(teacher, 'quiz');
    expect(repliesTo(command)).toMatchObject([{ ephemeral: true, content: '✅' }]);
    const question = lastIn(CLASS);
    expect(question.via).toBe('channel');
    const labels = question.components.flatMap((r) => r.components).map((b: any) => b.label);
    expect(labels[0]).toBe('A');
    const press = await h.deliver('interaction', () => h.fake.press(question, li, 'A'));
    expect(repliesTo(press)).toMatchObject([{ ephemeral: true, content: expect.stringMatching(/回答正确|回答错误/) }]);
    await h.app.quizEdits.flush();
    expect(textOf(question)).toContain('已作答 1 人');
    expect(h.fake.messagesIn(CLASS).filter((m) => !m.ephemeral).some((m) => textOf(m).includes('李测试'))).toBe(false);
  });
});

/** Records every event the core gets, then lets the core handle it. */
function recorder(): { events: CoreEvent[]; before: Middleware } {
  const events: CoreEvent[] = [];
  return { events, before: async (ctx, next) => (events.push(ctx.event), next()) };
}

describe('Discord: private answers and triage', () => {
  it('/check in a channel: the result is an ephemeral embed for the member alone, never a channel message', async () => {
    await start();
    await setUp();
    const suspicious = '我是公安局的，你的账户涉嫌洗钱，请把钱转到安全账户配合调查';
    const posted = h.fake.messagesIn(CLASS).filter((m) => !m.ephemeral).length;
    const id = await slash(zhang, 'check', suspicious);
    const replies = repliesTo(id);
    expect(replies.length).toBeGreaterThan(0);
    expect(replies.every((m) => m.ephemeral && m.channelId === CLASS)).toBe(true);
    expect(replies[0]!.embeds[0]).toMatchObject({ title: '可疑消息检查结果', description: expect.stringContaining('风险') });
    expect(h.fake.messagesIn(CLASS).filter((m) => !m.ephemeral)).toHaveLength(posted);
    // The emergency steps, too, go to the member alone.
    const paid = await slash(zhang, 'paid');
    expect(repliesTo(paid).length).toBeGreaterThan(0);
    expect(repliesTo(paid).every((m) => m.ephemeral)).toBe(true);
  });

  it('/report: totals as the reply everyone sees, the names as an ephemeral follow-up; a CSV export as an ephemeral attachment', async () => {
    await start();
    await setUp();
    const tip = await (async () => (h.clock.set(EIGHT), await h.app.scheduler.tick(), lastIn(CLASS)))();
    await h.deliver('interaction', () => h.fake.press(tip, li, '已阅 ✅'));
    const id = await slash(teacher, 'report');
    const [totals, ...followUps] = repliesTo(id);
    expect(totals).toMatchObject({ via: 'interaction', ephemeral: false });
    expect(textOf(totals!)).not.toContain('李测试');
    expect(followUps.length).toBeGreaterThan(0);
    expect(followUps.every((m) => m.via === 'followup' && m.ephemeral)).toBe(true);

    const csv = await slash(teacher, 'report', 'csv');
    const [file] = repliesTo(csv);
    expect(file).toMatchObject({ via: 'interaction', ephemeral: true });
    expect(file!.files).toEqual([expect.stringMatching(/\.csv$/)]);
    expect(h.fake.calls.some((c) => c.path.startsWith(`/interactions/${csv}/`) && c.files.length === 1)).toBe(true);
    // A member may not see the report.
    const refused = await slash(zhang, 'report');
    expect(repliesTo(refused).map(textOf).join('')).toContain('报告只提供给本群的辅导员');
  });

  it('the triage menu is registered as a message command in zh-CN and en', async () => {
    await start();
    const menu = h.fake.commands.get(guild.id)!.find((c) => c.type === 3);
    expect(menu).toMatchObject({ name: '检查可疑消息', name_localizations: { 'zh-CN': '检查可疑消息', 'en-US': 'Check suspicious message' } });
    expect(h.fake.commands.get(guild.id)!.map((c) => c.name)).toContain('check');
  });

  it('the message context menu 检查可疑消息 is a `check` command on the target’s text, answered ephemerally', async () => {
    const { events, before } = recorder();
    await start({ before });
    const suspicious = '【公安局】你涉嫌洗钱，请将资金转入安全账户 6222 0000 1111 2222';
    const id = await h.deliver('interaction', () => h.fake.messageCommand(guild, CLASS, zhang, '检查可疑消息', { content: suspicious, author: li }));
    expect(events.at(-1)).toMatchObject({ type: 'command', name: 'check', args: '', replyTo: { text: suspicious }, from: { id: memberId('discord', zhang.id) } });
    const replies = repliesTo(id);
    expect(replies.length).toBeGreaterThan(0);
    expect(replies.every((m) => m.ephemeral)).toBe(true);
    expect(replies[0]!.embeds[0]).toMatchObject({ title: '可疑消息检查结果', description: expect.stringContaining('风险') });
    expect(textOf(replies[0]!)).toMatch(/安全账户|公检法|冒充/);
  });

  it('in a DM, pasted text is a message, a forwarded one (message snapshot) a forwarded message, and a typed /help a command', async () => {
    const { events, before } = recorder();
    await start({ before });
    const dm = h.fake.dmChannelOf(zhang.id);
    await h.deliver('message', () => h.fake.dm(zhang, '有人说我中奖了，要先交手续费'));
    expect(events.at(-1)).toMatchObject({ type: 'message', forwarded: false, text: '有人说我中奖了，要先交手续费', chat: { id: memberId('discord', zhang.id), kind: 'private' } });
    // Triage answers in the DM itself.
    expect(textOf(h.fake.messagesIn(dm).at(-1)!)).toContain('可疑消息检查结果');
    await h.deliver('message', () => h.fake.dm(zhang, '', { content: '点击链接领取补贴 http://example.invalid' }));
    expect(events.at(-1)).toMatchObject({ type: 'message', forwarded: true, text: '点击链接领取补贴 http://example.invalid' });
    expect(h.fake.messagesIn(dm).filter((m) => textOf(m).includes('可疑消息检查结果'))).toHaveLength(2);
    await h.deliver('message', () => h.fake.dm(zhang, '/help'));
    expect(events.at(-1)).toMatchObject({ type: 'command', name: 'help' });
    expect(textOf(h.fake.messagesIn(dm).at(-1)!)).toContain('可用命令');
    // A private send to the member by id goes to the same DM.
    expect(await h.app.transport.send({ member: memberId('discord', zhang.id) }, { blocks: [p('只给你看的内容')] })).toMatchObject({ ok: true });
    expect(h.fake.messagesIn(dm).at(-1)?.content).toBe('只给你看的内容');
  });
});

describe('Discord: private chats', () => {
  it('/practice typed in the DM: a question with buttons; a press there is answered and the next question follows', async () => {
    await start();
    await h.deliver('message', () => h.fake.dm(zhang, '/practice'));
    const dm = h.fake.dmChannelOf(zhang.id);
    const first = h.fake.messagesIn(dm).at(-1)!;
    expect(textOf(first)).toContain('练习 1/');
    const press = await h.deliver('interaction', () => h.fake.press(first, zhang, 'A'));
    const replies = repliesTo(press);
    expect(replies.map(textOf).join('\n')).toMatch(/回答正确|回答错误/);
    expect(replies.map(textOf).join('\n')).toContain('练习 2/');
    expect(replies.every((m) => m.channelId === dm)).toBe(true);
  });

  it('isAdmin asks Discord for the member when the core has no answer: the advisor role, or the owner’s permissions', async () => {
    await start();
    const cls = groupId('discord', CLASS);
    expect(await h.adapter.isAdmin(cls, memberId('discord', teacher.id))).toBe(true);
    expect(await h.adapter.isAdmin(cls, memberId('discord', zhang.id))).toBe(false);
    expect(await h.adapter.isAdmin(cls, memberId('discord', owner.id))).toBe(true);
    expect(h.fake.calls.filter((c) => c.path.startsWith(`/guilds/${guild.id}/members/`))).toHaveLength(3);
    expect(await h.adapter.memberCount(cls)).toBe(5);
  });
});

describe('Discord: lifecycle', () => {
  it('re-added to a guild it left: welcome back in the first channel, which is active again', async () => {
    await start();
    await setUp();
    await h.deliver('guildDelete', () => h.fake.guildDelete(guild), guild.id);
    expect(groupRow(CLASS)?.active).toBe(false);
    await h.deliver('guildCreate', () => h.fake.guildCreate(guild), guild.id);
    expect(groupRow(CLASS)?.active).toBe(true);
    expect(lastIn(CLASS).content).toContain('无诈班级助手已回到本群');
  });

  it('removed from the guild (GUILD_DELETE): its channels become inactive and get no more tips', async () => {
    await start();
    await setUp();
    await slash(teacher, 'setup', '网安2302', OTHER);
    await h.deliver('guildDelete', () => h.fake.guildDelete(guild), guild.id);
    expect(groupRow(CLASS)?.active).toBe(false);
    expect(groupRow(OTHER)?.active).toBe(false);
    const calls = h.fake.calls.length;
    h.clock.set(EIGHT);
    await h.app.scheduler.tick();
    expect(h.fake.calls.slice(calls).filter((c) => c.method === 'POST' && c.path.endsWith('/messages'))).toEqual([]);
    expect(ledger().filter((d) => d.kind === 'tip').map((d) => d.status)).toEqual(['skipped', 'skipped']);
  });

  it('a deleted channel is a group the bot left; the guild’s other channel goes on', async () => {
    await start();
    await setUp();
    await slash(teacher, 'setup', '网安2302', OTHER);
    await h.deliver('channelDelete', () => h.fake.channelDelete(guild, OTHER), OTHER);
    expect(groupRow(OTHER)?.active).toBe(false);
    expect(groupRow(CLASS)?.active).toBe(true);
  });

  it('missing permissions: the tip fails, the group is paused and the owner told privately, once; fixed permissions resume it', async () => {
    failuresExpected = true;
    await start();
    await setUp();
    h.fake.setForbidden(guild, CLASS, true, false); // changed while the bot was offline
    h.clock.set(EIGHT);
    await h.app.scheduler.tick();
    expect(h.fake.calls.filter((c) => c.method === 'POST' && c.path === `/channels/${CLASS}/messages`).at(-1)?.status).toBe(403);
    expect(groupRow(CLASS)?.active).toBe(false);
    expect(ledger().find((d) => d.kind === 'tip')).toMatchObject({ status: 'skipped', error: 'kicked' });
    const notice = h.fake.messagesIn(h.fake.dmChannelOf(owner.id));
    expect(notice).toHaveLength(1);
    expect(notice[0]!.content).toContain('#软件2301');
    expect(notice[0]!.content).toContain('Send Messages');
    await h.app.transport.send({ group: groupId('discord', CLASS) }, { blocks: [p('再试一次')] });
    expect(h.fake.messagesIn(h.fake.dmChannelOf(owner.id))).toHaveLength(1);

    // An update that still denies Send Messages resumes nothing; one that allows it does.
    await h.deliver('channelUpdate', () => h.fake.setForbidden(guild, CLASS, true), CLASS);
    expect(groupRow(CLASS)?.active).toBe(false);
    await h.deliver('channelUpdate', () => h.fake.setForbidden(guild, CLASS, false), CLASS);
    expect(groupRow(CLASS)?.active).toBe(true);
    expect(lastIn(CLASS).content).toContain('无诈班级助手已回到本群');
    h.clock.set(new Date(EIGHT.getTime() + DAY));
    await h.app.scheduler.tick();
    expect(textOf(lastIn(CLASS))).toContain('每日反诈提示');
  });
});

describe('Discord: missing permissions across a restart', () => {
  const notices = () => h.fake.messagesIn(h.fake.dmChannelOf(owner.id));
  const sendsTo = (channelId: string) => h.fake.calls.filter((c) => c.method === 'POST' && c.path === `/channels/${channelId}/messages`);

  /** The tip at eight is refused: the class is paused and the owner told. */
  async function lose(): Promise<void> {
    failuresExpected = true;
    await start();
    await setUp();
    h.fake.setForbidden(guild, CLASS, true, false);
    h.clock.set(EIGHT);
    await h.app.scheduler.tick();
    expect(sendsTo(CLASS).at(-1)?.status).toBe(403);
    expect(groupRow(CLASS)).toMatchObject({ active: false, inactiveReason: 'missing-permissions' });
    expect(notices()).toHaveLength(1);
  }

  it('still paused after a restart, the owner not told again; permissions given back resume it', async () => {
    await lose();
    await h.restart();
    expect(groupRow(CLASS)).toMatchObject({ active: false, inactiveReason: 'missing-permissions' });
    const refused = sendsTo(CLASS).length;
    h.clock.set(new Date(EIGHT.getTime() + DAY));
    await h.app.scheduler.tick();
    expect(sendsTo(CLASS)).toHaveLength(refused);
    // A send forced through is refused again: the new process knows the pause from the database.
    await h.app.transport.send({ group: groupId('discord', CLASS) }, { blocks: [p('再试一次')] });
    expect(sendsTo(CLASS).at(-1)?.status).toBe(403);
    expect(notices()).toHaveLength(1);
    expect(groupRow(CLASS)?.inactiveReason).toBe('missing-permissions');

    await h.deliver('channelUpdate', () => h.fake.setForbidden(guild, CLASS, false), CLASS);
    expect(groupRow(CLASS)).toMatchObject({ active: true, inactiveReason: null });
    expect(lastIn(CLASS).content).toContain('无诈班级助手已回到本群');
    h.clock.set(new Date(EIGHT.getTime() + 2 * DAY));
    await h.app.scheduler.tick();
    expect(textOf(lastIn(CLASS))).toContain('每日反诈提示');
    expect(notices()).toHaveLength(1);
  });

  it('permissions given back while the bot was offline: the restart resumes the class', async () => {
    await lose();
    h.fake.setForbidden(guild, CLASS, false, false);
    await h.restart();
    expect(groupRow(CLASS)).toMatchObject({ active: true, inactiveReason: null });
    expect(lastIn(CLASS).content).toContain('无诈班级助手已回到本群');
    expect(groupRow(OTHER)).toBeUndefined();
  });

  it('a role update that gives Send Messages back resumes the class; a channel never set up stays unknown', async () => {
    failuresExpected = true;
    await start();
    await setUp();
    // Seen, but nothing was refused yet: the adapter reports what Discord refuses, not what it guesses.
    await h.deliver('roleUpdate', () => h.fake.setEveryoneCanSend(guild, false), guild.id);
    expect(groupRow(CLASS)?.active).toBe(true);
    h.clock.set(EIGHT);
    await h.app.scheduler.tick();
    expect(groupRow(CLASS)).toMatchObject({ active: false, inactiveReason: 'missing-permissions' });
    expect(notices()).toHaveLength(1);
    await h.deliver('roleUpdate', () => h.fake.setEveryoneCanSend(guild, true), guild.id);
    expect(groupRow(CLASS)).toMatchObject({ active: true, inactiveReason: null });
    expect(lastIn(CLASS).content).toContain('无诈班级助手已回到本群');
    expect(groupRow(OTHER)).toBeUndefined();
  });
});

describe('Discord: limits and errors', () => {
  /** Registers channels straight in the database: this is about sending, not /setup. */
  function manyChannels(n: number): string[] {
    const ids = Array.from({ length: n }, () => snowflake());
    guild.channels.push(...ids.map((id, i) => ({ id, name: `班${i}` })));
    for (const id of ids) {
      const chat = { id: groupId('discord', id), kind: 'group' as const, title: id };
      h.app.groups.ensure(chat);
      h.app.groups.setup(chat.id, { className: id });
    }
    return ids;
  }

  it('survives a 429 storm on channel sends: every channel gets its tip exactly once', async () => {
    await start();
    const ids = manyChannels(12);
    // discord.js's REST queue waits out each 429 and sends again (its pacing, see DiscordAdapter's
    // `rest` options): unlike a 5xx, a 429 never reaches the ledger.
    h.fake.failNext(30, 429, { method: 'POST', path: '/messages', retryAfter: 0.05 });
    h.clock.set(EIGHT);
    const report = await h.app.scheduler.tick();
    expect(report).toMatchObject({ sent: 12, failed: 0 });
    expect(ids.map((id) => h.fake.messagesIn(id).length)).toEqual(ids.map(() => 1));
    expect(h.fake.calls.filter((c) => c.status === 429 && c.injected)).toHaveLength(30);
  });

  it('5xx on a share of a broadcast: one REST call per delivery attempt, later ticks retry, every channel gets its tip once', async () => {
    failuresExpected = true;
    await start();
    const ids = manyChannels(8);
    for (const id of ids.slice(0, 3)) h.fake.failNext(1, 500, { method: 'POST', path: `/channels/${id}/messages` });
    for (const id of ids.slice(3, 5)) h.fake.failNext(2, 502, { method: 'POST', path: `/channels/${id}/messages` });
    h.clock.set(EIGHT);
    expect(await h.app.scheduler.tick()).toMatchObject({ sent: 3, failed: 5 });
    for (let minute = 1; minute <= 4; minute++) {
      h.clock.set(new Date(EIGHT.getTime() + minute * 60_000));
      await h.app.scheduler.tick();
    }
    const posts = (id: string) => h.fake.calls.filter((c) => c.method === 'POST' && c.path === `/channels/${id}/messages`);
    const tip = (id: string) => ledger().find((d) => d.groupId === groupId('discord', id))!;
    expect(ids.map((id) => posts(id).length)).toEqual(ids.map((id) => tip(id).attempts));
    expect(ids.map((id) => tip(id).attempts)).toEqual([2, 2, 2, 3, 3, 1, 1, 1]);
    expect(ids.map((id) => h.fake.messagesIn(id).length)).toEqual(ids.map(() => 1));
  });

  it('a 5xx is transient, a 404 Unknown Channel makes the group inactive', async () => {
    failuresExpected = true;
    await start();
    const [a, b] = manyChannels(2);
    h.fake.failNext(5, 500, { path: `/channels/${a}/messages` });
    expect(await h.app.transport.send({ group: groupId('discord', a!) }, { blocks: [p('x')] })).toMatchObject({ ok: false, reason: 'transient' });
    // discord.js does not retry (rest.retries 0): the three calls are the transport's, as the retry policy allows.
    expect(h.fake.calls.filter((c) => c.path === `/channels/${a}/messages`).map((c) => c.status)).toEqual([500, 500, 500]);
    guild.channels = guild.channels.filter((c) => c.id !== b);
    h.fake.failNext(1, 404, { code: 10003, message: 'Unknown Channel', path: `/channels/${b}/messages` });
    expect(await h.app.transport.send({ group: groupId('discord', b!) }, { blocks: [p('x')] })).toMatchObject({ ok: false, reason: 'kicked' });
    expect(groupRow(b!)?.active).toBe(false);
  });

  it('every message the bot posts carries allowedMentions with nothing to ping', async () => {
    await start();
    await setUp();
    await slash(zhang, 'quiz');
    await h.deliver('message', () => h.fake.dm(zhang, '/help'));
    await h.app.transport.send({ group: groupId('discord', CLASS) }, { blocks: [p('@everyone 看这里')] });
    const posts = h.fake.calls.filter((c) => c.method === 'POST' && (c.path.endsWith('/messages') || c.path.endsWith('/callback') || c.path.startsWith('/webhooks/')));
    expect(posts.length).toBeGreaterThanOrEqual(5);
    for (const call of posts) {
      const body = call.path.endsWith('/callback') ? call.body.data : call.body;
      expect(body.allowed_mentions).toEqual({ parse: [] });
    }
    // And the text itself is escaped Markdown, so @everyone is just text.
    expect(lastIn(CLASS).content).toContain('@everyone');
  });

  it('text over 2000 characters is split at paragraphs, the buttons on the last part; files go as attachments', async () => {
    await start();
    const [id] = manyChannels(1);
    const paragraph = (c: string) => p(c.repeat(900));
    const outcome = await h.app.transport.send(
      { group: groupId('discord', id!) },
      { blocks: [paragraph('甲'), paragraph('乙'), paragraph('丙')], buttons: [[{ label: '已阅 ✅', token: 'ack:1' }]], attachments: [{ kind: 'file', filename: 'report.csv', mime: 'text/csv', data: new TextEncoder().encode('a,b\n1,2\n') }] },
    );
    const parts = h.fake.messagesIn(id!);
    expect(parts.map((m) => m.content.length)).toEqual([900 + 2 + 900, 900]);
    expect(parts.map((m) => m.components.length)).toEqual([0, 1]);
    expect(parts.map((m) => m.files)).toEqual([[], ['report.csv']]);
    expect(outcome).toEqual({ ok: true, messageId: parts[1]!.id });

    const long = await h.app.transport.send({ group: groupId('discord', id!) }, { title: '长文章', blocks: [p('丁'.repeat(4500))] });
    const embeds = h.fake.messagesIn(id!).slice(2).map((m) => m.embeds[0]);
    expect(embeds.map((e) => e.description.length)).toEqual([2000, 2000, 500]);
    expect(embeds.map((e) => e.title)).toEqual(['长文章', undefined, undefined]);
    expect(long.ok).toBe(true);
  });
});

describe('Discord: npm start', () => {
  it('starts the adapter when DISCORD_BOT_TOKEN is set (gateway from DISCORD_API_ROOT), answers, and exits 0 on SIGTERM', async () => {
    const fake = await FakeDiscord.start();
    const dir = mkdtempSync(join(tmpdir(), 'classguard-discord-'));
    const child = spawnMain(
      { DATABASE_PATH: join(dir, 'bot.db'), DISCORD_BOT_TOKEN: fake.token, DISCORD_API_ROOT: fake.apiRoot, LOG_LEVEL: 'info' },
      ['ignore', 'pipe', 'ignore'],
    );
    const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
    // SIGTERM is handled once main has started everything: it logs so (pino JSON on stdout).
    let log = '';
    const started = new Promise<void>((resolve) => child.stdout!.on('data', (chunk: Buffer) => ((log += String(chunk)), log.includes('ClassGuard started') && resolve())));
    try {
      const someone = fake.addUser(user(snowflake(), '赵六'));
      const g = fake.addGuild({ id: snowflake(), name: '学院', owner: someone, channels: [{ id: snowflake(), name: '班级' }] });
      await fake.waitFor(() => fake.identified === 1, 30_000);
      fake.guildCreate(g);
      await fake.waitFor(() => fake.commands.has(g.id), 30_000);
      fake.dm(someone, '/help');
      const dm = fake.dmChannelOf(someone.id);
      await fake.waitFor(() => fake.messagesIn(dm).length > 0, 30_000);
      expect(fake.messagesIn(dm)[0]!.content).toContain('可用命令');
      await started;
      expect(log).not.toContain(fake.token);
      child.kill('SIGTERM');
      expect(await exited).toBe(0);
    } finally {
      child.kill('SIGKILL');
      await fake.close();
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);

  it('stops startup with one line naming DISCORD_BOT_TOKEN when Discord refuses the token', async () => {
    const fake = await FakeDiscord.start();
    const dir = mkdtempSync(join(tmpdir(), 'classguard-discord-'));
    const child = spawnMain({ DATABASE_PATH: join(dir, 'bot.db'), DISCORD_BOT_TOKEN: 'not.the.token', DISCORD_API_ROOT: fake.apiRoot }, ['ignore', 'ignore', 'pipe']);
    let stderr = '';
    child.stderr!.on('data', (chunk: Buffer) => (stderr += String(chunk)));
    try {
      expect(await new Promise((resolve) => child.once('exit', resolve))).toBe(1);
      expect(stderr.trim().split('\n')).toEqual([expect.stringMatching(/^DISCORD_BOT_TOKEN was rejected by discord \(.*\): check the token$/)]);
      expect(stderr).not.toContain('not.the.token');
    } finally {
      child.kill('SIGKILL');
      await fake.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
