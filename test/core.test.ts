import { eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Bot, BotError, logAndApologise } from '../src/core/bot.ts';
import { Composer } from '../src/core/composer.ts';
import { UserError } from '../src/core/errors.ts';
import { groupId, memberId } from '../src/core/ids.ts';
import { deliveries, groupMembers, groups, members } from '../src/db/schema.ts';
import { apology } from '../src/features/basic.ts';
import { Harness } from './helpers/harness.ts';
import { TestAdapter } from './helpers/test-adapter.ts';

describe('core: commands, roster and lifecycle through the test adapter', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await Harness.start();
  });
  afterEach(() => h.close());

  it('answers /help in Chinese with the commands and the emergency line', async () => {
    const zhang = h.client('软件2301', '张三');
    const [reply] = await zhang.shouldReply('/help', '可用命令');
    expect(reply!.text).toContain('/setup');
    expect(reply!.text).toContain('110');
    expect(reply!.visibleTo).toBe('group:test:软件2301');
  });

  it('answers in English when the group locale is en', async () => {
    const zhang = h.client('cs2301', 'Zhang');
    await zhang.send('/help');
    h.app.groups.update(groupId('test', 'cs2301'), { locale: 'en' });
    await zhang.shouldReply('/help', 'Commands');
  });

  it('hints at /help for an unknown command instead of staying silent', async () => {
    await h.client('软件2301', '张三').shouldReply('/nosuchthing', '没有“/nosuchthing”这个命令');
  });

  it('lets only an admin run /setup, and stores the class', async () => {
    await h.client('软件2301', '张三').shouldReply('/setup 软件2301', '只有本群管理员');
    const teacher = h.client('软件2301', '王老师', { admin: true });
    await teacher.shouldReply('/setup', '用法');
    await teacher.shouldReply('/setup 软件2301 家长 Mars/Base', '不是有效的时区');
    await teacher.shouldReply('/setup 软件2301 家长 Asia/Urumqi', '已登记：软件2301');
    const group = h.db.select().from(groups).where(eq(groups.id, groupId('test', '软件2301'))).get()!;
    expect(group).toMatchObject({ className: '软件2301', audience: 'parents', timezone: 'Asia/Urumqi' });
    expect(group.setupAt).not.toBeNull();
  });

  it('treats ADMIN_IDS as admins everywhere', async () => {
    const school = await Harness.start({ env: { ADMIN_IDS: 'test:保卫处' } });
    try {
      await school.client('软件2302', '保卫处').shouldReply('/setup 软件2302', '已登记');
    } finally {
      await school.close();
    }
  });

  it('records members with first and last seen, and marks leavers inactive', async () => {
    const zhang = h.client('软件2301', '张三');
    await zhang.send('大家好');
    h.clock.advance(60_000);
    await zhang.send('在吗');
    const row = h.db.select().from(groupMembers).where(eq(groupMembers.memberId, memberId('test', '张三'))).get()!;
    expect(row.lastSeenAt - row.firstSeenAt).toBe(60_000);
    expect(row.active).toBe(true);
    await h.emit({ type: 'member-left', platform: 'test', chat: zhang.chat, member: zhang.sender }, zhang.handle);
    expect(h.db.select().from(groupMembers).where(eq(groupMembers.memberId, memberId('test', '张三'))).get()!.active).toBe(false);
    expect(h.db.select().from(members).all().map((m) => m.displayName)).toEqual(['张三']);
  });

  it('asks admins to /setup when added, goes inactive when removed, and keeps history when re-added', async () => {
    const teacher = h.client('软件2303', '王老师', { admin: true });
    const added = await h.emit({ type: 'bot-added', platform: 'test', chat: teacher.chat, by: teacher.sender }, teacher.handle);
    expect(added[0]!.text).toContain('/setup');
    await teacher.send('/setup 软件2303');
    await h.emit({ type: 'bot-removed', platform: 'test', chat: teacher.chat, reason: 'kicked' }, teacher.handle);
    expect(h.app.groups.get(groupId('test', '软件2303'))!.active).toBe(false);
    const back = await h.emit({ type: 'bot-added', platform: 'test', chat: teacher.chat, by: teacher.sender }, teacher.handle);
    expect(back[0]!.text).toContain('记录已保留');
    expect(h.app.groups.get(groupId('test', '软件2303'))).toMatchObject({ active: true, className: '软件2303' });
  });

  it('makes a group inactive when a send to it answers 403', async () => {
    const zhang = h.client('软件2304', '张三');
    await zhang.send('hi');
    h.adapter.failures.set('test:软件2304', [{ ok: false, reason: 'kicked' }]);
    const outcome = await h.app.transport.send({ group: groupId('test', '软件2304') }, { blocks: [] });
    expect(outcome).toMatchObject({ ok: false, reason: 'kicked' });
    expect(h.app.groups.get(groupId('test', '软件2304'))!.active).toBe(false);
  });

  it('a report that the bot can post resumes only a group paused for missing permissions, and not an advisor’s pause', async () => {
    const kicked = h.client('软件2305', '王老师', { admin: true });
    const paused = h.client('软件2306', '王老师', { admin: true });
    await kicked.send('/setup 软件2305');
    await paused.send('/setup 软件2306');
    await paused.send('/settings pause');
    const row = (c: typeof kicked) => h.app.groups.get(c.chat.id);
    const canPost = (c: typeof kicked) => h.emit({ type: 'bot-can-post', platform: 'test', chat: c.chat }, c.handle);
    const notify = { member: memberId('test', '校长'), message: { blocks: [] } };
    const missing = (c: typeof kicked) => h.emit({ type: 'bot-removed', platform: 'test', chat: c.chat, reason: 'missing-permissions', notify }, c.handle);

    await h.emit({ type: 'bot-removed', platform: 'test', chat: kicked.chat, reason: 'kicked' }, kicked.handle);
    // Out for good until added back: a refusal in a group the bot left changes nothing, tells nobody.
    expect(await missing(kicked)).toEqual([]);
    expect(await canPost(kicked)).toEqual([]);
    expect(row(kicked)).toMatchObject({ active: false, inactiveReason: 'kicked' });

    expect((await missing(paused)).map((o) => o.visibleTo)).toEqual(['member:test:校长']);
    expect(await missing(paused)).toEqual([]);
    expect(row(paused)).toMatchObject({ active: false, inactiveReason: 'missing-permissions' });
    expect(await canPost(paused)).toEqual([]);
    expect(row(paused)).toMatchObject({ active: true, inactiveReason: null, paused: true });

    // A chat the core never knew as a group stays unknown.
    const chat = h.client('闲聊', '张三');
    await canPost(chat);
    expect(row(chat)).toBeUndefined();
  });

  it('moves a group and its history to the new id on a supergroup migration', async () => {
    const zhang = h.client('old', '张三');
    await zhang.send('hi');
    const now = h.clock.now().getTime();
    h.db.insert(deliveries).values({ groupId: groupId('test', 'old'), kind: 'tip', slot: '2026-12-01', contentId: 'tip-0001', status: 'sent', dueAt: now, createdAt: now }).run();
    await h.emit({ type: 'group-migrated', platform: 'test', chat: zhang.chat, to: groupId('test', 'new') }, zhang.handle);
    expect(h.app.groups.get(groupId('test', 'old'))).toBeUndefined();
    expect(h.app.groups.get(groupId('test', 'new'))).toBeDefined();
    expect(h.db.select().from(deliveries).all().map((d) => d.groupId)).toEqual(['test:new']);
    expect(h.db.select().from(groupMembers).all().map((m) => m.groupId)).toEqual(['test:new']);
  });
});

