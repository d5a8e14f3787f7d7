/**
 * Push-only webhook groups end to end: the real core on a real database, the real webhook adapter
 * posting over HTTP to a fake of DingTalk's and WeCom's robot endpoints (test/fake-webhook/),
 * groups registered with /webhook and with the CLI, and the scheduler driven by the clock.
 */
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { WebhookAdapter } from '../adapters/webhook/index.ts';
import { renderMarkdown } from '../adapters/webhook/render.ts';
import { dingtalkSign, signedUrl } from '../adapters/webhook/robot-api.ts';
import { groupId, memberId } from '../src/core/ids.ts';
import { text, toPlainText } from '../src/core/message.ts';
import { deliveries } from '../src/db/schema.ts';
import { groupReportMessage } from '../src/features/report-view.ts';
import { PROJECT_ROOT } from '../src/paths.ts';
import { maskUrl, robotKind } from '../src/services/webhook-groups.ts';
import { FakeWebhookServer } from './fake-webhook/server.ts';
import { capturingLogger, type LogLine } from './helpers/capture-log.ts';
import { Harness } from './helpers/harness.ts';

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;
/**
 * 2027-03-02 07:00 in Shanghai (a Tuesday): after the real time at which the CLI, which runs on
 * the system clock, registers its group, so that the group is set up before the week begins.
 */
const START = new Date('2027-03-01T23:00:00Z');
const DING_TOKEN = 'dt0123456789abcdefghijklmnopqrstuvwxyz';
const DING_SECRET = 'SEC0123456789abcdef0123456789abcdef';
const WECOM_KEY = 'a1b2c3d4-0000-1111-2222-333344445555';
const TSX = join(PROJECT_ROOT, 'node_modules', '.bin', 'tsx');

function cli(dbPath: string, args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((done) => {
    execFile(TSX, [join(PROJECT_ROOT, 'scripts', 'webhook.ts'), ...args], { cwd: PROJECT_ROOT, env: { ...process.env, DATABASE_PATH: dbPath }, encoding: 'utf8' }, (err, stdout, stderr) =>
      done({ code: err ? Number(err.code) : 0, stdout, stderr }),
    );
  });
}

describe('webhook robots', () => {
  it('signs as DingTalk documents it: Base64(HmacSHA256(secret, timestamp + "\\n" + secret)), URL-encoded', () => {
    // Computed independently, with Python's hmac, base64 and urllib.parse.quote_plus.
    expect(dingtalkSign('SEC0123456789abcdef', 1764547200000)).toBe('beCIjVlCpYUFqpzcNdT6u78BVxsbLWB2mvBuXQPjPXA=');
    const url = signedUrl({ kind: 'dingtalk', url: 'https://oapi.dingtalk.com/robot/send?access_token=abc', secret: 'SEC0123456789abcdef' }, 1764547200000);
    expect(url).toBe('https://oapi.dingtalk.com/robot/send?access_token=abc&timestamp=1764547200000&sign=beCIjVlCpYUFqpzcNdT6u78BVxsbLWB2mvBuXQPjPXA%3D');
  });

  it('tells the robots apart by their path, and masks their keys', () => {
    expect(robotKind('https://oapi.dingtalk.com/robot/send?access_token=x')).toBe('dingtalk');
    expect(robotKind('https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=k')).toBe('wecom');
    expect(robotKind('https://qyapi.weixin.qq.com/cgi-bin/webhook/send')).toBeUndefined();
    expect(robotKind('ftp://oapi.dingtalk.com/robot/send?access_token=x')).toBeUndefined();
    expect(maskUrl('https://oapi.dingtalk.com/robot/send?access_token=abcdef0123456789wxyz')).toBe('https://oapi.dingtalk.com/robot/send?access_token=abcd…wxyz');
  });

  it('renders no buttons and no count, live or previous, and says the group does not count 已阅', () => {
    const { text: md } = renderMarkdown({
      ...text('第一段'),
      title: '每日反诈提示',
      footer: '来源：公安部',
      live: '已阅 3 人',
      previous: '上期已阅 0 人',
      buttons: [[{ label: '已阅 ✅', token: 't' }]],
    });
    expect(md).toContain('### 每日反诈提示');
    expect(md).toContain('> 来源：公安部 · 本群为反诈推送群，不统计已阅');
    expect(md).not.toContain('已阅 ✅');
    expect(md).not.toContain('已阅 3 人');
    expect(md).not.toContain('上期');
  });
});

