/**
 * The Telegram adapter's decoder and encoder, through grammY against the fake Bot API server
 * (no core: a sink records the events), and its pure parts (HTML, limits, errors, menus).
 */
import { GrammyError } from 'grammy';
import type { User } from 'grammy/types';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { outcomeOf } from '../adapters/telegram/errors.ts';
import { FloodGate } from '../adapters/shared/flood-gate.ts';
import { escapeHtml, renderHtml, truncate } from '../adapters/telegram/html.ts';
import { commandMenus } from '../adapters/telegram/menus.ts';
import type { Outcome, Target } from '../src/core/adapter.ts';
import { AdjustableClock } from '../src/core/clock.ts';
import { groupId, memberId } from '../src/core/ids.ts';
import { b, list, p, type RichMessage } from '../src/core/message.ts';
import { FEATURES } from '../src/features/index.ts';
import { AdapterRig } from './fake-telegram/harness.ts';
import { parseTelegramHtml } from './fake-telegram/html.ts';
import { group, privateChat, user } from './fake-telegram/server.ts';

const zhang = user(2001, '张三');
const wei = user(3001, 'Wei', { lastName: 'Zhang', languageCode: 'en' });
const cls = group(-1001000000001, '软件2301');
const gid = groupId('telegram', cls.id);

let rig: AdapterRig;
afterEach(async () => rig?.close());

async function startRig(opts: Parameters<typeof AdapterRig.start>[0] = {}): Promise<AdapterRig> {
  rig = await AdapterRig.start(opts);
  return rig;
}

