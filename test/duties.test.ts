import { eq } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import { groupId, memberId } from '../src/core/ids.ts';
import { acknowledgements, deliveries, groups, meetingKits, triageReports, units } from '../src/db/schema.ts';
import { anonymise } from '../src/services/duties/early-warning.ts';
import { Harness, type TestClient } from './helpers/harness.ts';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const ADMIN = 'test:保卫处';

let h: Harness;
afterEach(() => h?.close());

/** A registered class with its advisor, flagged admin on the platform and in the roster. */
async function classWith(group: string, ...students: string[]): Promise<{ teacher: TestClient; students: TestClient[] }> {
  const teacher = h.client(group, `${group}老师`, { admin: true });
  await teacher.send(`/setup ${group}`);
  h.app.groups.setAdmin(groupId('test', group), teacher.sender.id, true);
  const clients = students.map((s) => h.client(group, s));
  for (const c of clients) await c.send('大家好');
  return { teacher, students: clients };
}

const privateTo = (name: string) => h.outputsVisibleTo(`member:test:${name}`);
const groupPosts = (group: string) => h.outputsVisibleTo(`group:test:${group}`).filter((o) => o.kind === 'send');
const tickAt = async (at: Date) => {
  h.clock.set(at);
  await h.app.scheduler.tick();
};

describe('三个100%: the APP steps and the weekly reminder', () => {
  it('records each member’s own steps, reminds at most once a week, and stops once all three are done', async () => {
    const start = new Date('2026-12-01T02:00:00Z'); // 10:00 in Shanghai
    h = await Harness.start({ now: start });
    const { students: [zhang, li] } = await classWith('软件2301', '张三', '李四');
    const reminders = (name: string) => privateTo(name).filter((o) => o.text.includes('国家反诈中心APP还差'));

    const [post] = await zhang!.send('/app');
    expect(post!.visibleTo).toBe('group:test:软件2301');
    expect(post!.text).toContain('身份核实'); // the how-to comes from content/reference/app.yaml
    expect(post!.buttons.map((b) => b.label)).toEqual(['已下载安装', '已实名注册', '已开启预警']);

    // New members get a day before the first reminder.
    await tickAt(new Date(start.getTime() + HOUR));
    expect(reminders('张三')).toHaveLength(0);
    await tickAt(new Date(start.getTime() + DAY));
    expect(reminders('张三')).toHaveLength(1);
    expect(reminders('张三')[0]!.text).toContain('还差 3 步');
    for (let d = 1; d < 7; d++) await tickAt(new Date(start.getTime() + DAY + d * DAY - MINUTE));
    expect(reminders('张三')).toHaveLength(1); // not again within the week

    // 张三 presses two steps in the group: the progress is his own, the answer private.
    const [answer] = await zhang!.press('已下载安装', post);
    expect(answer).toMatchObject({ visibleTo: 'member:test:张三' });
    expect(answer!.text).toContain('已完成 1/3 项');
    expect((await zhang!.press('已下载安装', post))[0]!.text).toContain('已经记录过');
    await zhang!.press('已实名注册', post);
    expect(h.app.duties.app.done(li!.sender.id)).toEqual([]);

    await tickAt(new Date(start.getTime() + 8 * DAY));
    expect(reminders('张三')).toHaveLength(2);
    const second = reminders('张三')[1]!;
    expect(second.text).toContain('还差 1 步');
    expect(second.text).toContain('开启预警');
    expect(reminders('李四')).toHaveLength(2);

    // The third step pressed on the private reminder: no reminders after that.
    const [last] = await h.dm('张三').press('已开启预警', second);
    expect(last!.text).toContain('三项都已完成');
    for (let w = 2; w <= 5; w++) await tickAt(new Date(start.getTime() + (1 + 7 * w) * DAY));
    expect(reminders('张三')).toHaveLength(2);
    expect(reminders('李四')).toHaveLength(6);

    // The three rates for /report: 张三 has done all three, 李四 nothing.
    const g = groupId('test', '软件2301');
    const { app } = h.app.duties.report([g], { from: start, to: h.clock.now() }).groups.get(g)!;
    expect(app).toEqual({
      install: { count: 1, of: 2, rate: 0.5 },
      register: { count: 1, of: 2, rate: 0.5 },
      warning: { count: 1, of: 2, rate: 0.5 },
      allThree: { count: 1, of: 2, rate: 0.5 },
    });
    // As of a moment before the third step, nobody had all three.
    const before = h.app.duties.report([g], { from: start, to: new Date(start.getTime() + 8 * DAY - 1) }).groups.get(g)!;
    expect([before.app.register.count, before.app.allThree.count]).toEqual([1, 0]);
  });

  it('refuses a forged step token', async () => {
    h = await Harness.start();
    const { students: [zhang] } = await classWith('软件2302', '张三');
    expect((await zhang!.press({ token: 'appstep:7' }))[0]!.text).toContain('按钮已失效');
  });
});

