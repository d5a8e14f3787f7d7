/**
 * Class lists (花名册) sent to the bot as files in a private chat, end to end: the real core
 * (temp SQLite, real migrations) with each platform's adapter and real client against its fake
 * server, which serves the file as the platform's own download endpoint does.
 */
import ExcelJS from 'exceljs';
import type { Chat, User } from 'grammy/types';
import { afterEach, describe, expect, it } from 'vitest';
import { groupId, type GroupId } from '../src/core/ids.ts';
import { CLASS_LIST_MAX_BYTES } from '../src/features/class-list-import.ts';
import { DiscordHarness } from './fake-discord/harness.ts';
import { snowflake, user as discordUser, type FakeUser } from './fake-discord/server.ts';
import { startDingTalk, type DingTalkHarness } from './fake-dingtalk/harness.ts';
import { person } from './fake-dingtalk/server.ts';
import { startOneBot, type OneBotHarness } from './fake-onebot/harness.ts';
import { person as onebotPerson } from './fake-onebot/server.ts';
import { startQQ, type QQHarness } from './fake-qq/harness.ts';
import { person as qqPerson } from './fake-qq/server.ts';
import { TelegramHarness } from './fake-telegram/harness.ts';
import { group, privateChat, user } from './fake-telegram/server.ts';

const SEVEN = new Date('2026-11-30T23:00:00Z');
const bytes = (text: string) => new TextEncoder().encode(text);
/** Three students, one matched by platform id, and a phone column that must not be kept. */
const CSV = '学号,姓名,手机号,平台ID\n2301001,张三,13800000000,2001\n2301002,李四,,\n2301003,王五,,\n';

async function xlsx(rows: (string | number)[][]): Promise<Uint8Array> {
  const workbook = new ExcelJS.Workbook();
  workbook.addWorksheet('名单').addRows(rows);
  return new Uint8Array(await workbook.xlsx.writeBuffer());
}

