/**
 * Warnings, quotes and negation (issue 18): a message that warns about a scam gets the warning
 * verdict and still names the trick; a negated phrase is no red flag; ordinary-message evidence
 * never cancels a live request; a victim asking about what happened is no warning.
 */
import { describe, expect, it } from 'vitest';
import { createTriageFromDir } from '../src/triage/index.ts';

const triage = createTriageFromDir('content');
const caught = (text: string) => ['medium', 'high'].includes(triage(text).risk);

describe('the warning verdict', () => {
  it('a finance-office notice that says not to pay individuals is a warning, not a scam', () => {
    const r = triage('【财务处通知】本学期学费请通过学校统一缴费平台缴纳，学校不代收，请勿向任何个人账户转账。');
    expect(r.warning).toBe(true);
    expect(r.risk).toBe('none');
    expect(r.advice[0]).toBe('warning-notice');
  });

  it('a police warning quoting 安全账户 names the trick it describes', () => {
    const r = triage('【保卫处提醒】近期有人冒充公安局来电，称你涉嫌洗钱，要求把钱转到安全账户。公检法从不电话办案，更没有安全账户！');
    expect(r.warning).toBe(true);
    expect(r.type).toBe('type-gongjianfa');
  });

  it('a tip that reports a scam in quotes is a warning', () => {
    const r = triage('对方说“你的流水不够，要先往指定账户转一笔刷流水”？转账刷流水是官方点名的虚假贷款手法，一分钱也不要交。');
    expect(r.warning).toBe(true);
    expect(r.type).toBe('type-daikuan');
  });

  it('the same scam sent as a request is no warning', () => {
    const r = triage('你的流水不够，要先往指定账户转一笔刷流水，证明还款能力后马上放款。');
    expect(r.warning).toBe(false);
    expect(caught('你的流水不够，要先往指定账户转一笔刷流水，证明还款能力后马上放款。')).toBe(true);
    expect(r.type).toBe('type-daikuan');
  });

  it('a victim asking about a call is no warning, however it is worded', () => {
    const r = triage('有人打电话说我以前开了校园贷账户，不注销会影响征信，让我开屏幕共享，这是诈骗吗？');
    expect(r.warning).toBe(false);
    expect(['medium', 'high']).toContain(r.risk);
  });
});

describe('negation scope', () => {
  it('请勿向个人账户转账 is no request to transfer', () => {
    const r = triage('请勿向个人账户转账');
    expect(r.flags.map((f) => f.phrase).join()).not.toContain('转账');
  });

  it('a phrase after a clause break is not negated', () => {
    const r = triage('不要犹豫，马上转账到这个账户');
    expect(r.flags.some((f) => f.phrase.includes('转账'))).toBe(true);
  });

  it('不会要求 before 安全账户 lowers the score against the same request unnegated', () => {
    const negated = triage('银行不会要求您把钱转到安全账户');
    const asked = triage('银行要求您把钱转到安全账户');
    expect(negated.score).toBeLessThan(asked.score);
  });
});

describe('ordinary-message evidence never cancels a live request', () => {
  it('退订回T and 如非本人操作 do not cancel a login link', () => {
    const text = '【某某银行】您的账户积分可兑换现金，请登录 http://bank-jf.example/login 填写卡号领取，如非本人操作请忽略，退订回T';
    const r = triage(text);
    expect(r.mitigations).toEqual([]);
    expect(r.risk).not.toBe('none');
  });

  it('nor a request for the code', () => {
    const r = triage('您的快递丢失了，我们给您理赔，请把收到的验证码告诉我，如非本人操作请忽略。');
    expect(['medium', 'high']).toContain(r.risk);
  });
});

describe('obfuscation (content/triage/obfuscation.yaml)', () => {
  it('homophones: 兼织 and 拥金 read as 兼职 and 佣金, and the flag quotes what was written', () => {
    const r = triage('招兼织，一单拥金十元，做完就返');
    expect(r.flags.map((f) => f.phrase)).toEqual(expect.arrayContaining(['兼织', '拥金']));
    expect(r.type).toBe('type-shuadan');
  });

  it('homophones: 验证玛 is a code request like 验证码', () => {
    expect(triage('请把收到的验证玛告诉我').entities.codeRequests.map((s) => s.text)).toEqual(['验证玛']);
  });

  it('pinyin abbreviations: yzm, yhk, zfb, sfz and V我', () => {
    expect(triage('请把yzm发给我').entities.codeRequests.map((s) => s.text)).toEqual(['yzm']);
    const loan = triage('急用钱找我 不查zx 凭sfz就能下款 yhk号发我 V我');
    expect(loan.type).toBe('type-daikuan');
    expect(loan.flags.map((f) => f.phrase)).toEqual(expect.arrayContaining(['V我']));
  });

  it('separators: 丶 between characters is stripped like spaces and dots', () => {
    const plain = triage('点赞关注返佣先垫付');
    for (const t of ['点赞丶关注丶返佣丶先垫付', '点 赞 关 注 返 佣 先 垫 付', '点.赞.关.注.返.佣.先.垫.付']) {
      expect(triage(t).score, t).toBe(plain.score);
    }
  });
});

describe('帮信 and credential phishing (content/types.yaml)', () => {
  it('renting out a bank card for a daily fee is 帮信', () => {
    const r = triage('兄弟，借你的银行卡用两天，就走个流水，每天给你300，绝对不犯法');
    expect(r.type).toBe('type-bangxin');
    expect(['medium', 'high']).toContain(r.risk);
  });

  it('跑分: receiving money with your payment code and passing it on is 帮信', () => {
    expect(triage('跑分招人，用你的收款码帮忙收款，按流水给佣金').type).toBe('type-bangxin');
  });

  it('a bank SMS with a login link asking for the card number and code is credential phishing, 退订回T or not', () => {
    for (const tail of ['', '退订回T']) {
      const r = triage(`【某某银行】您的电子密码器即将失效，请登录 http://bank-up.example/u 输入银行卡号及验证码进行升级。${tail}`);
      expect(r.type).toBe('type-diaoyu');
      expect(r.risk).toBe('high');
    }
  });

  it('a warning about phishing SMS is a warning that names the trick', () => {
    const r = triage('温馨提示：收到“积分兑换现金”的短信请勿点击链接，运营商不会让你输入银行卡信息，这是钓鱼短信。');
    expect(r.warning).toBe(true);
    expect(r.type).toBe('type-diaoyu');
  });
});

describe('the learned score (content/triage/model.json)', () => {
  it('is loaded with the content and gives each class a probability', () => {
    const scam = triage('兄弟，借你的银行卡用两天，就走个流水，每天给你300');
    expect(scam.model).toBeDefined();
    const p = scam.model!;
    expect(p.scam + p.warning + p.ordinary).toBeCloseTo(1, 1);
    expect(p.scam).toBeGreaterThan(p.ordinary);
  });

  it('reads a school warning as a warning and a lunch message as ordinary', () => {
    expect(triage('反诈提醒：凡是要求垫付资金做任务的兼职刷单，都是诈骗，不要转账。').model!.warning).toBeGreaterThan(0.5);
    expect(triage('中午一起去食堂吃饭吗？我在图书馆门口等你').model!.ordinary).toBeGreaterThan(0.5);
  });
});