describe('the duties’ counters', () => {
  it('follow the roster, the APP steps and the signatures, and agree with the roster walk of an earlier period', async () => {
    h = await Harness.start();
    const { teacher, students: [jia, yi, bing] } = await classWith('网安2303', '甲', '乙', '丙');
    const g = groupId('test', '网安2303');
    const [posted] = await teacher.send('/pledge');
    await jia!.press('我承诺', posted);
    await yi!.press('我承诺', posted);
    const [steps] = await jia!.send('/app');
    for (const step of ['已下载安装', '已实名注册', '已开启预警']) await jia!.press(step, steps);
    await bing!.press('已下载安装', (await bing!.send('/app'))[0]);
    h.clock.set(new Date(h.clock.now().getTime() + MINUTE));
    // 乙 leaves, 丙 becomes an advisor and back, 甲 signs a second pledge: none of it counts twice.
    h.app.groups.left(g, yi!.sender.id);
    h.app.groups.setAdmin(g, bing!.sender.id, true);
    h.app.groups.setAdmin(g, bing!.sender.id, false);
    const [second] = await teacher.send('/pledge 我们班承诺：银行卡只给自己用。');
    await jia!.press('我承诺', second);

    const figures = (to: Date) => h.app.duties.report([g], { from: new Date(0), to }).groups.get(g)!;
    const now = figures(h.clock.now()); // after the latest step and signature: the counters
    expect([now.members, now.app.install.count, now.app.allThree.count, now.pledge.count]).toEqual([2, 2, 1, 1]);
    // A millisecond before 甲's second signature: the roster walk, with the same roster.
    const walked = figures(new Date(h.clock.now().getTime() - 1));
    expect([walked.members, walked.app.install.count, walked.app.allThree.count, walked.pledge.count]).toEqual([2, 2, 1, 1]);
    // 乙 back: their signature and the counters return.
    await yi!.send('我回来了');
    expect(figures(h.clock.now()).pledge).toEqual({ count: 2, of: 3, rate: 2 / 3 });
  });
});

describe('pledges', () => {
  it('posts the default pledge with 我承诺, records one signature per member, and gives the rate', async () => {
    h = await Harness.start();
    const { teacher, students } = await classWith('网安2301', '甲', '乙', '丙', '丁');
    await students[0]!.shouldReply('/pledge', '只有本群管理员');
    const [posted] = await teacher.send('/pledge');
    expect(posted!.visibleTo).toBe('group:test:网安2301');
    expect(posted!.text).toContain('反电信网络诈骗承诺书');
    expect(posted!.text).toContain('三不一多');
    expect(posted!.text).toContain('已承诺 0 人');

    expect((await students[0]!.press('我承诺', posted))[0]!.text).toContain('已有 1 人承诺');
    expect((await students[0]!.press('我承诺', posted))[0]!.text).toContain('已经签署过');
    await students[1]!.press('我承诺', posted);
    await h.app.duties.flush();
    expect(h.adapter.outputs.filter((o) => o.kind === 'edit').at(-1)!.text).toContain('已承诺 2 人');

    // A pledge token of this group pressed in another group is refused.
    const other = await classWith('网安2302', '戊');
    expect((await other.students[0]!.press({ token: posted!.buttons[0]!.token }))[0]!.text).toContain('已失效');

    const g = groupId('test', '网安2301');
    const report = h.app.duties.report([g], { from: new Date(0), to: h.clock.now() });
    // The advisor is not in the population: 2 of the 4 students.
    expect(report.groups.get(g)!.pledge).toEqual({ count: 2, of: 4, rate: 0.5 });
    expect(report.total.pledge.rate).toBe(0.5);

    const [own] = await teacher.send('/pledge 我们班承诺：银行卡只给自己用。');
    expect(own!.text).toContain('我们班承诺：银行卡只给自己用。');
    await students[2]!.press('我承诺', own);
    expect(h.app.duties.report([g], { from: new Date(0), to: h.clock.now() }).groups.get(g)!.pledge.count).toBe(3);
  });
});