describe('class lists sent on Telegram', () => {
  const teacher = user(1001, '王老师');
  const zhang = user(2001, '张三');
  const cls = group(-1001000000001, '软件2301');
  const other = group(-1001000000002, '软件2302');
  let h: TelegramHarness;
  afterEach(() => h.close());

  const G = (chat: Chat): GroupId => groupId('telegram', chat.id);
  const names = (chat: Chat) => h.app.classLists.entries(G(chat)).map((e) => e.name);
  const lastTo = (u: User) => h.fake.messagesIn(u.id).at(-1)!.text;
  const fileCalls = () => h.fake.calls.filter((c) => c.method === 'getFile').length;

  async function start(...classes: Chat[]): Promise<void> {
    h = await TelegramHarness.start({ now: SEVEN });
    for (const chat of classes) {
      h.fake.setAdmin(chat.id, teacher.id);
      await h.deliver(h.fake.botStatus(chat, teacher, 'left', 'administrator'));
      await h.deliver(h.fake.say(chat, teacher, `/setup ${chat.title}`));
    }
    await h.deliver(h.fake.say(cls, zhang, '到'));
  }
  const send = (from: User, name: string, data: Uint8Array, opts?: { caption?: string; size?: number }) => h.deliver(h.fake.memberSendsFile(privateChat(from), from, name, data, opts));

  it('imports an advisor’s CSV of their one class, answers privately with the counts and codes, and keeps no phone number', async () => {
    await start(cls);
    await send(teacher, '花名册.csv', bytes(CSV));
    const answer = lastTo(teacher);
    expect(answer).toContain('已导入 软件2301 的花名册：3 人（新增 3，更新 0，移除 0），按平台ID直接绑定 1 人');
    expect(answer).toContain('以下列没有读取，也没有保存：手机号');
    expect(answer).toMatch(/李四 — [A-Z0-9]{6}/);
    expect(names(cls).sort()).toEqual(['张三', '李四', '王五'].sort());
    expect(JSON.stringify(h.db.$client.prepare('select * from class_list_entries').all())).not.toContain('138');
    expect(h.fake.downloads).toEqual(['documents/file_1.csv']);
    // Names went to the advisor alone.
    for (const m of h.fake.messagesIn(cls.id)) expect(m.text).not.toContain('李四');
  });

  it('refuses a student’s file, a PDF and an oversize file without downloading them, and stores nothing', async () => {
    await start(cls);
    await send(zhang, '花名册.csv', bytes(CSV));
    expect(lastTo(zhang)).toContain('只有班级的辅导员/班主任或学校管理员可以发送花名册');
    await send(teacher, '通知.pdf', bytes('%PDF-1.7'));
    expect(lastTo(teacher)).toContain('“通知.pdf”不是花名册文件');
    await send(teacher, '全校.xlsx', bytes('x'), { size: CLASS_LIST_MAX_BYTES + 1 });
    expect(lastTo(teacher)).toContain(`文件太大（上限 ${CLASS_LIST_MAX_BYTES / 1024 / 1024} MB）`);
    expect(fileCalls()).toBe(0);
    expect(h.fake.downloads).toEqual([]);
    expect(names(cls)).toEqual([]);
  });

  it('reads an XLSX, and answers a broken one, wrong columns or a failed download with nothing stored', async () => {
    await start(cls);
    await send(teacher, '名单.xlsx', await xlsx([['姓名', '编号', '身份证号'], ['王五', 7, '110101200001011234']]));
    expect(lastTo(teacher)).toContain('已导入 软件2301 的花名册：1 人');
    expect(lastTo(teacher)).toContain('身份证号');
    expect(names(cls)).toEqual(['王五']);

    await send(teacher, '坏的.xlsx', bytes('PK\u0003\u0004 not really a zip'));
    expect(lastTo(teacher)).toContain('这个文件不能作为花名册导入（这不是能读取的 XLSX 工作簿），什么也没有保存');
    await send(teacher, '错列.csv', bytes('name,phone\n张三,138\n'));
    expect(lastTo(teacher)).toContain('不能作为花名册导入（第一行要写列名：学号（或 编号）和 姓名');
    h.fake.failNext(1, 500, { methods: ['getFile'] });
    await send(teacher, '花名册.csv', bytes(CSV));
    expect(lastTo(teacher)).toContain('没能取到这个文件');
    expect(names(cls)).toEqual(['王五']);
  });

  it('asks an advisor of two classes which one, and takes it from the caption or a private /classlist', async () => {
    await start(cls, other);
    await send(teacher, '花名册.csv', bytes(CSV));
    expect(lastTo(teacher)).toContain('你负责多个班级：软件2301、软件2302');
    expect(h.fake.downloads).toEqual([]);
    await send(teacher, '花名册.csv', bytes(CSV), { caption: '软件2302' });
    expect(lastTo(teacher)).toContain('已导入 软件2302 的花名册：3 人');
    await send(teacher, '花名册.csv', bytes(CSV), { caption: '软件9999' });
    expect(lastTo(teacher)).toContain('“软件9999”不是你负责的班级');

    await h.deliver(h.fake.say(privateChat(teacher), teacher, '/classlist 软件2301'));
    expect(lastTo(teacher)).toContain('请在 10 分钟内把 软件2301 的花名册文件');
    await send(teacher, 'list.csv', bytes('学号,姓名\n9,赵六\n'));
    expect(lastTo(teacher)).toContain('已导入 软件2301 的花名册：1 人');
    expect(names(cls)).toEqual(['赵六']);
    expect(names(other)).toHaveLength(3);
  });
});

