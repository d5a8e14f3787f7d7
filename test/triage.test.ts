import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatProblem } from '../src/content/yaml.ts';
import { AhoCorasick } from '../src/triage/aho.ts';
import { luhnValid } from '../src/triage/entities.ts';
import { createTriage, loadTriageContent, normalize, type TriageContent, type TriageResult } from '../src/triage/index.ts';
import { editDistance } from '../src/triage/links.ts';

let content: TriageContent;
let triage: (text: string) => TriageResult;

beforeAll(() => {
  const loaded = loadTriageContent('content/triage');
  expect(loaded.problems.map(formatProblem)).toEqual([]);
  content = loaded.value!;
  triage = createTriage(content);
});

/** The exact original text each flag claims to quote. */
function expectFlagsQuoteOriginal(text: string, r: TriageResult) {
  for (const f of r.flags) expect(text.slice(f.start, f.end)).toBe(f.phrase);
  for (const m of r.mitigations) expect(text.slice(m.start, m.end)).toBe(m.phrase);
}

describe('normalisation', () => {
  it('maps full width to half width and lower-cases', () => {
    expect(normalize('ＱＱ：１２３ＡＢＣ').norm).toBe('qq:123abc');
  });

  it('converts traditional to simplified', () => {
    expect(normalize('兼職刷單，返傭金，徵信，註銷帳戶').squeezed).toBe('兼职刷单返佣金征信注销账户');
  });

  it('drops zero-width and format characters', () => {
    expect(normalize('刷\u200b单\u200d返\u2060佣\ufeff').squeezed).toBe('刷单返佣');
  });

  it('squeezes spaces, symbols and emoji out of keywords', () => {
    for (const s of ['刷.单', '刷 单', '刷*单', '刷💰单', '刷 . 单', '刷_单']) expect(normalize(s).squeezed).toBe('刷单');
    expect(normalize('兼*职').squeezed).toBe('兼职');
  });

  it('maps Cyrillic and Greek lookalikes to Latin', () => {
    // а, о, с are Cyrillic; ο is Greek
    expect(normalize('\u0430lip\u0430y.\u0441\u03bfm').norm).toBe('alipay.com');
  });

  it('keeps a map from every normalised unit back to the original', () => {
    const text = '兼 職：ＱＱ１２';
    const n = normalize(text);
    for (let i = 0; i < n.norm.length; i++) {
      expect(n.normStart[i]).toBeGreaterThanOrEqual(0);
      expect(n.normEnd[i]).toBeLessThanOrEqual(text.length);
    }
    expect(n.squeezed).toBe('兼职qq12');
  });

  it('matches an obfuscated keyword and quotes it as written', () => {
    const text = '招人：兼*职，刷 . 單，返\u200b傭金';
    const r = triage(text);
    const phrases = r.flags.map((f) => f.phrase);
    expect(phrases).toContain('刷 . 單');
    expect(phrases).toContain('兼*职');
    expectFlagsQuoteOriginal(text, r);
  });
});

describe('Aho–Corasick', () => {
  it('finds every occurrence, overlapping ones included', () => {
    const ac = new AhoCorasick(['he', 'she', 'his', 'hers', '安全账户', '账户']);
    const hits = ac.findAll('ushers 转入安全账户').map((m) => `${m.pattern}@${m.start}-${m.end}`);
    expect(hits).toEqual(['1@1-4', '0@2-4', '3@2-6', '4@9-13', '5@11-13']);
  });

  it('handles an empty pattern list and empty text', () => {
    expect(new AhoCorasick([]).findAll('abc')).toEqual([]);
    expect(new AhoCorasick(['a']).findAll('')).toEqual([]);
  });
});