describe('monthly class meeting', () => {
  it('sends the kit privately to each advisor on the first weekday (Monday 3 May 2027, the 1st being a Saturday), once', async () => {
    h = await Harness.start({ now: new Date('2027-04-20T02:00:00Z') });
    const { teacher } = await classWith('软件2401', '张三');
    const kits = () => privateTo('软件2401老师').filter((o) => o.text.includes('班会材料包'));
    const shanghai = (local: string) => new Date(`${local}+08:00`);

    // April's first weekday was before the class was set up: it waits for May.
    await tickAt(shanghai('2027-04-30T09:00'));
    await tickAt(shanghai('2027-05-01T09:00')); // Saturday
    await tickAt(shanghai('2027-05-02T09:00')); // Sunday
    await tickAt(shanghai('2027-05-03T07:59')); // Monday, before the tip time
    expect(kits()).toHaveLength(0);
    await tickAt(shanghai('2027-05-03T08:00'));
    expect(kits()).toHaveLength(1);
    await Promise.all([h.app.scheduler.tick(), h.app.scheduler.tick()]);
    await tickAt(shanghai('2027-05-20T08:00'));
    expect(kits()).toHaveLength(1);
    expect(privateTo('张三').filter((o) => o.text.includes('班会材料包'))).toHaveLength(0);
    expect(groupPosts('软件2401').filter((o) => o.text.includes('班会材料包'))).toHaveLength(0);

    const kit = kits()[0]!;
    expect(kit.text).toContain('2027-05 反电诈主题班会材料包 · 软件2401');
    expect(kit.text).toContain('一、本月文章：');
    expect(kit.text.match(/^答案：[A-D]。/gm)).toHaveLength(5);
    expect(kit.text).toContain('综合案例，人物为化名');
    expect(kit.text).toMatch(/四、本月重点\n• 毕业季（03-01 至 06-30）：/);
    const [row] = h.db.select().from(meetingKits).all();
    expect(JSON.parse(row!.quizIds)).toHaveLength(5);
    // The article the group last received, else the picker's choice: one for the students.
    expect(h.app.library.articlesById.get(row!.articleId as never)!.audiences).toContain('students');

    // June 2027 starts on a Tuesday.
    await tickAt(shanghai('2027-06-01T08:00'));
    expect(kits()).toHaveLength(2);

    // Recording meetings held: by month, and three this term meets the target.
    await teacher.shouldReply('/meeting held 2027-05-06 32', '已记录：2027-05-06 反电诈主题班会，到会 32 人');
    await teacher.shouldReply('/meeting held 2099-01-01', '不是有效日期');
    await teacher.shouldReply('/meeting held 2027-02-30', '不是有效日期');
    await teacher.shouldReply('/meeting held 2027-05-06 很多', '不是有效的到会人数');
    await h.client('软件2401', '张三').shouldReply('/meeting held', '只有本群管理员');
    const g = groupId('test', '软件2401');
    const may = { from: shanghai('2027-05-01T00:00'), to: h.clock.now() };
    let figures = h.app.duties.report([g], may).groups.get(g)!;
    expect(figures.meetingsByMonth).toEqual({ '2027-05': 1 });
    expect([figures.studySessionsThisTerm, figures.studyTargetMet]).toEqual([1, false]);
    await teacher.send('/meeting held 2027-03-10');
    await teacher.send('/meeting held'); // today, 2027-06-01
    figures = h.app.duties.report([g], may).groups.get(g)!;
    expect(figures.meetingsByMonth).toEqual({ '2027-05': 1, '2027-06': 1 });
    expect([figures.studySessionsThisTerm, figures.studyTargetMet]).toEqual([3, true]);
    const [post] = await teacher.send('/report term');
    expect(post!.visibleTo).toBe(`group:${g}`);
    expect(post!.text).toContain('本学期学习次数（主题班会）：3');
    expect(post!.text).toContain('本学期学习次数达到 3 次的班级：100%');
    expect(post!.text).toContain('主题班会 2027-05：1');
  });

  it('sends the kit on the 1st when it is a weekday, and on demand with /meeting', async () => {
    h = await Harness.start({ now: new Date('2027-05-20T02:00:00Z') });
    const { teacher } = await classWith('软件2402', '张三');
    await teacher.shouldReply('/meeting', '已私信发给你');
    expect(privateTo('软件2402老师').filter((o) => o.text.startsWith('2027-05 反电诈主题班会材料包'))).toHaveLength(1);
    await tickAt(new Date('2027-06-01T00:00:00Z')); // Tuesday 08:00 in Shanghai
    expect(privateTo('软件2402老师').filter((o) => o.text.includes('2027-06 反电诈主题班会材料包'))).toHaveLength(1);
  });
  it('gives an English group\'s advisor the kit in English: the questions, their answers and the season names', async () => {
    h = await Harness.start({ now: new Date('2027-11-02T02:00:00Z') });
    const { teacher } = await classWith('Intl2401', '张三');
    await teacher.shouldReply('/settings language en', 'en');
    await teacher.send('/meeting');
    const kit = privateTo('Intl2401老师').find((o) => o.text.startsWith('Class-meeting kit for 2027-11'))!.text;
    const { quizzes } = h.app.duties.meetings.kit(groupId('test', 'Intl2401'), 'students', '2027-11-02')!;
    expect(quizzes).toHaveLength(5);
    for (const q of quizzes) expect(kit).toContain(q.en!.question);
    expect(kit.match(/^Answer: [A-D]\. /gm)).toHaveLength(5);
    expect(kit).toContain('the Double 11 shopping festival (双11) (10-20 to 11-15)');
  });

  it('names the seasons of the rest of the month: a kit sent late in November does not name 双11, which ended on the 15th', async () => {
    h = await Harness.start({ now: new Date('2027-11-02T02:00:00Z') });
    const { teacher } = await classWith('软件2403', '张三');
    const focus = () => privateTo('软件2403老师').filter((o) => o.text.startsWith('2027-11 反电诈主题班会材料包')).at(-1)!.text.split('四、本月重点')[1]!;
    await teacher.send('/meeting');
    expect(focus()).toContain('双11（10-20 至 11-15）');
    h.clock.set(new Date('2027-11-20T02:00:00Z'));
    await teacher.send('/meeting');
    expect(focus()).not.toContain('双11');
    expect(focus()).toContain('本月没有特定的季节主题');
  });
});