describe('push-only webhook groups', () => {
  let h: Harness;
  let fake: FakeWebhookServer;
  let lines: LogLine[];

  beforeEach(async () => {
    const captured = capturingLogger();
    lines = captured.lines;
    h = new Harness({ now: START, env: { ADMIN_IDS: 'test:校管理员' }, log: captured.log });
    fake = await new FakeWebhookServer(() => h.clock.now().getTime()).start();
    h.bot.add(new WebhookAdapter({ robotOf: (group) => h.app.webhooks.robot(group), clock: h.clock }));
    await h.bot.start();
    h.app.units.save({ id: 'xx', name: '信息学院', kind: 'college', parentId: null });
  });
  afterEach(async () => {
    await h.close();
    await fake.stop();
  });

  const admin = () => h.dm('校管理员');
  const sentRows = (group: string) => h.db.select().from(deliveries).all().filter((d) => d.groupId === group);

  async function registerBoth(): Promise<{ ding: string; wecom: string }> {
    const dingUrl = fake.addDingtalk(DING_TOKEN, DING_SECRET);
    const [added] = await admin().send(`/webhook add 软件2301 学生 ${dingUrl} ${DING_SECRET} xx`);
    expect(added!.text).toContain('已登记推送群 软件2301（钉钉');
    expect(added!.text).not.toContain(DING_TOKEN);
    const run = await cli(h.db.$client.name, ['add', '会计2302', '家长', fake.addWecom(WECOM_KEY), '--unit', 'xx']);
    expect(run).toMatchObject({ code: 0, stderr: '' });
    expect(run.stdout).toMatch(/^added webhook:2 会计2302 \(wecom\): http:\/\/127\.0\.0\.1:\d+\/cgi-bin\/webhook\/send\?key=a1b2…5555\n$/);
    return { ding: 'webhook:1', wecom: 'webhook:2' };
  }

  it('refuses /webhook to members who are not school admins, and in groups', async () => {
    const [refused] = await h.dm('学生甲').send(`/webhook add 软件2301 学生 ${fake.addWecom(WECOM_KEY)}`);
    expect(refused!.text).toContain('只有学校管理员');
    const [inGroup] = await h.client('某群', '校管理员').send('/webhook list');
    expect(inGroup!.text).toContain('请在与我的私聊中发送');
    const [bad] = await admin().send('/webhook add 软件2301 学生 https://example.com/hook');
    expect(bad!.text).toContain('不是钉钉自定义机器人');
    expect(h.app.webhooks.list()).toEqual([]);
  });

  it('posts a week of tips, the article and an alert to both robots exactly once, under the limit, through rate-limit answers', async () => {
    const { ding, wecom } = await registerBoth();
    const [listed] = await admin().send('/webhook list');
    expect(listed!.text).toContain('软件2301 · 钉钉 · 学生 · http://127.0.0.1');
    expect(listed!.text).toContain('access_token=dt01…wxyz · 已加签');
    expect(listed!.text).not.toContain(DING_SECRET);
    // The first two posts to each robot are answered with its rate-limit error.
    fake.rateLimit(DING_TOKEN, 2);
    fake.rateLimit(WECOM_KEY, 2);
    for (let at = START.getTime(); at <= START.getTime() + 7 * DAY; at += 5 * MINUTE) {
      h.clock.set(new Date(at));
      await h.app.scheduler.tick();
      if (at === START.getTime() + 3 * DAY) await h.app.duties.alerts.send('xx', '紧急预警：冒充“教务处”发送退费链接，切勿点击。', memberId('test', '校管理员'));
    }
    expect(fake.refused.map((r) => r.errcode).sort()).toEqual([130101, 130101, 45009, 45009]);
    for (const [group, robot] of [[ding, DING_TOKEN], [wecom, WECOM_KEY]] as const) {
      // The CLI set its group up at the real time, before the simulated week: the slots between are missed, not sent.
      const rows = sentRows(group).filter((d) => d.dueAt >= START.getTime());
      expect(rows.every((d) => d.status === 'sent')).toBe(true);
      expect(rows.filter((d) => d.kind === 'tip')).toHaveLength(7);
      expect(rows.filter((d) => d.kind === 'article')).toHaveLength(1);
      expect(rows.filter((d) => d.kind === 'alert')).toHaveLength(1);
      const posts = fake.received.filter((r) => r.robot === robot).map((r) => r.body.markdown.text ?? r.body.markdown.content ?? '');
      expect(posts).toHaveLength(rows.length);
      expect(new Set(posts).size).toBe(posts.length);
      expect(posts.filter((p) => p.includes('冒充“教务处”'))).toHaveLength(1);
      expect(posts.every((p) => p.includes('本群为反诈推送群，不统计已阅') && !p.includes('已阅 ✅'))).toBe(true);
      expect(fake.maxPerMinute(robot)).toBeLessThanOrEqual(20);
    }
    expect(fake.received.filter((r) => r.robot === DING_TOKEN).every((r) => r.body.msgtype === 'markdown' && r.body.markdown.title)).toBe(true);
    expect(fake.overLimit).toEqual([]);
    // Credentials never reach the logs, though the sends and their retries were logged.
    const logged = JSON.stringify(lines);
    expect(lines.length).toBeGreaterThan(0);
    for (const secret of [DING_TOKEN, DING_SECRET, WECOM_KEY]) expect(logged).not.toContain(secret);

    const [board] = await admin().send('/report xx');
    expect(board!.text).toContain('推送群（钉钉、企业微信；不统计已阅，不参与排名）');
    expect(board!.text).toContain('软件2301 — 推送 7 条 · 不统计已阅');
    expect(board!.text).not.toMatch(/软件2301 — 确认率/);
    const report = toPlainText(groupReportMessage((await h.app.reports.groupReport(groupId('webhook', 2), '7d'))!, 'zh-CN'));
    expect(report).toMatch(/近7天：推送 \d+ 条 · 不统计已阅/);
    expect(report).not.toContain('确认率');
  });

  it('paces a burst to one robot at 20 a minute and sends the rest once the window moves on', async () => {
    const { wecom } = await registerBoth();
    const to = { group: wecom as ReturnType<typeof groupId> };
    const first = await Promise.all(Array.from({ length: 25 }, (_, i) => h.app.transport.sendOnce(to, text(`消息 ${i}`))));
    expect(first.filter((o) => o.ok)).toHaveLength(20);
    expect(first.filter((o) => !o.ok).map((o) => !o.ok && [o.reason, o.retryAfterMs])).toEqual(Array(5).fill(['rate-limited', MINUTE]));
    h.clock.set(new Date(START.getTime() + MINUTE));
    const rest = await Promise.all(Array.from({ length: 5 }, (_, i) => h.app.transport.sendOnce(to, text(`消息 ${20 + i}`))));
    expect(rest.every((o) => o.ok)).toBe(true);
    expect(fake.received).toHaveLength(25);
    expect(fake.maxPerMinute(WECOM_KEY)).toBe(20);
    expect(fake.overLimit).toEqual([]);
  });

  it('is refused by the robot when the signature is wrong, and the delivery is not retried', async () => {
    const url = fake.addDingtalk(DING_TOKEN, DING_SECRET);
    await admin().send(`/webhook add 网安2303 学生 ${url} SECwrongwrongwrongwrong`);
    const outcome = await h.app.transport.sendOnce({ group: groupId('webhook', 1) }, text('测试'));
    expect(outcome).toMatchObject({ ok: false, reason: 'rejected', detail: 'HTTP 200 errcode 310000 sign not match' });
    // Unsigned, straight to the fake: refused too, so the fake really checks.
    const unsigned = await fetch(url, { method: 'POST', body: JSON.stringify({ msgtype: 'text', text: { content: 'x' } }) });
    expect(await unsigned.json()).toMatchObject({ errcode: 310000 });
    expect(fake.received).toEqual([]);
    expect(JSON.stringify(lines)).not.toContain('SECwrong');
  });

  it('forgets a removed robot: its credentials are deleted and nothing more is posted', async () => {
    const { ding } = await registerBoth();
    const [removed] = await admin().send('/webhook remove 软件2301');
    expect(removed!.text).toContain('已删除 软件2301 的推送群机器人');
    expect(h.app.webhooks.robot(ding as ReturnType<typeof groupId>)).toBeUndefined();
    const run = await cli(h.db.$client.name, ['list']);
    expect(run.stdout).not.toContain('软件2301');
    expect(run.stdout).toContain('会计2302');
    h.clock.set(new Date(START.getTime() + 2 * 60 * MINUTE));
    await h.app.scheduler.tick();
    expect(fake.received.filter((r) => r.robot === DING_TOKEN)).toEqual([]);
  });
});