describe('class lists sent on Discord', () => {
  const owner = discordUser(snowflake(), '校长');
  const teacher = discordUser(snowflake(), '王老师');
  const zhang = discordUser(snowflake(), '张三');
  const CLASS = snowflake();
  let h: DiscordHarness;
  afterEach(() => h.close());

  const names = () => h.app.classLists.entries(groupId('discord', CLASS)).map((e) => e.name);
  const lastTo = (u: FakeUser) => {
    const m = h.fake.messagesIn(h.fake.dmChannelOf(u.id)).at(-1)!;
    return [m.content, ...m.embeds.map((e) => `${e.title ?? ''}\n${e.description ?? ''}`)].join('\n');
  };
  const send = (u: FakeUser, name: string, data: Uint8Array, opts?: { content?: string; size?: number }) => h.deliver('message', () => h.fake.dmFile(u, name, data, opts));

  it('imports an advisor’s file from its CDN link, and refuses a student’s and an oversize one without downloading', async () => {
    h = await DiscordHarness.start({ now: SEVEN });
    const guild = h.fake.addGuild({ id: snowflake(), name: '计算机学院', owner, advisorRole: '反诈辅导员', channels: [{ id: CLASS, name: '软件2301' }] });
    h.fake.join(guild, teacher, ['反诈辅导员']);
    h.fake.join(guild, zhang);
    await h.deliver('guildCreate', () => h.fake.guildCreate(guild), guild.id);
    await h.deliver('interaction', () => h.fake.slash(guild, CLASS, teacher, 'setup', '软件2301 学生'));

    await send(zhang, '花名册.csv', bytes(CSV));
    expect(lastTo(zhang)).toContain('只有班级的辅导员/班主任或学校管理员可以发送花名册');
    // A screenshot with words is a question for triage, not a class list.
    await send(zhang, 'screenshot.png', bytes('png'), { content: '【通知】您的账户涉嫌洗钱，请立即将资金转入安全账户配合调查 http://1.2.3.4/a' });
    expect(lastTo(zhang)).toContain('风险：高');
    await send(teacher, '全校.csv', bytes('x'), { size: CLASS_LIST_MAX_BYTES + 1 });
    expect(lastTo(teacher)).toContain('文件太大');
    expect(h.fake.downloads).toEqual([]);
    expect(names()).toEqual([]);

    await send(teacher, '花名册.csv', bytes(CSV), { content: '软件2301' });
    expect(lastTo(teacher)).toContain('已导入 软件2301 的花名册：3 人（新增 3，更新 0，移除 0）');
    expect(h.fake.downloads).toHaveLength(1);
    expect(names().sort()).toEqual(['张三', '李四', '王五'].sort());

    // A file that turns out larger than Discord said is cut off at the cap, and nothing changes.
    await send(teacher, '大.csv', new Uint8Array(CLASS_LIST_MAX_BYTES + 10).fill(65), { size: 100 });
    expect(lastTo(teacher)).toContain('文件太大');
    expect(names()).toHaveLength(3);
  });
});

describe('class lists sent on DingTalk', () => {
  const CID = 'cidClass2301';
  const teacher = person('0101', '王老师');
  const zhang = person('0201', '张三');
  let h: DingTalkHarness;
  afterEach(() => h.close());
  const names = () => h.app.classLists.entries(groupId('dingtalk', `group:${CID}`)).map((e) => e.name);
  const lastTo = (staffId: string) => h.fake.sentPrivately(staffId).at(-1)!.text;

  it('fetches a 单聊 file through its download code only for an advisor, and imports it', async () => {
    h = await startDingTalk({ now: SEVEN });
    await h.deliver(h.fake.say(teacher, '/setup 软件2301', { group: CID, isAdmin: true }));

    await h.deliver(h.fake.sendFile(zhang, '花名册.csv', bytes(CSV)));
    expect(lastTo(zhang.staffId)).toContain('只有班级的辅导员/班主任或学校管理员可以发送花名册');
    expect(h.fake.calls.filter((c) => c.path === '/v1.0/robot/messageFiles/download')).toEqual([]);

    // DingTalk tells no size before the download: the cap holds while it runs.
    await h.deliver(h.fake.sendFile(teacher, '大.csv', new Uint8Array(CLASS_LIST_MAX_BYTES + 1).fill(65)));
    expect(lastTo(teacher.staffId)).toContain('文件太大');
    expect(names()).toEqual([]);

    await h.deliver(h.fake.sendFile(teacher, '花名册.csv', bytes(CSV)));
    expect(lastTo(teacher.staffId)).toContain('已导入 软件2301 的花名册：3 人');
    expect(names()).toHaveLength(3);
  });
});

