import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { groupId } from '../src/core/ids.ts';
import { overallRates } from '../src/features/report-export.ts';
import { startWebConsole, type WebConsole } from '../web/server.ts';
import { Harness } from './helpers/harness.ts';

/**
 * The web console over real HTTP: the server started on a free port, Node's fetch as the browser,
 * the core on a real database driven through the test adapter. The browser itself is in
 * test/web-browser.test.ts.
 */
const ADMIN = 'test:保卫处';
let h: Harness;
let web: WebConsole;

beforeEach(async () => {
  h = await Harness.start({ env: { ADMIN_IDS: ADMIN, WEB_PORT: '8080' } });
  web = await startWebConsole(h.app, 0, '127.0.0.1');
  const office = h.dm('保卫处');
  await office.shouldReply('/unit add school-a 甲校 school', '已保存单位');
  await office.shouldReply('/unit add college-a 计算机学院 college school-a', '已保存单位');
  for (const cls of ['计科2301', '网安2302']) {
    const teacher = h.client(cls, `${cls}老师`, { admin: true });
    await teacher.shouldReply(`/setup ${cls}`, '已登记');
    await teacher.shouldReply('/unit assign college-a', '已归入');
    await h.client(cls, `${cls}学生`).send('收到');
  }
});

afterEach(async () => {
  await web.close();
  await h.close();
});

/** /web in a private chat, and the token of the link it answered with. */
async function linkFor(member: string): Promise<string> {
  const [reply] = await h.dm(member).send('/web');
  const token = /\/login\/([\w-]+)/.exec(reply!.text)?.[1];
  expect(token, reply!.text).toBeDefined();
  return token!;
}

const get = (path: string, cookie = '') => fetch(web.url + path, { headers: { cookie }, redirect: 'manual' });
const post = (path: string, form: Record<string, string>, cookie = '') =>
  fetch(web.url + path, { method: 'POST', headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(form), redirect: 'manual' });

/** Signs in with a fresh link: the session cookie, and the CSRF token its pages carry. */
async function signIn(member: string): Promise<{ cookie: string; csrf: string }> {
  const res = await post(`/login/${await linkFor(member)}`, {});
  expect(res.status).toBe(303);
  const cookie = res.headers.get('set-cookie')!.split(';')[0]!;
  const page = await (await get('/', cookie)).text();
  return { cookie, csrf: /name="_csrf" value="([\w-]+)"/.exec(page)![1]! };
}

describe('web console: signing in by a one-time link', () => {
  it('/web answers privately with a link for advisors only', async () => {
    await h.client('计科2301', '计科2301老师', { admin: true }).shouldReply('/web', '私聊');
    await h.dm('计科2301学生').shouldReply('/web', '提供给辅导员、班主任和学校管理员');
    const [reply] = await h.dm('计科2301老师').send('/web');
    expect(reply!.visibleTo).toBe('member:test:计科2301老师');
    expect(reply!.text).toMatch(/http:\/\/127\.0\.0\.1:8080\/login\/[\w-]{43}/);
  });

  it('a GET shows the sign-in button without spending the link (chat apps preview links); the POST signs in once', async () => {
    const token = await linkFor('计科2301老师');
    expect((await get(`/login/${token}`)).status).toBe(200);
    const first = await post(`/login/${token}`, {});
    expect(first.status).toBe(303);
    expect(first.headers.get('location')).toBe('/');
    expect(first.headers.get('set-cookie')).toMatch(/^cg_session=[\w-]+; Max-Age=43200; Path=\/; HttpOnly; SameSite=Lax$/);
    const reused = await post(`/login/${token}`, {});
    expect(reused.status).toBe(403);
    expect(await reused.text()).toContain('已经用过');
    const forged = await post(`/login/${token.slice(0, -2)}xx`, {});
    expect(forged.status).toBe(403);
    expect(await forged.text()).toContain('无效');
  });

  it('a link expires after 10 minutes, a session after 12 hours, and sign-out ends it', async () => {
    const stale = await linkFor('计科2301老师');
    h.clock.advance(10 * 60_000 + 1);
    expect(await (await post(`/login/${stale}`, {})).text()).toContain('已过期');

    const { cookie, csrf } = await signIn('计科2301老师');
    expect((await get('/', cookie)).status).toBe(200);
    expect((await post('/logout', { _csrf: csrf }, cookie)).status).toBe(303);
    expect((await get('/', cookie)).headers.get('location')).toBe('/signed-out');

    const again = await signIn('计科2301老师');
    h.clock.advance(12 * 3_600_000 + 1);
    expect((await get('/', again.cookie)).headers.get('location')).toBe('/signed-out');
  });

  it('limits link use to ten a minute from one address', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 11; i++) statuses.push((await post('/login/not-a-token', {})).status);
    expect(statuses.slice(0, 10)).toEqual(Array(10).fill(403));
    expect(statuses[10]).toBe(429);
  });
});