describe('decoding updates', () => {
  it('messages: sender, display name, language, reply text, forwarded, caption; no bots, no stickers', async () => {
    await startRig();
    const [msg] = await rig.deliver(rig.fake.say(cls, wei, '这是诈骗吗', { reply_to_message: { message_id: 1, date: 0, chat: cls, text: '原消息' } as never }));
    expect(msg).toEqual({
      type: 'message',
      platform: 'telegram',
      chat: { id: gid, kind: 'group', title: '软件2301' },
      from: { id: memberId('telegram', wei.id), name: 'Wei Zhang', languageCode: 'en', isAdmin: undefined },
      text: '这是诈骗吗',
      forwarded: false,
      replyTo: { text: '原消息' },
    });
    const forward = { forward_origin: { type: 'hidden_user', sender_user_name: '客服', date: 0 } } as never;
    const [fwd] = await rig.deliver(rig.fake.say(privateChat(zhang), zhang, '/start 您的快递丢失，请点击链接理赔', forward));
    expect(fwd).toMatchObject({ type: 'message', forwarded: true, chat: { id: groupId('telegram', zhang.id), kind: 'private' } });
    // A private chat's group id is the member's id.
    expect(fwd!.chat.id as string).toBe(memberId('telegram', zhang.id));
    expect(await rig.deliver(rig.fake.say(cls, zhang, '', { text: undefined, caption: '截图说明' } as never))).toMatchObject([{ type: 'message', text: '截图说明' }]);
    expect(await rig.deliver(rig.fake.say(cls, { ...zhang, id: 42, is_bot: true }, '/help'))).toEqual([]);
    expect(await rig.deliver(rig.fake.say(cls, zhang, '', { text: undefined, sticker: { file_id: 'x' } } as never))).toEqual([]);
  });

  it('commands: with or without @botname, case-insensitive; another bot’s are ignored; an anonymous admin is an admin', async () => {
    await startRig();
    expect(await rig.deliver(rig.fake.say(cls, zhang, '/HELP@classguard_test_bot'))).toMatchObject([{ type: 'command', name: 'help', args: '' }]);
    expect(await rig.deliver(rig.fake.say(cls, zhang, '/setup  软件2301 学生 '))).toMatchObject([{ type: 'command', name: 'setup', args: '软件2301 学生' }]);
    expect(await rig.deliver(rig.fake.say(cls, zhang, '/help@other_bot'))).toEqual([]);
    const anonymous: User = { id: 1087968824, is_bot: true, first_name: 'Group', username: 'GroupAnonymousBot' };
    const [cmd] = await rig.deliver(rig.fake.say(cls, anonymous, '/settings', { sender_chat: cls } as never));
    expect(cmd).toMatchObject({ type: 'command', name: 'settings', from: { isAdmin: true } });
  });

  it('a press: the member is who pressed (callback_query.from), the token is the data', async () => {
    await startRig();
    rig.onEvent = async (_e, handle) => void (await rig.adapter.perform({ type: 'answer', text: '好' }, handle));
    await rig.adapter.perform({ type: 'send', to: { group: gid }, message: { blocks: [p('提示')], buttons: [[{ label: '已阅 ✅', token: 'ack:7' }]] } });
    const posted = rig.fake.messagesIn(cls.id)[0]!;
    const [press] = await rig.deliver(rig.fake.press(wei, posted, '已阅 ✅'));
    expect(press).toMatchObject({ type: 'button', token: 'ack:7', messageId: String(posted.messageId), from: { id: memberId('telegram', wei.id) }, chat: { id: gid } });
    expect(rig.fake.successful('answerCallbackQuery')).toHaveLength(1);
    // A press nobody answers still gets an (empty) answer, so the button stops spinning.
    rig.onEvent = undefined;
    await rig.deliver(rig.fake.pressData(zhang, posted, 'unknown:1'));
    expect(rig.fake.successful('answerCallbackQuery').at(-1)?.params).toEqual({ callback_query_id: expect.any(String) });
  });

  it('membership: the bot added, kicked, left, muted; members joining and leaving; migration', async () => {
    await startRig();
    const kinds = async (update: ReturnType<typeof rig.fake.push>) => (await rig.deliver(update)).map((e) => [e.type, 'reason' in e ? e.reason : undefined]);
    expect(await kinds(rig.fake.botStatus(cls, zhang, 'left', 'administrator'))).toEqual([['bot-added', undefined]]);
    expect(await kinds(rig.fake.botStatus(cls, zhang, 'administrator', 'member'))).toEqual([]);
    expect(await kinds(rig.fake.botStatus(cls, zhang, 'member', 'restricted', { can_send_messages: false }))).toEqual([['bot-removed', 'missing-permissions']]);
    expect(await kinds(rig.fake.botStatus(cls, zhang, 'member', 'kicked'))).toEqual([['bot-removed', 'kicked']]);
    expect(await kinds(rig.fake.botStatus(cls, zhang, 'member', 'left'))).toEqual([['bot-removed', 'left']]);
    // A person blocking the bot in private is not a group event.
    expect(await kinds(rig.fake.botStatus(privateChat(zhang), zhang, 'member', 'kicked'))).toEqual([]);
    expect(await kinds(rig.fake.memberStatus(cls, wei, 'left', 'member'))).toEqual([['member-joined', undefined]]);
    expect(await kinds(rig.fake.memberStatus(cls, wei, 'member', 'restricted'))).toEqual([]);
    expect(await kinds(rig.fake.memberStatus(cls, wei, 'member', 'kicked'))).toEqual([['member-left', undefined]]);
    expect(await rig.deliver(rig.fake.migrate(group(-5001, '旧群', 'group'), -1005001, zhang))).toMatchObject([
      { type: 'group-migrated', chat: { id: groupId('telegram', -5001) }, to: groupId('telegram', -1005001) },
    ]);
  });
});