describe('entities', () => {
  it('links: IP literal, punycode, shortener, lookalike, homoglyph, official', () => {
    const r = triage(
      '点击http://1.2.3.4/a，或 xn--fiqs8s.com 、 t.cn/A6abc ，登录 www.icbc-vip.top 或 http://\u0430lipay.com/x ，官网 www.icbc.com.cn',
    );
    const byHost = Object.fromEntries(r.entities.links.map((l) => [l.host, l]));
    expect(byHost['1.2.3.4']!.flags).toContain('ip');
    expect(byHost['xn--fiqs8s.com']!.flags).toContain('punycode');
    expect(byHost['t.cn']!.flags).toContain('shortener');
    expect(byHost['www.icbc-vip.top']!.flags).toContain('lookalike');
    expect(byHost['www.icbc-vip.top']!.lookalikeOf).toBe('中国工商银行');
    expect(byHost['alipay.com']!.flags).toEqual(expect.arrayContaining(['homoglyph', 'lookalike']));
    expect(byHost['www.icbc.com.cn']!.flags).toContain('official');
    // The link glued to Chinese text is found and quoted without the Chinese around it.
    expect(r.entities.links.map((l) => l.text)).toContain('http://1.2.3.4/a');
  });

  it('links: digit-for-letter swaps and official domains used as a prefix', () => {
    const r = triage('访问 www.a1ipay.com 和 http://icbc.com.cn.login-check.top/x');
    expect(r.entities.links.every((l) => l.flags.includes('lookalike'))).toBe(true);
    expect(r.entities.links).toHaveLength(2);
  });

  it('phones: overseas 00/+ numbers, masked domestic numbers', () => {
    const r = triage('警官电话 +852 6123 4567，备用 0085261234567，客服 138****0000');
    const kinds = r.entities.phones.map((p) => [p.text, p.kind]);
    expect(kinds).toEqual([
      ['+852 6123 4567', 'overseas'],
      ['0085261234567', 'overseas'],
      ['138****0000', 'mobile'],
    ]);
    expect(r.flags.some((f) => f.label.includes('境外号码'))).toBe(true);
    // +86 is domestic
    expect(triage('+86 138****0000').entities.phones[0]!.kind).toBe('mobile');
  });

  it('QQ and WeChat ids, including 薇 / vx / 威信 / V信 spellings', () => {
    const r = triage('加QQ：12345678，或 q群 87654321；薇：abc12345，vx: kefu_888，威信 wx123456，V信 ma****66');
    expect(r.entities.qq.map((q) => q.id)).toEqual(['12345678', '87654321']);
    expect(r.entities.wechat.map((w) => w.id)).toEqual(['abc12345', 'kefu_888', 'wx123456', 'ma****66']);
  });

  it('bank cards: Luhn-valid numbers, masked forms; random digits are not cards', () => {
    expect(luhnValid('6222021234567890128')).toBe(true);
    expect(luhnValid('6222021234567890129')).toBe(false);
    const r = triage('转到 6222 0212 3456 7890 128 或 6222****1234');
    expect(r.entities.bankCards.map((c) => [c.text, c.masked, c.luhn])).toEqual([
      ['6222****1234', true, null],
      ['6222 0212 3456 7890 128', false, true],
    ]);
    expect(triage('订单编号 6222021234567890129').entities.bankCards).toEqual([]);
  });

  it('verification codes: a request is flagged, a code SMS that warns is not', () => {
    for (const s of ['请把收到的验证码发给我', '验证码是多少？告诉我一下', '麻烦报一下短信里的六位数字', '把驗證碼截图给客服']) {
      expect(triage(s).entities.codeRequests.length, s).toBeGreaterThan(0);
    }
    for (const s of ['【某银行】验证码123456，请勿泄露给任何人', '您的验证码为 3356，切勿告知他人', '任何人索要验证码都不要给']) {
      expect(triage(s).entities.codeRequests, s).toEqual([]);
    }
  });

  it('screen sharing and meeting software', () => {
    const r = triage('请下载会议软件，开启屏幕共享');
    expect(r.entities.screenShare.some((s) => s.strong)).toBe(true);
    expect(r.flags.some((f) => f.label === '要求屏幕共享')).toBe(true);
    // A class meeting on 腾讯会议 is only weak context.
    expect(triage('今晚八点腾讯会议开班会').entities.screenShare.every((s) => !s.strong)).toBe(true);
  });

  it('amounts in 元 / 块 / 万 / w / ¥', () => {
    const r = triage('日赚5w，先充值¥200，返两千元，还有300块和1,200.50元');
    expect(r.entities.amounts.map((a) => [a.text, a.value])).toEqual([
      ['5w', 50000],
      ['¥200', 200],
      ['两千元', null],
      ['300块', 300],
      ['1,200.50元', 1200.5],
    ]);
  });
});

