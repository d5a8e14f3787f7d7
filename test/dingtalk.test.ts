/**
 * Issue 17: DingTalk's robot in Stream mode. The real core (temp SQLite, real migrations) with
 * the DingTalk adapter, over real HTTP and a real WebSocket, against the fake open platform in
 * test/fake-dingtalk/.
 */
import { eq } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import { DingTalkAdapter } from '../adapters/dingtalk/index.ts';
import { CredentialsRejected } from '../src/core/adapter.ts';
import { groupId, memberId } from '../src/core/ids.ts';
import { p } from '../src/core/message.ts';
import { acknowledgements, deliveries, groups } from '../src/db/schema.ts';
import { dingtalkOptions, startDingTalk, type DingTalkHarness } from './fake-dingtalk/harness.ts';
import { FakeDingTalk, person } from './fake-dingtalk/server.ts';

const SEVEN = new Date('2026-11-30T23:00:00Z');
const EIGHT = new Date('2026-12-01T00:00:00Z');
const CID = 'cidClass2301+/abc==';
const dtGroup = groupId('dingtalk', `group:${CID}`);
const teacher = person('0101', '王老师');
const zhang = person('0201', '张三');
const li = person('0202', '李测试');
const SCAM = '【通知】您的账户涉嫌洗钱，请立即将资金转入安全账户配合调查 http://1.2.3.4/a';

let h: DingTalkHarness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

async function start(): Promise<DingTalkHarness> {
  h = await startDingTalk({ now: SEVEN });
  return h;
}

async function setUp(): Promise<void> {
  await h!.deliver(h!.fake.say(teacher, '/setup 软件2301', { group: CID, isAdmin: true }));
  expect(h!.app.groups.get(dtGroup)?.setupAt).toBeTruthy();
}

async function tip() {
  h!.clock.set(EIGHT);
  await h!.app.scheduler.tick();
  return h!.fake.sentTo(CID).at(-1)!;
}

const acks = () => h!.db.select().from(acknowledgements).all().map((a) => a.memberId);

describe('DingTalk: Stream mode', () => {
  it('a wrong client secret is CredentialsRejected; the right one gets a token and opens the gateway for the robot topic', async () => {
    const fake = await FakeDingTalk.listen('right');
    try {
      const wrong = new DingTalkAdapter({ ...dingtalkOptions(fake), clientSecret: 'wrong' });
      await expect(wrong.start(async () => {})).rejects.toBeInstanceOf(CredentialsRejected);
      const right = new DingTalkAdapter(dingtalkOptions(fake));
      await right.start(async () => {});
      expect(fake.calls.map((c) => c.path)).toEqual(['/v1.0/oauth2/accessToken', '/v1.0/oauth2/accessToken', '/v1.0/gateway/connections/open']);
      expect(fake.calls.at(-1)!.body.subscriptions).toEqual([{ type: 'CALLBACK', topic: '/v1.0/im/bot/messages/get' }]);
      expect(fake.connections).toBe(1);
      await right.stop();
    } finally {
      await fake.close();
    }
  });

  it('answers a ping with its data, ACKs every callback, and drops one DingTalk pushes again', async () => {
    await start();
    const ping = h!.fake.system('ping');
    await h!.fake.waitFor(() => h!.fake.acked(ping));
    expect(h!.fake.upstream.find((u) => (u.headers as { messageId: string }).messageId === ping)?.data).toBe(JSON.stringify({ opaque: 'p1' }));

    const help = h!.fake.say(zhang, '/help');
    await h!.deliver(help);
    await h!.fake.waitFor(() => h!.fake.acked(help.messageId));
    expect(h!.fake.sentPrivately(zhang.staffId)).toHaveLength(1);
    const again = h!.fake.repeat(help.messageId);
    await h!.deliver(again);
    await h!.fake.waitFor(() => h!.fake.acked(again));
    expect(h!.fake.sentPrivately(zhang.staffId)).toHaveLength(1);
  });

  it('on `disconnect`, and on a dropped socket, opens a new connection with a new ticket; a callback sent meanwhile is handled', async () => {
    await start();
    h!.fake.system('disconnect');
    await h!.fake.waitFor(() => h!.fake.connections === 2);
    h!.fake.drop();
    const pending = h!.fake.say(zhang, '/help');
    await h!.deliver(pending);
    expect(h!.fake.connections).toBe(3);
    expect(h!.fake.calls.filter((c) => c.path === '/v1.0/gateway/connections/open')).toHaveLength(3);
    await h!.fake.waitFor(() => h!.fake.acked(pending.messageId));
  });

  it('a connection that answers no keep-alive ping for two periods is dropped and made again', async () => {
    h = await startDingTalk({ adapter: { keepAliveMs: 100 } });
    h.fake.deaf = true;
    await h.fake.waitFor(() => h!.fake.connections === 2, 10_000);
    h.fake.deaf = false;
    const help = h.fake.say(zhang, '/help');
    await h.deliver(help);
    expect(h.fake.connections).toBe(2);
  });
});