describe('core: the error boundary', () => {
  it('logs a failing handler with its context, apologises, and keeps handling events', async () => {
    const h = new Harness();
    const logged: unknown[] = [];
    const app = { ...h.app, log: { ...h.app.log, error: (obj: unknown) => logged.push(obj), warn: () => undefined } as never };
    const composer = new Composer()
      .command('boom', () => {
        throw new Error('database on fire');
      })
      .command('oops', () => {
        throw new UserError('请先写上班级名');
      })
      .command('ok', (ctx) => ctx.reply('still here'));
    const adapter = new TestAdapter();
    const bot = new Bot(app, composer.middleware()).catch(logAndApologise(apology)).add(adapter);
    await bot.start();
    const chat = { id: groupId('test', 'g'), kind: 'group' as const };
    const from = { id: memberId('test', 'm'), name: 'm' };
    for (const name of ['boom', 'oops', 'ok']) await adapter.sink!({ type: 'command', platform: 'test', chat, from, name, args: '' }, { chat, from });
    expect(adapter.outputs.map((o) => o.text)).toEqual([expect.stringContaining('抱歉'), '请先写上班级名', 'still here']);
    expect(logged).toEqual([expect.objectContaining({ eventType: 'command', chat: 'test:g', member: 'test:m', command: 'boom' })]);
    await bot.stop();
    await h.close();
  });

  it('hands every failure to the one error hook with the context it failed in, and survives a hook that throws', async () => {
    const h = new Harness();
    const caught: BotError<typeof h.app>[] = [];
    const composer = new Composer().command('boom', () => {
      throw new Error('disk full');
    });
    const adapter = new TestAdapter();
    const bot = new Bot(h.app, composer.middleware())
      .catch((err) => {
        caught.push(err);
        throw new Error('the hook itself fails');
      })
      .add(adapter);
    await bot.start();
    const chat = { id: groupId('test', 'g'), kind: 'group' as const };
    const from = { id: memberId('test', 'm'), name: 'm' };
    await adapter.sink!({ type: 'command', platform: 'test', chat, from, name: 'boom', args: 'secret text' }, { chat, from });
    expect(caught).toHaveLength(1);
    expect(caught[0]!.error).toEqual(new Error('disk full'));
    expect(caught[0]!.ctx.event).toMatchObject({ type: 'command', name: 'boom' });
    // What the hook may log names the event, never its text.
    expect(caught[0]!.where).toEqual({ platform: 'test', eventType: 'command', chat: 'test:g', member: 'test:m', command: 'boom' });
    expect(adapter.outputs).toEqual([]);
    await bot.stop();
    await h.close();
  });
});