describe('encoding actions', () => {
  it('renders a rich message as Telegram HTML the server accepts', async () => {
    await startRig();
    const message: RichMessage = {
      title: '每日反诈提示',
      blocks: [
        p('凡是', b('刷单'), '都是诈骗 ', { text: 'a<b>', code: true }),
        list([['不转账'], ['不透露', { text: '验证码', italic: true }]], true),
        list([['要核实']]),
        { kind: 'quote', spans: ['“您好，我是客服”'] },
        p({ text: '国家反诈中心', href: 'https://example.org/?a=1&b="2"' }),
      ],
      footer: '已阅 0 人',
    };
    const outcome = await rig.adapter.perform({ type: 'send', to: { group: gid }, message });
    const sent = rig.fake.messagesIn(cls.id)[0]!;
    expect(outcome).toEqual({ ok: true, messageId: String(sent.messageId) });
    expect(sent.text).toBe('每日反诈提示\n\n凡是刷单都是诈骗 a<b>\n\n1. 不转账\n2. 不透露验证码\n\n• 要核实\n\n“您好，我是客服”\n\n国家反诈中心\n\n已阅 0 人');
    expect(sent.tags).toEqual(['b', 'b', 'code', 'i', 'blockquote', 'a href=https://example.org/?a=1&b="2"', 'i']);
    expect(rig.fake.calls.find((c) => c.method === 'sendMessage')!.params).toMatchObject({ parse_mode: 'HTML', link_preview_options: { is_disabled: true } });
  });

  it('sends images and files as uploads; the buttons go on the text, or on the last upload', async () => {
    await startRig();
    const png = { kind: 'image' as const, filename: 'chart.png', mime: 'image/png', data: new Uint8Array([137, 80, 78, 71, 1, 2, 3]) };
    const csv = { kind: 'file' as const, filename: '报告.csv', mime: 'text/csv', data: new TextEncoder().encode('班级,已阅\n软件2301,30\n') };
    const buttons = [[{ label: '已阅 ✅', token: 'ack:1' }]];
    const withText = await rig.adapter.perform({ type: 'send', to: { group: gid }, message: { blocks: [p('本周报告')], buttons, attachments: [png, csv] } });
    const [text, photo, doc] = rig.fake.messagesIn(cls.id);
    expect([text!.kind, photo!.kind, doc!.kind]).toEqual(['text', 'photo', 'document']);
    expect(photo!.file).toEqual({ name: 'chart.png', size: 7 });
    expect(doc!.file).toEqual({ name: '报告.csv', size: csv.data.length });
    expect([text!.markup, photo!.markup, doc!.markup].map(Boolean)).toEqual([true, false, false]);
    expect(withText).toEqual({ ok: true, messageId: String(text!.messageId) });

    const onlyFiles = await rig.adapter.perform({ type: 'send', to: { group: gid }, message: { blocks: [], buttons, attachments: [png, csv] } });
    const last = rig.fake.messagesIn(cls.id).at(-1)!;
    expect(last.markup).toBeTruthy();
    expect(onlyFiles).toEqual({ ok: true, messageId: String(last.messageId) });
  });

  it('cuts an alert to 200 characters with … and sends the whole text privately', async () => {
    await startRig();
    const long = `回答错误 ❌ 正确答案是 B。\n${'凡是自称客服要求共享屏幕的都是诈骗。'.repeat(20)}`;
    rig.onEvent = async (e, handle) => void (e.type === 'button' && (await rig.adapter.perform({ type: 'answer', text: long, alert: true }, handle)));
    await rig.adapter.perform({ type: 'send', to: { group: gid }, message: { blocks: [p('题')], buttons: [[{ label: 'B', token: 'qz:1:1' }]] } });
    await rig.deliver(rig.fake.say(privateChat(zhang), zhang, 'hi')); // zhang has a private chat
    await rig.deliver(rig.fake.press(zhang, rig.fake.messagesIn(cls.id)[0]!, 'B'));
    const alert = rig.fake.successful('answerCallbackQuery').at(-1)!.params;
    expect(alert.show_alert).toBe(true);
    expect(alert.text).toHaveLength(200);
    expect(alert.text.endsWith('…')).toBe(true);
    expect(rig.fake.messagesIn(zhang.id).at(-1)?.text).toBe(long);
  });

  it('a private reply in a group to a member without a private chat: a notice replying to their message', async () => {
    await startRig();
    let outcome: Outcome | undefined;
    rig.onEvent = async (_e, handle) => void (outcome = await rig.adapter.perform({ type: 'reply', message: { blocks: [p('你的分析结果')] }, private: true }, handle));
    await rig.deliver(rig.fake.say(cls, wei, '/check 中奖了'));
    expect(outcome).toMatchObject({ ok: false, reason: 'no-private-chat' });
    const notice = rig.fake.messagesIn(cls.id).at(-1)!;
    expect(notice.replyTo).toBeDefined();
    expect(notice.text).toContain(`https://t.me/classguard_test_bot?start=g${cls.id}`);
    expect(notice.text).toContain('Open https://t.me/');
    expect(notice.tags).toEqual([]);
  });

  it('a reply in a forum topic stays in the topic, quoting the member’s message', async () => {
    await startRig();
    rig.onEvent = async (_e, handle) => void (await rig.adapter.perform({ type: 'reply', message: { blocks: [p('收到')] } }, handle));
    const update = rig.fake.say(cls, zhang, '/help', { message_thread_id: 77, is_topic_message: true } as never);
    await rig.deliver(update);
    expect(rig.fake.messagesIn(cls.id).at(-1)).toMatchObject({ text: '收到', threadId: 77, replyTo: update.message!.message_id });
  });

  it('edits: unchanged content is fine; a vanished message is not-found', async () => {
    await startRig();
    const message = { blocks: [p('已阅 1 人')], buttons: [[{ label: '已阅 ✅', token: 'ack:1' }]] };
    const sent = await rig.adapter.perform({ type: 'send', to: { group: gid }, message });
    const id = (sent as { messageId: string }).messageId;
    expect(await rig.adapter.perform({ type: 'edit', group: gid, messageId: id, message })).toEqual({ ok: true, messageId: id });
    expect(await rig.adapter.perform({ type: 'edit', group: gid, messageId: id, message: { blocks: [p('已阅 2 人')] } })).toEqual({ ok: true, messageId: id });
    expect(rig.fake.messagesIn(cls.id)[0]).toMatchObject({ text: '已阅 2 人', markup: undefined, edits: 1 });
    expect(await rig.adapter.perform({ type: 'edit', group: gid, messageId: '999', message })).toMatchObject({ ok: false, reason: 'not-found' });
  });

  it('turns Bot API errors into outcomes', async () => {
    await startRig();
    const send = (to: Target) => rig.adapter.perform({ type: 'send', to, message: { blocks: [p('x')] } });
    const member = { member: memberId('telegram', zhang.id) };
    rig.fake.failNext(1, 429, { retryAfter: 7 });
    expect(await send({ group: gid })).toMatchObject({ ok: false, reason: 'rate-limited', retryAfterMs: 7000 });
    rig.fake.failNext(1, 403);
    expect(await send({ group: gid })).toMatchObject({ ok: false, reason: 'kicked' });
    rig.fake.failNext(1, 500);
    expect(await send({ group: gid })).toMatchObject({ ok: false, reason: 'transient' });
    // The adapter never retries: one call each, the 429 and the 5xx come straight back as outcomes.
    expect(rig.fake.calls.filter((c) => c.method === 'sendMessage').map((c) => c.error?.code)).toEqual([429, 403, 500]);
    rig.fake.failNext(1, 400);
    expect(await send({ group: gid })).toMatchObject({ ok: false, reason: 'not-found' });
    expect(await send(member)).toMatchObject({ ok: false, reason: 'no-private-chat' });
    rig.fake.started.add(zhang.id);
    rig.fake.blockedBy.add(zhang.id);
    expect(await send(member)).toMatchObject({ ok: false, reason: 'blocked' });
    const tooLong = { blocks: [p('x')], buttons: [[{ label: 'x', token: 'x'.repeat(65) }]] };
    expect(await rig.adapter.perform({ type: 'send', to: { group: gid }, message: tooLong })).toMatchObject({ ok: false, reason: 'rejected' });
    expect(await rig.adapter.perform({ type: 'reply', message: { blocks: [p('x')] } })).toMatchObject({ ok: false, reason: 'rejected' });
    await rig.fake.close();
    expect(await send({ group: gid })).toMatchObject({ ok: false, reason: 'transient' });
  });

  it('isAdmin asks getChatMember and caches the answer for a minute, or until the member’s status changes', async () => {
    const clock = new AdjustableClock().freeze(new Date('2026-12-01T00:00:00Z'));
    await startRig({ clock });
    rig.fake.setAdmin(cls.id, zhang.id);
    const asked = () => rig.fake.calls.filter((c) => c.method === 'getChatMember').length;
    expect(await rig.adapter.isAdmin(gid, memberId('telegram', zhang.id))).toBe(true);
    expect(await rig.adapter.isAdmin(gid, memberId('telegram', wei.id))).toBe(false);
    expect(await rig.adapter.isAdmin(gid, memberId('telegram', zhang.id))).toBe(true);
    expect(asked()).toBe(2);
    rig.fake.setAdmin(cls.id, zhang.id, false);
    await rig.deliver(rig.fake.memberStatus(cls, zhang, 'administrator', 'member'));
    expect(await rig.adapter.isAdmin(gid, memberId('telegram', zhang.id))).toBe(false);
    clock.advance(61_000);
    await rig.adapter.isAdmin(gid, memberId('telegram', wei.id));
    expect(asked()).toBe(4);
    expect(await rig.adapter.memberCount(gid)).toBe(30);
  });
});

