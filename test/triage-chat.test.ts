/** Triage in chat: forwarded messages, /check, /paid, consent to share, and what is (not) stored. */
import { eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { triageReports } from '../src/db/schema.ts';
import { SHARE_WINDOW_MS, textHash } from '../src/services/triage-log.ts';
import { Harness, type TestClient } from './helpers/harness.ts';

const SCAM = '【通知】您的账户涉嫌洗钱，请立即将资金转入安全账户配合调查，加QQ 123456789，点击 http://1.2.3.4/a 共享屏幕';
const ORDINARY = '明天下午两点在三教201开班会，记得带学生证。';

let h: Harness;
let teacher: TestClient;
let zhang: TestClient;

beforeEach(async () => {
  h = await Harness.start();
  teacher = h.client('软件2301', '王老师', { admin: true });
  zhang = h.client('软件2301', '张三');
  await teacher.send('/setup 软件2301');
  await zhang.send('大家好');
});
afterEach(() => h.close());

const reports = () => h.db.select().from(triageReports).all();

describe('triage in a private chat', () => {
  it('answers a forwarded scam on one phone screen: risk, type, at most three red flags with their rules, what to do; 详情 adds the rest', async () => {
    const [answer, ...rest] = await h.dm('张三').send(SCAM, { forwarded: true });
    expect(rest).toEqual([]);
    expect(answer!.visibleTo).toBe('member:test:张三');
    const text = answer!.text;
    expect(text).toContain('风险：高');
    expect(text).toContain('冒充公检法及政府机关');
    expect(text).toMatch(/「安全账户」.*违反 十个凡是（转载） #6/);
    expect(text.match(/^.*「.*」.*$/gm)!.length).toBeLessThanOrEqual(3);
    expect(text).not.toContain('链接 http://1.2.3.4/a');
    expect(text.trimEnd().split('\n').at(-2)).toMatch(/拿不准就拨打 96110 咨询/);
    expect(answer!.buttons.map((b) => b.label)).toEqual(['🔍 详情', '💸 我已经转账了', '📤 把原文分享给辅导员']);

    const details = (await h.dm('张三').press('🔍 详情', answer)).at(-1);
    expect(details!.visibleTo).toBe('member:test:张三');
    expect(details!.text).toContain('相关口诀');
    expect(details!.text).toContain('链接 http://1.2.3.4/a（IP 地址）');
    expect(details!.text).toContain('QQ 号 123456789');
    expect(details!.text).toContain('屏幕共享');
    expect(details!.buttons.map((b) => b.label)).toEqual(['💸 我已经转账了', '📤 把原文分享给辅导员']);
    // Another member's press of the same button shows nothing: the token is checked against the presser.
    expect((await h.dm('李四').press({ token: answer!.buttons[0]!.token }))[0]!.text).not.toContain('QQ 号');
  });

  it('详情 after the 30 minutes the text is kept: a friendly note, the text is gone', async () => {
    const [answer] = await h.dm('张三').send(SCAM, { forwarded: true });
    h.clock.advance(31 * 60_000);
    const [late] = await h.dm('张三').press('🔍 详情', answer);
    expect(late!.text).toContain('详情只在检查后 30 分钟内可看');
  });

  it('stores the type, the risk and a hash, never the text, and counts it for the member’s class', async () => {
    await h.dm('张三').send(SCAM, { forwarded: true });
    const [row] = reports();
    expect(row).toMatchObject({ memberId: 'test:张三', groupId: 'test:软件2301', risk: 'high', typeId: 'type-gongjianfa', sharedText: null, consentAt: null });
    expect(row!.textHash).toBe(textHash(SCAM));
    expect(row!.textHash).toBe(textHash(`  ${SCAM.replace('安全账户', '安 全 賬 户')}`));
    expect(JSON.stringify(row)).not.toContain('洗钱');
  });

  it('never says an ordinary message is safe', async () => {
    const [answer] = await h.dm('张三').send(ORDINARY);
    expect(answer!.text).toContain('风险：未发现明显风险');
    expect(answer!.text).toContain('这不等于安全');
    expect(answer!.text).not.toMatch(/是安全的|没有风险/);
    expect(answer!.text).toContain('拿不准就拨打 96110 咨询');
  });

  it('answers a forwarded anti-fraud notice as a warning that names the trick, with no risk line', async () => {
    const notice = '【保卫处提醒】近期有人冒充公安局来电，称你涉嫌洗钱，要求把钱转到安全账户。公检法从不电话办案，更没有安全账户！';
    const [answer] = await h.dm('张三').send(notice, { forwarded: true });
    expect(answer!.text).toContain('这是一条反诈提醒/通知，本身没有诈骗特征。');
    expect(answer!.text).toContain('它讲到的骗术：冒充公检法及政府机关');
    expect(answer!.text).not.toContain('风险：');
    expect(reports()[0]).toMatchObject({ risk: 'none', typeId: 'type-gongjianfa' });
  });

  it('answers an English message in English, whatever the client language, and catches the scam', async () => {
    const scam = 'This is Officer Daniels from the financial crimes unit. Your account is linked to money laundering. Transfer your money to a safe account now and tell no one.';
    const [answer] = await h.dm('张三').send(scam, { forwarded: true });
    expect(answer!.text).toMatch(/Risk: (high|medium)/);
    expect(answer!.text).toContain('What to do now');
    expect(reports()[0]).toMatchObject({ risk: expect.stringMatching(/^(high|medium)$/), typeId: 'type-gongjianfa' });
  });

  it('answers in English for an English client', async () => {
    const dm = h.dm('Alice');
    dm.sender.languageCode = 'en';
    const [answer] = await dm.send(SCAM);
    expect(answer!.text).toContain('Risk: high');
    expect(answer!.text).toContain('Ten Whenever');
  });
});

describe('/check', () => {
  it('as a reply in a group: the answer goes privately, the group sees nothing', async () => {
    const outputs = await zhang.send('/check', { replyTo: SCAM });
    expect(outputs.map((o) => o.visibleTo)).toEqual(['member:test:张三']);
    expect(outputs[0]!.text).toContain('风险：高');
    expect(reports()[0]!.groupId).toBe('test:软件2301');
  });

  it('as the reply code 查 sent in reply to the message, for platforms without menus or slash commands', async () => {
    const outputs = await zhang.send('查', { replyTo: SCAM });
    expect(outputs.map((o) => o.visibleTo)).toEqual(['member:test:张三']);
    expect(outputs[0]!.text).toContain('风险：高');
    expect(reports()).toHaveLength(1);
    // The code alone, replying to nothing, is just a word in the group chat.
    expect(await zhang.send('查')).toEqual([]);
    expect(reports()).toHaveLength(1);
  });

  it('with the text after it, anywhere', async () => {
    await h.dm('张三').shouldReply(`/check ${SCAM}`, '风险：高');
  });

  it('with nothing to check: the usage, and nothing stored', async () => {
    await zhang.shouldReply('/check', '用法：/check');
    expect(reports()).toEqual([]);
  });
});

describe('bad input gets an answer within the limits and never a crash', () => {
  it.each([
    ['only emoji', '😀😀😀🎉'],
    ['only a link', 'https://bit.ly/3abcd'],
    ['binary junk', '\u0000\u0001\uD800\uFFFF\u200B'],
    ['100k characters', `${SCAM}${'啊'.repeat(100_000)}`],
  ])('%s', async (_, input) => {
    const [answer, ...rest] = await h.dm('张三').send(input);
    expect(rest).toEqual([]);
    expect(answer!.text).toMatch(/风险：/);
    expect(answer!.text).toContain('拿不准就拨打 96110 咨询');
    expect(answer!.text.length).toBeLessThan(4000);
  });

  it('an empty message gets the usage', async () => {
    await h.dm('张三').shouldReply('   ', '用法');
  });
});

describe('"I already paid" and telling the advisor', () => {
  it('/paid gives the stop-payment steps in order, privately, and offers to tell the advisor', async () => {
    const [steps] = await zhang.send('/paid');
    expect(steps!.visibleTo).toBe('member:test:张三');
    const text = steps!.text;
    expect(text.indexOf('1. 立刻停止')).toBeLessThan(text.indexOf('2. 马上拨打110'));
    expect(text).toContain('紧急止付');
    expect(text).toContain('二次诈骗');
    expect(text).toContain('对方的银行账号、户名、开户行');
    expect(steps!.buttons.map((b) => b.label)).toEqual(['📣 告诉我的辅导员']);
    expect(h.outputsVisibleTo('member:test:王老师')).toEqual([]);
  });

  it('tells the advisor privately only when the member presses, with the text only if they shared it', async () => {
    const dm = h.dm('张三');
    await dm.send(SCAM);
    expect(h.outputsVisibleTo('member:test:王老师')).toEqual([]);

    await dm.press('💸 我已经转账了');
    expect(reports()[0]!.paidAt).not.toBeNull();
    const told = await dm.press('📣 告诉我的辅导员');
    expect(told.find((o) => o.kind === 'answer')!.text).toContain('已私下通知你的辅导员');
    const [alert, ...more] = h.outputsVisibleTo('member:test:王老师');
    expect(more).toEqual([]);
    expect(alert!.text).toContain('软件2301 的 张三 报告可能已经被骗');
    expect(alert!.text).toContain('冒充公检法');
    expect(alert!.text).not.toContain('安全账户'); // not shared
    expect(h.adapter.outputs.filter((o) => o.visibleTo.startsWith('group:') && o.text.includes('张三'))).toEqual([]);

    const again = await dm.press('📣 告诉我的辅导员');
    expect(again[0]!.text).toContain('已经通知过');
    expect(h.outputsVisibleTo('member:test:王老师')).toHaveLength(1);
  });

  it('shares the text with consent, stores it then, and not after the share window', async () => {
    const dm = h.dm('张三');
    await dm.send(SCAM);
    await dm.press('📤 把原文分享给辅导员');
    expect(reports()[0]!.sharedText).toBe(SCAM);
    expect(h.outputsVisibleTo('member:test:王老师')[0]!.text).toContain('安全账户');
    expect((await dm.press('📤 把原文分享给辅导员'))[0]!.text).toContain('已经分享过');

    await dm.send(`${SCAM} 第二条`);
    h.clock.advance(SHARE_WINDOW_MS + 1);
    const late = await dm.press('📤 把原文分享给辅导员');
    expect(late[0]!.text).toContain('原文已不在我这里');
    expect(reports()[1]!.sharedText).toBeNull();
  });

  it('refuses a forged or foreign button and records nothing', async () => {
    await h.dm('张三').send(SCAM);
    const id = reports()[0]!.id;
    const li = h.dm('李四');
    for (const token of [`ts:${id}`, `tp:${id}`, `ta:${id}`, 'ta:x', 'ts:99999']) {
      const [out] = await li.press({ token });
      expect(out!.text).toContain('按钮已失效或不属于你');
    }
    const [row] = h.db.select().from(triageReports).where(eq(triageReports.id, id)).all();
    expect(row).toMatchObject({ sharedText: null, paidAt: null, advisorToldAt: null });
    expect(h.outputsVisibleTo('member:test:王老师')).toEqual([]);
  });

  it('a member with no known class is told to contact the advisor directly', async () => {
    const stranger = h.dm('路人');
    await stranger.send(SCAM);
    const [out] = await stranger.press('📤 把原文分享给辅导员');
    expect(out!.text).toContain('我还不知道你的辅导员是谁');
    expect(reports().at(-1)!.sharedText).toBeNull();
  });
});

describe('local early warning from chat', () => {
  it('the Nth triaged scam of one type in a day tells the school admins privately, once; N−1 does not', async () => {
    const hw = await Harness.start({ env: { EARLY_WARNING_THRESHOLD: '3', ADMIN_IDS: 'test:保卫处' } });
    try {
      const office = 'member:test:保卫处';
      await hw.dm('甲').send(SCAM);
      await hw.dm('乙').send(SCAM.replace('洗钱', '诈骗'));
      expect(hw.outputsVisibleTo(office)).toEqual([]);
      await hw.dm('丙').send(`${SCAM}，今天内办理`);
      const [warning, ...more] = hw.outputsVisibleTo(office);
      expect(more).toEqual([]);
      expect(warning!.text).toContain('冒充公检法');
      expect(warning!.text).toContain('3');
      expect(warning!.text).not.toMatch(/甲|乙|丙/);
      await hw.dm('丁').send(`${SCAM}，不要告诉家人`);
      expect(hw.outputsVisibleTo(office).filter((o) => o.text.includes('冒充公检法'))).toHaveLength(1);
    } finally {
      await hw.close();
    }
  });
});

describe('advisors granted with /grant', () => {
  it('receive a member’s follow-up like the platform admins do', async () => {
    const counsellor = h.client('软件2301', '李辅导');
    await counsellor.send('在');
    await teacher.send('/grant 李辅导');
    const dm = h.dm('张三');
    await dm.send(SCAM);
    await dm.press('💸 我已经转账了');
    await dm.press('📣 告诉我的辅导员');
    expect(h.outputsVisibleTo('member:test:李辅导').map((o) => o.text).join('\n')).toContain('张三 报告可能已经被骗');
    expect(h.outputsVisibleTo('member:test:王老师').map((o) => o.text).join('\n')).toContain('张三 报告可能已经被骗');
  });
});