/** School 甲校 with 计算机学院 under it, and school 乙校; groups in each and one with no unit. */
async function schools(): Promise<Record<string, TestClient[]>> {
  const now = h.clock.now().getTime();
  h.db.insert(units).values([
    { id: 'school-a', name: '甲校', kind: 'school', createdAt: now },
    { id: 'college-a', name: '计算机学院', kind: 'college', parentId: 'school-a', createdAt: now },
    { id: 'school-b', name: '乙校', kind: 'school', createdAt: now },
  ]).run();
  const out: Record<string, TestClient[]> = {};
  for (const [group, unit] of [['计科2301', 'college-a'], ['甲校教职工', 'school-a'], ['乙校2301', 'school-b'], ['无单位班', null]] as const) {
    out[group] = (await classWith(group, `${group}学生1`, `${group}学生2`)).students;
    h.db.update(groups).set({ unitId: unit }).where(eq(groups.id, groupId('test', group))).run();
  }
  return out;
}

describe('urgent alerts', () => {
  it('go at once only to the groups of the unit and its sub-units, with 已阅, recorded as deliveries of kind alert', async () => {
    h = await Harness.start({ env: { ADMIN_IDS: ADMIN } });
    const members = await schools();
    const office = h.dm('保卫处');
    await h.dm('计科2301学生1').shouldReply('/alert college-a 测试', '只有学校管理员');
    await office.shouldReply('/alert nowhere 测试', '没有编号为“nowhere”的单位');
    await office.shouldReply('/alert college-a 近期有人冒充辅导员在群里收费，请先私下向老师本人确认。', '已发往 1 个班级群（成功 1，失败 0');
    const alertPosts = (g: string) => groupPosts(g).filter((o) => o.text.startsWith('新手法预警'));
    expect(alertPosts('计科2301')).toHaveLength(1);
    for (const g of ['甲校教职工', '乙校2301', '无单位班']) expect(alertPosts(g)).toHaveLength(0);

    await office.shouldReply('/alert school-a 第二条预警', '已发往 2 个班级群');
    expect(alertPosts('计科2301')).toHaveLength(2);
    expect(alertPosts('甲校教职工')).toHaveLength(1);
    expect(alertPosts('乙校2301')).toHaveLength(0);

    const post = alertPosts('计科2301')[0]!;
    expect(post.text).toContain('已阅 0 人');
    const [ack] = await members['计科2301']![0]!.press('已阅 ✅', post);
    expect(ack!.text).toContain('已确认');
    await members['计科2301']![0]!.press('已阅 ✅', post);
    await h.app.acks.flush();
    expect(h.adapter.outputs.filter((o) => o.kind === 'edit').at(-1)!.text).toContain('已阅 1 人');

    // A transient failure is retried by the scheduler's next ticks, like a tip.
    h.adapter.failures.set('test:乙校2301', [{ ok: false, reason: 'transient' }]);
    await office.shouldReply('/alert school-b 第三条预警', '成功 0，失败 1');
    expect(alertPosts('乙校2301')).toHaveLength(0);
    h.clock.advance(2 * MINUTE);
    await h.app.scheduler.tick();
    expect(alertPosts('乙校2301')).toHaveLength(1);

    const rows = h.db.select().from(deliveries).where(eq(deliveries.kind, 'alert')).all().filter((r) => r.slot !== '3');
    expect(rows.map((r) => [r.groupId, r.slot, r.status]).sort()).toEqual([
      [groupId('test', '甲校教职工'), '2', 'sent'],
      [groupId('test', '计科2301'), '1', 'sent'],
      [groupId('test', '计科2301'), '2', 'sent'],
    ].sort());
    expect(h.db.select().from(acknowledgements).all()).toHaveLength(1);
    const g = groupId('test', '计科2301');
    // The teacher's own press is not a member's: the rate stays 1 of 2 members × 2 alerts.
    await h.client('计科2301', '计科2301老师', { admin: true }).press('已阅 ✅', post);
    const period = { from: new Date(0), to: h.clock.now() };
    expect(h.app.duties.report([g], period).groups.get(g)!.alerts).toEqual({ sent: 2, acknowledged: { count: 1, of: 4, rate: 0.25 } });
    // A unit's totals summed in SQL agree with its groups' figures added up.
    for (const unit of ['college-a', 'school-a']) {
      const ids = unit === 'college-a' ? [g] : [g, groupId('test', '甲校教职工')];
      expect(h.app.duties.totals({ unit, subunits: unit === 'school-a' }, period).total).toEqual(h.app.duties.report(ids, period).total);
    }
  });
});