describe('HTML, limits, errors and menus (pure)', () => {
  it('escapes every <, > and &, and the server-side parser reads them back literally', () => {
    expect(escapeHtml('<b>&amp;</b>')).toBe('&lt;b&gt;&amp;amp;&lt;/b&gt;');
    const [html] = renderHtml({ title: '<标题>', blocks: [list([['<i>', { text: 'x&y', bold: true }]])], footer: 'a > b' });
    expect(parseTelegramHtml(html!).text).toBe('<标题>\n\n• <i>x&y\n\na > b');
  });

  it('splits one huge paragraph into parts under the limit, never inside an emoji', () => {
    const parts = renderHtml({ blocks: [p('😀'.repeat(5000))] });
    expect(parts.map((h) => h.length)).toEqual([4096, 4096, 1808]);
    expect(parts.join('')).toBe('😀'.repeat(5000));
    const quoted = renderHtml({ blocks: [{ kind: 'quote', spans: ['&'.repeat(5000)] }] });
    expect(quoted.map((h) => parseTelegramHtml(h).text.length)).toEqual([4096, 904]);
    expect(quoted.every((h) => h.startsWith('<blockquote>') && h.endsWith('</blockquote>'))).toBe(true);
    expect(renderHtml({ blocks: [] })).toEqual([]);
  });

  it('truncates with an ellipsis', () => {
    expect(truncate('短', 200)).toEqual({ text: '短', cut: false });
    expect(truncate('a'.repeat(201), 200)).toEqual({ text: `${'a'.repeat(199)}…`, cut: true });
  });

  it('classifies Bot API errors', () => {
    const err = (code: number, description: string, parameters = {}) => new GrammyError('x', { ok: false, error_code: code, description, parameters }, 'sendMessage', {});
    expect(outcomeOf(err(403, 'Forbidden: bot was blocked by the user'))).toMatchObject({ reason: 'blocked' });
    expect(outcomeOf(err(403, 'Forbidden: user is deactivated'))).toMatchObject({ reason: 'blocked' });
    expect(outcomeOf(err(403, 'Forbidden: bot is not a member of the supergroup chat'))).toMatchObject({ reason: 'kicked' });
    expect(outcomeOf(err(403, "Forbidden: bot can't initiate conversation with a user"), 'member')).toMatchObject({ reason: 'no-private-chat' });
    expect(outcomeOf(err(400, 'Bad Request: not enough rights to send text messages to the chat'))).toMatchObject({ reason: 'kicked' });
    expect(outcomeOf(err(400, "Bad Request: can't parse entities: Unsupported start tag"))).toMatchObject({ reason: 'rejected' });
    expect(outcomeOf(err(429, 'Too Many Requests: retry after 35', { retry_after: 35 }))).toMatchObject({ reason: 'rate-limited', retryAfterMs: 35_000 });
    expect(outcomeOf(err(502, 'Bad Gateway'))).toMatchObject({ reason: 'transient' });
  });

  it('builds the command menus from the features’ commands', () => {
    const menus = commandMenus(FEATURES.flatMap((f) => f.commands));
    expect(menus.map((m) => `${m.scope.type}|${m.language_code ?? ''}`)).toEqual([
      'default|', 'default|zh', 'default|en',
      'all_private_chats|', 'all_private_chats|zh', 'all_private_chats|en',
      'all_chat_administrators|', 'all_chat_administrators|zh', 'all_chat_administrators|en',
    ]);
    const admins = menus.find((m) => m.scope.type === 'all_chat_administrators' && m.language_code === 'en')!;
    expect(admins.commands.map((c) => c.command)).toEqual(expect.arrayContaining(['setup', 'settings', 'quiz']));
    expect(admins.commands.map((c) => c.command)).not.toContain('practice');
  });

  it('the flood gate paces per group and overall, in order, and a full group does not hold up others', async () => {
    vi.useFakeTimers();
    try {
      const gate = new FloodGate({ global: { max: 3, ms: 1000 }, group: { max: 2, ms: 60_000 } }, () => Date.now());
      const t0 = Date.now();
      const started: [string, number][] = [];
      const call = async (chat: string | undefined, name: string) => {
        const release = await gate.acquire(chat);
        started.push([name, Date.now() - t0]);
        release();
      };
      const all = Promise.all([call('-1', 'a1'), call('-1', 'a2'), call('-1', 'a3'), call('-2', 'b1'), call(undefined, 'dm1'), call(undefined, 'dm2')]);
      await vi.advanceTimersByTimeAsync(61_000);
      await all;
      expect(started).toEqual([
        ['a1', 0],
        ['a2', 0],
        ['b1', 0],
        ['dm1', 1000],
        ['dm2', 1000],
        ['a3', 60_000],
      ]);
    } finally {
      vi.useRealTimers();
    }
  });
});