describe('web console: who sees what', () => {
  it('an advisor opens their own class and its exports, and gets 403 for another class, its export and the unit', async () => {
    const { cookie } = await signIn('计科2301老师');
    const own = await get(`/classes/${encodeURIComponent(groupId('test', '计科2301'))}`, cookie);
    expect(own.status).toBe(200);
    const page = await own.text();
    expect(page).toContain('反诈宣传报告 · 计科2301');
    expect(page).toContain('计科2301学生'); // the follow-up list: the advisor alone sees names
    const csv = await get(`/export/class/${encodeURIComponent(groupId('test', '计科2301'))}/csv?period=30d`, cookie);
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-disposition')).toContain(`filename*=UTF-8''${encodeURIComponent('计科2301_近30天')}`);
    expect(await csv.text()).toContain('计科2301学生');

    const other = encodeURIComponent(groupId('test', '网安2302'));
    expect((await get(`/classes/${other}`, cookie)).status).toBe(403);
    expect((await get(`/export/class/${other}/xlsx`, cookie)).status).toBe(403);
    expect((await get('/units/college-a', cookie)).status).toBe(403);
    expect((await get('/export/unit/college-a/csv', cookie)).status).toBe(403);
    expect((await get(`/calendar?class=${other}`, cookie)).status).toBe(403);
    const overview = await (await get('/', cookie)).text();
    expect(overview).not.toContain('网安2302');
  });

  it('a school admin sees the whole school: the board, a unit page and its exports', async () => {
    const { cookie } = await signIn('保卫处');
    const overview = await (await get('/', cookie)).text();
    expect(overview).toContain('无诈班级榜 · 甲校');
    const unit = await get('/units/college-a?period=30d', cookie);
    expect(unit.status).toBe(200);
    const text = await unit.text();
    expect(text).toContain('计科2301');
    expect(text).toContain('网安2302');
    const xlsx = await get('/export/unit/college-a/xlsx', cookie);
    expect(xlsx.status).toBe(200);
    expect(new Uint8Array(await xlsx.arrayBuffer()).subarray(0, 2)).toEqual(new Uint8Array([0x50, 0x4b]));
  });

  it('pages without a session go to the sign-in hint; unknown classes are 404', async () => {
    expect((await get('/')).headers.get('location')).toBe('/signed-out');
    expect((await get('/units/college-a')).headers.get('location')).toBe('/signed-out');
    const { cookie } = await signIn('保卫处');
    expect((await get('/classes/test%3Anowhere', cookie)).status).toBe(404);
  });
});

describe('web console: the school trend', () => {
  it('summed in SQL equals the per-class trend weighted by deliveries', async () => {
    for (let day = 0; day < 3; day++) {
      h.clock.advance(24 * 3_600_000);
      await h.app.scheduler.tick();
      const tip = h.outputsVisibleTo(`group:${groupId('test', '计科2301')}`).filter((o) => o.text.includes('每日反诈提示')).at(-1)!;
      if (day !== 1) await h.client('计科2301', '计科2301学生').press('已阅 ✅', tip);
    }
    h.app.reports.days.sync();
    const ids = [groupId('test', '计科2301'), groupId('test', '网安2302')];
    const perClass = h.app.reports.trend(h.app.reports.groupInfo(ids));
    const summed = h.app.reports.overallTrend(ids);
    expect(summed.weeks).toEqual(perClass.weeks);
    expect(summed.rates).toEqual(overallRates(perClass));
    expect(summed.rates.filter((r) => r !== null && r > 0).length).toBeGreaterThan(0);
  });
});

describe('web console: forms', () => {
  it('refuses a form without its CSRF token or with another session’s', async () => {
    const admin = await signIn('保卫处');
    const other = await signIn('计科2301老师');
    const form = { unit: 'college-a', text: '近期有人冒充辅导员收费。' };
    expect((await post('/alerts/preview', form, admin.cookie)).status).toBe(403);
    expect((await post('/alerts', { ...form, _csrf: other.csrf }, admin.cookie)).status).toBe(403);
    expect((await post('/logout', {}, admin.cookie)).status).toBe(403);
    expect(h.outputsVisibleTo(`group:${groupId('test', '计科2301')}`).some((o) => o.text.startsWith('新手法预警'))).toBe(false);
  });

  it('an alert is previewed as the groups will see it, sent on confirmation, and followed', async () => {
    const { cookie, csrf } = await signIn('保卫处');
    const form = { unit: 'college-a', text: '近期有人冒充辅导员收费。<script>alert(1)</script>', _csrf: csrf };
    const preview = await (await post('/alerts/preview', form, cookie)).text();
    expect(preview).toContain('新手法预警');
    expect(preview).toContain('确认发送到 2 个班级群');
    expect(preview).not.toContain('<script>alert(1)');
    const sent = await post('/alerts', form, cookie);
    expect(sent.status).toBe(303);
    const posted = h.outputsVisibleTo(`group:${groupId('test', '计科2301')}`).filter((o) => o.text.startsWith('新手法预警'));
    expect(posted).toHaveLength(1);
    await h.client('计科2301', '计科2301学生').press('已阅 ✅', posted[0]);
    const followed = await (await get(sent.headers.get('location')!, cookie)).text();
    expect(followed).toMatch(/计科2301<\/td><td>已发送<\/td><td class="num">1<\/td>/);

    const advisor = await signIn('计科2301老师');
    expect((await post('/alerts/preview', { ...form, _csrf: advisor.csrf }, advisor.cookie)).status).toBe(403);
  });
});