describe('scoring and explanations', () => {
  it('安全账户 breaks rule-shigefanshi-6 and reads as 冒充公检法', () => {
    const text = '我是市公安局民警，你涉嫌洗钱，请把钱转入安全賬戶配合资金核查，不要告诉家人';
    const r = triage(text);
    const flag = r.flags.find((f) => f.phrase === '安全賬戶');
    expect(flag?.rule).toBe('rule-shigefanshi-6');
    expect(r.risk).toBe('high');
    expect(r.type).toBe('type-gongjianfa');
    expect(r.types[0]!.id).toBe('type-gongjianfa');
    expect(r.advice).toContain('type-gongjianfa');
    expectFlagsQuoteOriginal(text, r);
  });

  it('quotes the exact original phrase of every flag', () => {
    const text = 'ＶＸ：ab12345，兼 职 刷.單，先墊付本金，做完返傭金💰，點擊 http://xx.example/a';
    const r = triage(text);
    expect(r.flags.length).toBeGreaterThan(3);
    expectFlagsQuoteOriginal(text, r);
  });

  it('ordinary messages carry negative evidence', () => {
    const notice = triage('各位同学，本学期学费请登录学校统一缴费平台缴纳，学校不会通过个人账户或群二维码收费，有疑问请联系财务处。');
    expect(['none', 'low']).toContain(notice.risk);
    expect(notice.mitigations.length).toBeGreaterThan(0);
    const code = triage('【某银行】验证码：482913，您正在进行网上支付，请勿泄露给他人，银行工作人员不会向您索要验证码。');
    expect(code.risk).toBe('none');
    const parcel = triage('【菜鸟驿站】您的包裹已到南门驿站，请凭取件码3-2-1056领取。');
    expect(parcel.risk).toBe('none');
  });

  it('risk none never claims safety and still gives the caution advice', () => {
    const r = triage('明天下午两点开班会');
    expect(r.risk).toBe('none');
    expect(r.advice).toEqual(['none-no-guarantee']);
    expect(JSON.stringify(r)).not.toMatch(/"safe"/);
    for (const key of r.advice) expect(content.advice.some((a) => a.key === key)).toBe(true);
  });
});

describe('bad input never throws', () => {
  it('empty, whitespace, only emoji, only a link', () => {
    for (const s of ['', '   \n\t', '😀😀😀🎉', 'http://xx.example/abc']) {
      const r = triage(s);
      expect(['none', 'low']).toContain(r.risk);
      expect(r.error).toBeUndefined();
    }
    expect(triage('http://xx.example/abc').entities.links).toHaveLength(1);
  });

  it('binary junk: control characters and lone surrogates', () => {
    const junk = '\u0000\u0001\u0002\ud800abc\udfff\u0007刷\ud83d单\u001b[31m\uffff\ufffe';
    const r = triage(junk);
    expect(r.error).toBeUndefined();
    expectFlagsQuoteOriginal(junk, r);
    let s = '';
    for (let i = 0; i < 3000; i++) s += String.fromCharCode((i * 7919) % 65536);
    // The engine catches its own failures and reports them in `error`, so check that, not a throw.
    expect(triage(s).error).toBeUndefined();
  });

  it('100k characters: analyses the first maxChars and says so', () => {
    const big = '兼职刷单先垫付'.repeat(15_000);
    const t0 = performance.now();
    const r = triage(big);
    expect(performance.now() - t0).toBeLessThan(5_000); // sanity, not a benchmark
    expect(r.analysed).toEqual({ chars: content.patterns.maxChars, totalChars: big.length, truncated: true });
    expect(r.risk).toBe('high');
    // The cap never splits a surrogate pair.
    const emoji = '😀'.repeat(60_000);
    const e = triage(emoji);
    expect(e.analysed.truncated).toBe(true);
    expect(e.analysed.chars % 2).toBe(0);
  });

  it('non-string input from untyped callers', () => {
    const loose = triage as unknown as (x: unknown) => TriageResult;
    expect(loose(undefined).risk).toBe('none');
    expect(loose(null).risk).toBe('none');
    expect(loose(12345).error).toBeUndefined();
  });
});