describe('DingTalk: a class', () => {
  it('/setup by a group admin (the callback’s isAdmin) is answered through the session webhook; a member’s is refused', async () => {
    await start();
    await h!.deliver(h!.fake.say(zhang, '/setup 软件2301', { group: CID }));
    expect(h!.app.groups.get(dtGroup)?.setupAt).toBeFalsy();
    await setUp();
    const answer = h!.fake.sentTo(CID).at(-1)!;
    expect(answer).toMatchObject({ via: 'session', msgKey: 'markdown' });
    expect(answer.text).toContain('已登记：软件2301');
  });

  it('advisors: a school admin (ADMIN_IDS) registers without being a group admin; /grant by display name lets a member see /report', async () => {
    h = await startDingTalk({ now: SEVEN, env: { ADMIN_IDS: `dingtalk:${teacher.staffId}` } });
    await h.deliver(h.fake.say(teacher, '/setup 软件2301', { group: CID }));
    expect(h.app.groups.get(dtGroup)?.setupAt).toBeTruthy();
    await h.deliver(h.fake.say(zhang, '/report', { group: CID }));
    expect(h.fake.sentTo(CID).at(-1)?.text).toContain('报告只提供给本群的辅导员');
    await h.deliver(h.fake.say(teacher, '/grant 张三', { group: CID }));
    await h.deliver(h.fake.say(zhang, '/report', { group: CID }));
    expect(h.fake.sentTo(CID).at(-1)?.text).toContain('反诈宣传报告 · 软件2301');
  });

  it('a tip goes by the group send with 回复 1 after an @; a member’s 1 is her 已阅, answered privately; another group’s 1 is not', async () => {
    await start();
    await setUp();
    const sent = await tip();
    expect(sent).toMatchObject({ via: 'group', msgKey: 'sampleMarkdown' });
    expect(sent.text).toContain('每日反诈提示');
    expect(sent.text).toMatch(/@机器人 回复 1 已阅 ✅$/);
    expect(sent.text).not.toMatch(/已阅 \d+ 人/);
    expect(h!.db.select().from(deliveries).all().find((d) => d.kind === 'tip')).toMatchObject({ status: 'sent', messageId: sent.processQueryKey });

    await h!.deliver(h!.fake.say(zhang, '1', { group: CID }));
    expect(acks()).toEqual([memberId('dingtalk', zhang.staffId)]);
    expect(h!.fake.sentPrivately(zhang.staffId).at(-1)).toMatchObject({ via: 'private' });
    expect(h!.fake.sentPrivately(zhang.staffId).at(-1)?.text).toContain('已确认');
    await h!.deliver(h!.fake.say(li, '1', { group: 'cidOtherGroup' }));
    expect(acks()).toHaveLength(1);
  });

  it('查 quoting a message checks the quoted text and answers privately, nothing in the group', async () => {
    await start();
    await setUp();
    const before = h!.fake.sentTo(CID).length;
    await h!.deliver(h!.fake.say(zhang, '查', { group: CID, quote: SCAM }));
    expect(h!.fake.sentPrivately(zhang.staffId).at(-1)?.text).toContain('风险：高');
    expect(h!.fake.sentTo(CID)).toHaveLength(before);
  });

  it('a scam text pasted privately (text or rich text) is triaged, the answer through that chat’s session webhook', async () => {
    await start();
    await h!.deliver(h!.fake.say(zhang, `你好同学\n${SCAM}`));
    expect(h!.fake.sentPrivately(zhang.staffId).at(-1)).toMatchObject({ via: 'session' });
    expect(h!.fake.sentPrivately(zhang.staffId).at(-1)?.text).toContain('风险：高');
    await h!.deliver(h!.fake.say(li, SCAM, { richText: true }));
    expect(h!.fake.sentPrivately(li.staffId).at(-1)?.text).toContain('风险：高');
  });

  it('a reply whose session webhook has expired goes by the group send instead', async () => {
    await start();
    h!.fake.sessionTtlMs = 30_000;
    await h!.deliver(h!.fake.say(teacher, '/setup 软件2301', { group: CID, isAdmin: true }));
    expect(h!.fake.sentTo(CID).at(-1)).toMatchObject({ via: 'group' });
    expect(h!.fake.sent.some((s) => s.via === 'session')).toBe(false);
  });
});