describe('web console: a unit’s half-month days', () => {
  it('the unit page shows them; the unit’s advisors set them; days it cannot keep are refused; a class teacher cannot', async () => {
    const admin = await signIn('保卫处');
    expect(await (await get('/units/college-a', admin.cookie)).text()).toContain('刚结束的半个月的通报：1, 16 日（默认）');
    const refused = await post('/units/college-a/half-month', { days: '3 5', _csrf: admin.csrf }, admin.cookie);
    expect(refused.status).toBe(400);
    expect(await refused.text()).toContain('各至多选一天');
    expect((await post('/units/college-a/half-month', { days: '29', _csrf: admin.csrf }, admin.cookie)).status).toBe(400);
    const saved = await post('/units/college-a/half-month', { days: '2，17', _csrf: admin.csrf }, admin.cookie);
    expect(await saved.text()).toContain('已保存半月通报的发送日');
    expect(h.app.halfMonth.days('college-a')).toEqual([2, 17]);
    expect((await post('/units/college-a/half-month', { days: '', _csrf: admin.csrf }, admin.cookie)).status).toBe(200);
    expect(h.app.halfMonth.days('college-a')).toEqual([1, 16]);

    const teacher = await signIn('计科2301老师');
    expect((await post('/units/college-a/half-month', { days: '5', _csrf: teacher.csrf }, teacher.cookie)).status).toBe(403);
    expect((await post('/units/college-a/half-month', { days: '5', _csrf: 'forged' }, admin.cookie)).status).toBe(403);
    expect(h.app.halfMonth.days('college-a')).toEqual([1, 16]);
  });
});

describe('web console: the case ledger and class lists', () => {
  it('a school admin records a case from the form; it is listed and counted on the overview; an advisor cannot record one', async () => {
    const admin = await signIn('保卫处');
    const form = { day: '2026-12-01', where: 'college-a', type: 'type-shuadan', amount: '1千-1万', via: '96110', stop: '成功', note: '兼职刷单 垫付后被拉黑' };
    const bad = await post('/cases', { ...form, note: '受害人电话 13800001234', _csrf: admin.csrf }, admin.cookie);
    expect(bad.status).toBe(400);
    const added = await post('/cases', { ...form, _csrf: admin.csrf }, admin.cookie);
    expect(added.status).toBe(200);
    expect(await added.text()).toContain('已记录案件 #1');
    const listed = await (await get('/cases', admin.cookie)).text();
    expect(listed).toMatch(/<td class="num">1<\/td><td>2026-12-01<\/td><td>计算机学院<\/td><td>刷单返利<\/td>/);
    expect(listed).not.toContain('13800001234');
    expect(await (await get('/', admin.cookie)).text()).toContain('共 1 起。');

    const advisor = await signIn('计科2301老师');
    expect((await post('/cases', { ...form, _csrf: advisor.csrf }, advisor.cookie)).status).toBe(403);
    expect(h.app.cases.list()).toHaveLength(1);
  });

  it('an advisor imports their class list (a phone column is neither read nor kept) and sees the codes; another class answers 403', async () => {
    const { cookie, csrf } = await signIn('计科2301老师');
    const upload = (group: string, csv: string) => {
      const body = new FormData();
      body.set('_csrf', csrf);
      body.set('file', new File([csv], 'list.csv', { type: 'text/csv' }));
      return fetch(`${web.url}/classes/${encodeURIComponent(groupId('test', group))}/class-list`, { method: 'POST', headers: { cookie }, body, redirect: 'manual' });
    };
    const csv = '学号,姓名,电话\n2023001,王一,13800001111\n2023002,赵二,13800002222\n';
    expect((await upload('网安2302', csv)).status).toBe(403);
    const done = await upload('计科2301', csv);
    expect(done.status).toBe(200);
    const text = await done.text();
    expect(text).toContain('名单 2 人');
    expect(text).toContain('未读取的列：电话');
    const page = await (await get(`/classes/${encodeURIComponent(groupId('test', '计科2301'))}`, cookie)).text();
    expect(page).toContain('花名册（2 人）');
    expect(page).toMatch(/王一<\/td><td>绑定码 [A-Z2-9]{6}/);
    expect(JSON.stringify(h.db.$client.prepare('select * from class_list_entries').all())).not.toContain('13800001111');
  });
});