describe('determinism', () => {
  it('same text, same result — across calls and across engine instances', () => {
    const texts = ['兼职刷单，先垫付本金，加vx: ab12345', '您好，我是淘宝客服，您的快递丢失，请提供验证码', '明天开班会'];
    const other = createTriage(content);
    for (const t of texts) {
      const a = triage(t);
      expect(triage(t)).toEqual(a);
      expect(other(t)).toEqual(a);
    }
  });
});

describe('content files', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'triage-content-'));
    cpSync('content/triage', dir, { recursive: true });
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('reports file:line problems for invalid patterns', () => {
    const path = join(dir, 'patterns.yaml');
    const text = readFileSync(path, 'utf8');
    writeFileSync(path, text.replace('rule: rule-shigefanshi-6', 'rule: rule-shigefanshi-99').replace(/^minTypeScore: .*$/m, 'minTypeScore: lots'));
    const { value, problems } = loadTriageContent(dir);
    expect(value).toBeUndefined();
    const lines = problems.map(formatProblem);
    expect(lines.some((l) => /^content\/triage\/patterns\.yaml:\d+ minTypeScore: /.test(l))).toBe(true);
    expect(lines.some((l) => /^content\/triage\/patterns\.yaml:\d+ types\[\d+\]\.groups\[\d+\]\.rule: unknown rule item id/.test(l))).toBe(true);
    writeFileSync(path, text);
  });

  it('reports unknown advice keys and combo groups with their line', () => {
    const path = join(dir, 'patterns.yaml');
    const text = readFileSync(path, 'utf8');
    writeFileSync(path, text.replace('advice: [type-shuadan]', 'advice: [no-such-advice]').replace('all: [点赞关注类小任务, 轻松兼职高收入]', 'all: [点赞关注类小任务, 不存在的组]'));
    const lines = loadTriageContent(dir).problems.map(formatProblem);
    expect(lines.some((l) => l.includes('unknown advice key no-such-advice'))).toBe(true);
    expect(lines.some((l) => l.includes('unknown group 不存在的组'))).toBe(true);
    writeFileSync(path, text);
    expect(loadTriageContent(dir).problems).toEqual([]);
  });

  it('helpers: edit distance', () => {
    expect(editDistance('alipay', 'a1ipay', 2)).toBe(1);
    expect(editDistance('taobao', 'tmall', 1)).toBe(2);
  });
});

describe('CLI --jsonl', () => {
  it('writes one line per input, an error line for a malformed one, nothing else on stdout', () => {
    const input = ['{"id":"a","text":"兼职刷单，先垫付本金"}', 'not json', '', '{"id":2}', '{"id":"b","text":"明天开班会"}'].join('\n');
    const res = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/triage.ts', '--jsonl'], { input, encoding: 'utf8' });
    expect(res.status).toBe(0);
    const lines = res.stdout.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines).toHaveLength(4);
    expect(lines[0]).toMatchObject({ id: 'a', risk: 'high', type: 'type-shuadan' });
    expect(Object.keys(lines[0]!).sort()).toEqual(['flags', 'id', 'risk', 'score', 'type']);
    expect(lines[1]).toHaveProperty('error');
    expect(lines[2]).toMatchObject({ id: 2 });
    expect(lines[2]).toHaveProperty('error');
    expect(lines[3]).toMatchObject({ id: 'b', risk: 'none', type: null, flags: [] });
  });
});