describe('local early warning', () => {
  let hashes = 0;
  const report = (member: TestClient, values: Partial<typeof triageReports.$inferInsert> = {}) =>
    h.db
      .insert(triageReports)
      .values({ memberId: member.sender.id, groupId: member.chat.id, risk: 'high', typeId: 'type-shuadan', score: 0.9, textHash: `h-${++hashes}`, at: h.clock.now().getTime(), ...values })
      .returning({ id: triageReports.id })
      .get().id;
  const warnings = () => privateTo('保卫处').filter((o) => o.text.startsWith('本地预警'));

  it('tells the school admins once at N reports of one type in one school within a day, not at N−1', async () => {
    h = await Harness.start({ env: { ADMIN_IDS: ADMIN, EARLY_WARNING_THRESHOLD: '3' } });
    const m = await schools();
    const [a1, a2] = m['计科2301']!;
    const [s1] = m['甲校教职工']!;
    const [b1, b2] = m['乙校2301']!;

    // Two in 甲校 and two in 乙校, and one with risk none: nobody reaches 3 in their school.
    for (const who of [a1!, b1!, b2!]) expect(await h.app.duties.earlyWarning.onTriaged(report(who))).toEqual([]);
    expect(await h.app.duties.earlyWarning.onTriaged(report(a2!, { risk: 'none' }))).toEqual([]);
    expect(await h.app.duties.earlyWarning.onTriaged(report(a2!, { sharedText: '加微信 abc123456 做任务，日结佣金，联系 138 0013 8000 或点 https://x.example/t' , consentAt: h.clock.now().getTime() }))).toEqual([]);
    expect(warnings()).toHaveLength(0);

    // The third in 甲校 (a staff group under the school itself) fires.
    const [fired] = await h.app.duties.earlyWarning.onTriaged(report(s1!));
    expect(fired).toMatchObject({ school: 'school-a', kind: 'type', key: 'type-shuadan', count: 3 });
    expect(warnings()).toHaveLength(1);
    const text = warnings()[0]!.text;
    expect(text).toContain('“甲校”已有 3 次分诊结果为“刷单返利”类可疑信息');
    expect(text).toContain('经成员同意分享');
    expect(text).not.toContain('138');
    expect(text).not.toContain('x.example');
    expect(text).toContain(`/alert from-warning ${fired!.id}`);

    // Once: the fourth report the same day tells nobody again.
    expect(await h.app.duties.earlyWarning.onTriaged(report(a1!))).toEqual([]);
    expect(warnings()).toHaveLength(1);

    // The admin turns it into an alert for the school's groups, made of library facts.
    await h.dm('保卫处').shouldReply(`/alert from-warning ${fired!.id}`, '已发往 2 个班级群');
    const alert = groupPosts('计科2301').find((o) => o.text.startsWith('新手法预警'))!;
    expect(alert.text).toContain('刷单返利');
    expect(alert.text).not.toContain('abc123456');
    expect(groupPosts('乙校2301').filter((o) => o.text.startsWith('新手法预警'))).toHaveLength(0);
  });

  it('counts near-identical texts by hash, treats members without a unit as one school, and starts afresh the next day', async () => {
    h = await Harness.start({ env: { ADMIN_IDS: ADMIN, EARLY_WARNING_THRESHOLD: '2' } });
    const m = await schools();
    const [n1, n2] = m['无单位班']!;
    expect(await h.app.duties.earlyWarning.onTriaged(report(n1!, { typeId: null, textHash: 'same', risk: 'medium' }))).toEqual([]);
    const [fired] = await h.app.duties.earlyWarning.onTriaged(report(n2!, { typeId: null, textHash: 'same', risk: 'medium' }));
    expect(fired).toMatchObject({ school: '*', kind: 'text', key: 'same', count: 2 });
    expect(warnings()[0]!.text).toContain('全校已有 2 次分诊了内容几乎相同的可疑信息');
    expect(warnings()[0]!.text).toContain('没有成员同意分享原文');
    await h.dm('保卫处').shouldReply(`/alert from-warning ${fired!.id}`, '请写明要发给哪个单位');

    h.clock.advance(DAY);
    expect(await h.app.duties.earlyWarning.onTriaged(report(n1!, { typeId: null, textHash: 'same', risk: 'medium' }))).toEqual([]);
    expect(await h.app.duties.earlyWarning.onTriaged(report(n2!, { typeId: null, textHash: 'same', risk: 'medium' }))).toHaveLength(1);
  });

  it('anonymises a shared sample', () => {
    expect(anonymise('联系QQ 12345678 或 @scam_bot，网址 www.example.com')).toBe('联系QQ [号码] 或 [账号]，网址 [链接]');
  });
});

it('lists the duties commands in /help', async () => {
  h = await Harness.start();
  const [help] = await h.client('某班', '张三').send('/help');
  for (const c of ['/app', '/pledge', '/meeting', '/alert']) expect(help!.text).toContain(c);
  expect(memberId('test', 'x')).toBe('test:x');
});