describe('DingTalk: sending', () => {
  it('a long text is split in parts under the limit, codes on the last; an image and a file are uploaded and sent after; one token serves every call', async () => {
    await start();
    const outcome = await h!.app.transport.send(
      { group: dtGroup },
      {
        title: '长消息',
        blocks: [p('甲'.repeat(2500)), p('乙'.repeat(2500))],
        buttons: [[{ label: '已阅 ✅', token: 'ack:1' }]],
        attachments: [
          { kind: 'image', filename: 'chart.png', mime: 'image/png', data: new Uint8Array([1, 2, 3]) },
          { kind: 'file', filename: 'report.xlsx', mime: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', data: new Uint8Array([4]) },
        ],
      },
    );
    const [image, file] = h!.fake.uploads;
    expect(image).toMatchObject({ type: 'image', filename: 'chart.png', mime: 'image/png', bytes: new Uint8Array([1, 2, 3]) });
    expect(file).toMatchObject({ type: 'file', filename: 'report.xlsx' });
    const sent = h!.fake.sentTo(CID);
    expect(sent.slice(2).map((m) => [m.msgKey, m.text])).toEqual([
      ['sampleImageMsg', image!.mediaId],
      ['sampleFile', file!.mediaId],
    ]);
    expect(h!.fake.calls.find((c) => c.body.msgKey === 'sampleFile')?.body.msgParam).toBe(JSON.stringify({ mediaId: file!.mediaId, fileName: 'report.xlsx', fileType: 'xlsx' }));
    const parts = sent.slice(0, 2);
    expect(parts.every((m) => m.text.length <= 3_000 + 20 && m.title === '长消息')).toBe(true);
    expect(parts[0]!.text.startsWith('### 长消息')).toBe(true);
    expect(parts[1]!.text).toMatch(/@机器人 回复 1 已阅 ✅$/);
    // The message's id is its last text part's, the one with the reply codes.
    expect(outcome).toEqual({ ok: true, messageId: parts[1]!.processQueryKey });
    expect(h!.fake.tokensIssued).toBe(1);
  });

  it('the robot gone from the group makes it inactive and the tip is not retried; throttling is rate-limited; a DingTalk id has no private chat', async () => {
    await start();
    await setUp();
    h!.fake.failures.set('/v1.0/robot/groupMessages/send', { status: 400, code: 'invalidParameter.robotCode.notExsit' });
    await tip();
    expect(h!.db.select().from(groups).where(eq(groups.id, dtGroup)).get()?.active).toBe(false);
    expect(h!.db.select().from(deliveries).all().find((d) => d.kind === 'tip')).toMatchObject({ status: 'skipped', error: 'kicked' });

    h!.fake.failures.set('/v1.0/robot/groupMessages/send', { status: 403, code: 'Forbidden.AccessDenied.QpsLimitForApi' });
    expect(await h!.adapter.perform({ type: 'send', to: { group: dtGroup }, message: { blocks: [p('x')] } })).toMatchObject({ ok: false, reason: 'rate-limited' });
    h!.fake.failures.set('/v1.0/robot/oToMessages/batchSend', { status: 400, code: 'invalidParameter.param.invalid' });
    expect(await h!.adapter.perform({ type: 'send', to: { member: memberId('dingtalk', '0201') }, message: { blocks: [p('x')] } })).toMatchObject({ ok: false, reason: 'rejected' });
    expect(await h!.adapter.perform({ type: 'send', to: { member: memberId('dingtalk', '$:LWCP_v1:$x') }, message: { blocks: [p('x')] } })).toMatchObject({ ok: false, reason: 'no-private-chat' });
  });
});
