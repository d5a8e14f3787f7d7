/**
 * A triage answer in English is English throughout: the red-flag labels, the rules' words, the
 * types, what the message contains and the advice. Only what it quotes of the message (in “…”)
 * stays as the sender wrote it, and the rule sets keep their Chinese names beside the English
 * (docs/design.md, Content: rule sets are named in one place).
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadLibraryOrThrow } from '../src/content/library.ts';
import { ruleSetName } from '../src/content/rule-names.ts';
import { toPlainText } from '../src/core/message.ts';
import { triageAnswer } from '../src/features/triage-answer.ts';
import { createTriage, loadTriageOrThrow } from '../src/triage/index.ts';

const CONTENT = join(import.meta.dirname, '..', 'content');
const library = loadLibraryOrThrow(CONTENT);
const content = loadTriageOrThrow(CONTENT);
const triage = createTriage(content);

/** Han characters and CJK punctuation (、，：「」（）). */
const CJK = /[\p{Script=Han}\u3000-\u303f\uff00-\uffef]/u;

/** The English answer with every full check (详情) as the member reads it. */
function englishAnswer(text: string, full: boolean): string {
  return toPlainText(triageAnswer(library, content, 'en', triage(text), 1, full));
}

/** What is left of the answer once the quoted message text and the rule sets' names are taken out. */
function ownWords(answer: string, message: string): string {
  let rest = answer.replace(/“([^”]*)”/g, (quote, inner: string) => (message.includes(inner.replace(/…$/, '')) ? '“”' : quote));
  for (const set of library.ruleSets.values()) rest = rest.replaceAll(ruleSetName(set, 'en'), '');
  return rest;
}

function expectEnglish(message: string): void {
  for (const full of [false, true]) {
    const answer = englishAnswer(message, full);
    const leftover = ownWords(answer, message)
      .split('\n')
      .filter((line) => CJK.test(line));
    expect(leftover, `${full ? '详情' : 'short answer'} of ${message}\n${answer}`).toEqual([]);
  }
}

const MESSAGES = [
  // Chinese scams a member of an English group forwards.
  '【通知】您的账户涉嫌洗钱，请立即将资金转入安全账户配合调查，加QQ 123456789，点击 http://1.2.3.4/a 共享屏幕',
  '招聘兼职刷单，日结300元，先垫付本金，完成任务后本金加佣金一起返还，卡单要继续充值，加微信 abc_12345 领任务',
  '【工商银行】您的账户存在异常，请登录 www.icbc-vip.top 重新认证，并把收到的验证码告诉客服，银行卡号 6222 0212 3456 7890 128',
  '国家政务服务：您有一笔个税退款待领取，请访问 http://gov-cn.top/tax 填写银行卡号和密码，逾期作废',
  '你好，我是你们辅导员，现在在开会不方便接电话，急需交一笔2000元的材料费，你先帮我垫一下，转到这个账户，打开腾讯会议共享屏幕',
  '【征信中心】您的大学生助学贷款账户未注销，会影响个人征信，请下载会议软件配合工作人员操作，把网贷额度转到安全账户',
  // English scams.
  'Your parcel could not be delivered. Pay the redelivery fee at http://bit.ly/3xYz within 24 hours or it will be returned to sender.',
  'Hi! We are hiring remote workers to rate products online and earn daily commission. Top up your task account with $100 first; the commission is paid back with your deposit. WhatsApp +44 7700 900123',
  'Amazon refund desk: you were charged twice. Install AnyDesk and share your screen so we can process your refund, then tell us the verification code we send.',
  'My trading mentor has a crypto trading bot with guaranteed returns of 5% a day. Minimum deposit $500, it never loses. Send USDT to our platform today.',
];

describe('a triage answer in English', () => {
  it.each(MESSAGES)('has no Chinese outside what it quotes: %s', (message) => {
    expectEnglish(message);
  });

  it('names every red flag of every type in English (each group’s phrases, all at once)', () => {
    for (const type of content.patterns.types) {
      const message = type.groups.map((g) => g.p[0]).join('，');
      expectEnglish(message);
    }
    expectEnglish(content.patterns.generic.map((g) => g.p[0]).join('，'));
  });

  it('has English with no Chinese in it for every red flag and brand of the library', () => {
    const p = content.patterns;
    const items = [
      ...p.types.flatMap((t) => [...t.groups, ...(t.combos ?? [])]),
      ...p.generic,
      ...p.regex,
      ...Object.values(p.entities),
    ].map((item) => ({ zh: item.label, en: item.en }));
    for (const brand of content.brands.brands) items.push({ zh: brand.name, en: brand.en });
    expect(items.filter((item) => !item.en || CJK.test(item.en))).toEqual([]);
  });

  it('leaves the Chinese answer as it was', () => {
    const zh = toPlainText(triageAnswer(library, content, 'zh-CN', triage(MESSAGES[0]!), 1, true));
    expect(zh).toContain('「安全账户」');
    expect(zh).toContain('链接 http://1.2.3.4/a（IP 地址）');
    expect(zh).toContain('拿不准就拨打 96110 咨询');
  });
});