describe('class lists sent on QQ', () => {
  const CLS = 'C9F778FE6ADF9D1D1DBE395BF744A33A';
  const teacher = qqPerson('E4F4AEA33253A2797FB897C50B81D7ED');
  const zhang = qqPerson('A1B2C3D4E5F60718293A4B5C6D7E8F90');
  let h: QQHarness;
  afterEach(() => h.close());
  const names = () => h.app.classLists.entries(groupId('qq', `group:${CLS}`)).map((e) => e.name);
  const lastTo = (openid: string) => h.fake.sentPrivately(openid).at(-1)!.text;

  it('imports a 单聊 attachment for the member who added the bot, and refuses a student’s without fetching it', async () => {
    h = await startQQ({ now: SEVEN });
    await h.deliver(h.fake.addBot(CLS, teacher));
    await h.deliver(h.fake.say(teacher, '/setup 软件2301', CLS));

    await h.deliver(h.fake.sendFile(zhang, '花名册.csv', bytes(CSV)));
    expect(lastTo(zhang.openid)).toContain('只有班级的辅导员/班主任或学校管理员可以发送花名册');
    await h.deliver(h.fake.sendFile(teacher, '全校.xlsx', bytes('x'), { size: CLASS_LIST_MAX_BYTES + 1 }));
    expect(lastTo(teacher.openid)).toContain('文件太大');
    expect(h.fake.downloads).toEqual([]);

    await h.deliver(h.fake.sendFile(teacher, '花名册.csv', bytes(CSV)));
    expect(lastTo(teacher.openid)).toContain('已导入 软件2301 的花名册：3 人');
    expect(names()).toHaveLength(3);
  });
});

describe('class lists sent through OneBot (NapCat)', () => {
  const CLS = 700001;
  const teacher = onebotPerson(1001, '王老师');
  const zhang = onebotPerson(2001, '张三');
  let h: OneBotHarness;
  afterEach(() => h.close());
  const names = () => h.app.classLists.entries(groupId('onebot', `group:${CLS}`)).map((e) => e.name);
  const lastTo = (userId: number) => h.fake.sent.filter((m) => m.userId === userId).at(-1)!.text;

  it('imports a private file segment from its url, or from get_private_file_url without one, and refuses a student’s unread', async () => {
    h = await startOneBot({ now: SEVEN });
    h.fake.setAdmin(CLS, teacher.userId);
    await h.deliver(h.fake.say(teacher, '/setup 软件2301', CLS));

    await h.deliver(await h.fake.sendFile(zhang, '花名册.csv', bytes(CSV)));
    expect(lastTo(zhang.userId)).toContain('只有班级的辅导员/班主任或学校管理员可以发送花名册');
    expect(h.fake.downloads).toEqual([]);

    await h.deliver(await h.fake.sendFile(teacher, '花名册.csv', bytes(CSV)));
    expect(lastTo(teacher.userId)).toContain('已导入 软件2301 的花名册：3 人');
    await h.deliver(await h.fake.sendFile(teacher, '新.csv', bytes('学号,姓名\n9,赵六\n'), { withUrl: false }));
    expect(lastTo(teacher.userId)).toContain('已导入 软件2301 的花名册：1 人（新增 1，更新 0，移除 3）');
    expect(h.fake.calls.filter((c) => c.action === 'get_private_file_url')).toHaveLength(1);
    expect(names()).toEqual(['赵六']);
  });
});
