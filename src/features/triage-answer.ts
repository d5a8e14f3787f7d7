import { ruleItemName } from '../content/rule-names.ts';
import { b, list, p, type Block, type Inline, type RichMessage } from '../core/message.ts';
import { makeToken } from '../core/tokens.ts';
import type { Library } from '../content/library.ts';
import type { FraudTypeId, RuleItemId } from '../content/schema.ts';
import { defineMessages, localized, type Locale } from '../i18n/index.ts';
import { brandNameEn, flagLabelEn } from '../triage/english.ts';
import type { LinkFlag, Risk, TriageContent, TriageFlag, TriageResult } from '../triage/index.ts';

/**
 * The kinds of the triage answer's buttons, by what they do. The short wire kinds stay as they
 * were first posted, so buttons already in members' chats keep working.
 */
export const TRIAGE_BUTTON = { paid: 'tp', shareText: 'ts', tellAdvisor: 'ta', details: 'td' } as const;

export const tr = defineMessages({
  'zh-CN': {
    title: '可疑消息检查结果',
    risk: '风险：{risk}',
    high: '高 🔴',
    medium: '中 🟠',
    low: '低 🟡',
    none: '未发现明显风险',
    noneNote: '没有找到已知的诈骗信号，但这不等于安全。',
    warning: '这是一条反诈提醒/通知，本身没有诈骗特征。',
    describes: '它讲到的骗术：{type}',
    types: '最可能的诈骗类型：{types}',
    flags: '危险信号',
    moreFlags: '……另有 {n} 处',
    flag: '「{phrase}」{label}',
    breaks: '违反 {rule}',
    rules: '相关口诀',
    ruleLine: '{name}：{text}',
    entities: '消息里的信息',
    link: '链接 {url}',
    linkNotes: '{link}（{notes}）',
    listSep: '、',
    overseas: '境外号码 {phone}',
    qq: 'QQ 号 {id}',
    wechat: '微信号 {id}',
    card: '银行卡号 {card}',
    codeRequest: '索要验证码：「{phrase}」',
    screenShare: '屏幕共享 / 会议软件：「{phrase}」',
    amounts: '涉及金额：{amounts}',
    amount: '{text}',
    todo: '现在怎么做',
    consult: '拿不准就拨打 96110 咨询。',
    truncated: '消息很长，只检查了前 {n} 个字符。',
    footer: '自动检查结果，仅供参考。原文不会被保存，除非你选择分享给辅导员。',
    paidButton: '💸 我已经转账了',
    shareButton: '📤 把原文分享给辅导员',
    detailsButton: '🔍 详情',
    ip: 'IP 地址',
    punycode: '编码域名',
    homoglyph: '用形近字符冒充',
    lookalike: '仿冒 {brand}',
    shortener: '短链接',
    official: '官方域名，但仍要自己从官方 App 进入核实',
  },
  en: {
    title: 'Suspicious message check',
    risk: 'Risk: {risk}',
    high: 'high 🔴',
    medium: 'medium 🟠',
    low: 'low 🟡',
    none: 'no obvious risk found',
    noneNote: 'No known scam signal was found, but that does not make it safe.',
    warning: 'This is an anti-fraud warning or notice; it shows no sign of being a scam itself.',
    describes: 'The trick it describes: {type}',
    types: 'Most likely fraud type: {types}',
    flags: 'Red flags',
    moreFlags: '…and {n} more',
    flag: '“{phrase}” {label}',
    breaks: 'breaks {rule}',
    rules: 'The rules it breaks',
    ruleLine: '{name}: {text}',
    entities: 'Found in the message',
    link: 'link {url}',
    linkNotes: '{link} ({notes})',
    listSep: ', ',
    overseas: 'overseas number {phone}',
    qq: 'QQ id {id}',
    wechat: 'WeChat id {id}',
    card: 'bank card {card}',
    codeRequest: 'asks for a verification code: “{phrase}”',
    screenShare: 'screen sharing / meeting app: “{phrase}”',
    amounts: 'amounts: {amounts}',
    // Quoted: an amount is the sender's words (500元, 3万).
    amount: '“{text}”',
    todo: 'What to do now',
    consult: 'Not sure? Call 96110 for advice.',
    truncated: 'The message is long; only its first {n} characters were checked.',
    footer: 'An automatic check, for guidance only. The text is not kept unless you choose to share it with your advisor.',
    paidButton: '💸 I have already paid',
    shareButton: '📤 Share the text with my advisor',
    detailsButton: '🔍 Details',
    ip: 'IP address',
    punycode: 'encoded domain',
    homoglyph: 'lookalike characters',
    lookalike: 'imitates {brand}',
    shortener: 'short link',
    official: 'official domain; still open the official app yourself to check',
  },
});

/** What the chat shows of one list at most, so a 100k-character message still fits a platform's limits. */
const MAX_ITEMS = 8;
/** The chat answer fits one phone screen: this many red flags, the rest behind 详情. */
const SHORT_FLAGS = 3;
const MAX_PHRASE = 40;

const clip = (s: string, max = MAX_PHRASE) => (Array.from(s).length > max ? `${Array.from(s).slice(0, max).join('')}…` : s);

export function riskLabel(locale: Locale, risk: Risk): string {
  return tr(locale, risk);
}

export function typeName(library: Library, locale: Locale, id: string | null): string | undefined {
  const type = id ? library.types.get(id as FraudTypeId) : undefined;
  return type ? localized(type.name, locale) : undefined;
}


function capped<T>(locale: Locale, items: T[], render: (item: T) => Inline[]): Inline[][] {
  const shown = items.slice(0, MAX_ITEMS).map(render);
  if (items.length > MAX_ITEMS) shown.push([tr(locale, 'moreFlags', { n: items.length - MAX_ITEMS })]);
  return shown;
}

function linkNote(content: TriageContent, locale: Locale, flag: LinkFlag, brand = ''): string {
  if (flag !== 'lookalike') return tr(locale, flag);
  return tr(locale, 'lookalike', { brand: locale === 'en' ? brandNameEn(content, brand) : brand });
}

/** A red flag: the words it quotes, then what they mean unless the label is those very words. */
function flagText(content: TriageContent, locale: Locale, f: TriageFlag): string {
  const label = locale === 'en' ? flagLabelEn(content, f) : f.label;
  return tr(locale, 'flag', { phrase: clip(f.phrase), label: label === f.phrase ? '' : label }).trimEnd();
}

function entityLines(content: TriageContent, locale: Locale, r: TriageResult): Inline[][] {
  const e = r.entities;
  const sep = tr(locale, 'listSep');
  const lines: string[] = [
    ...e.links.map((l) => {
      const link = tr(locale, 'link', { url: clip(l.text) });
      const notes = l.flags.map((f) => linkNote(content, locale, f, l.lookalikeOf)).join(sep);
      return notes ? tr(locale, 'linkNotes', { link, notes }) : link;
    }),
    ...e.phones.filter((ph) => ph.kind === 'overseas').map((ph) => tr(locale, 'overseas', { phone: clip(ph.text) })),
    ...e.qq.map((q) => tr(locale, 'qq', { id: clip(q.id) })),
    ...e.wechat.map((w) => tr(locale, 'wechat', { id: clip(w.id) })),
    // Only the last four digits: the answer may be read over the member's shoulder.
    ...e.bankCards.map((c) => tr(locale, 'card', { card: `**** ${c.digits.slice(-4)}` })),
    ...e.codeRequests.slice(0, 1).map((s) => tr(locale, 'codeRequest', { phrase: clip(s.text) })),
    ...e.screenShare.slice(0, 1).map((s) => tr(locale, 'screenShare', { phrase: clip(s.text) })),
  ];
  if (e.amounts.length) {
    const amounts = e.amounts.slice(0, MAX_ITEMS).map((a) => tr(locale, 'amount', { text: clip(a.text, 20) }));
    lines.push(tr(locale, 'amounts', { amounts: amounts.join(sep) }));
  }
  return capped(locale, lines, (line) => [line]);
}

/**
 * The answer to a forwarded message. In chat (`full` false) it fits one phone screen: the verdict,
 * the type, at most three red flags with the rule each breaks, and what to do; the rest (every flag,
 * the rules' words, what the message contains) is behind the 详情 button.
 */
export function triageAnswer(library: Library, content: TriageContent, locale: Locale, r: TriageResult, reportId: number, full = false): RichMessage {
  const described = r.warning ? typeName(library, locale, r.type) : undefined;
  const blocks: Block[] = r.warning
    ? [p(b(tr(locale, 'warning'))), ...(described ? [p(tr(locale, 'describes', { type: described }))] : [])]
    : [p(b(tr(locale, 'risk', { risk: riskLabel(locale, r.risk) })))];
  if (r.risk === 'none' && !r.warning) blocks.push(p(tr(locale, 'noneNote')));
  const types = r.types.slice(0, 2).map((t) => typeName(library, locale, t.id)).filter((n): n is string => Boolean(n));
  if (types.length && r.risk !== 'none') blocks.push(p(tr(locale, 'types', { types: types.join(' / ') })));

  const flags = r.risk === 'none' ? [] : r.flags;
  const shownFlags = full ? flags : flags.slice(0, SHORT_FLAGS);
  if (shownFlags.length) {
    blocks.push(p(b(tr(locale, 'flags'))));
    blocks.push(
      list(
        capped(locale, shownFlags, (f) => {
          const rule = f.rule ? ruleItemName(library, f.rule as RuleItemId, locale) : undefined;
          return [flagText(content, locale, f), ...(rule ? [' · ', b(tr(locale, 'breaks', { rule }))] : [])];
        }),
      ),
    );
  }
  const details = full ? detailBlocks(library, content, locale, r, flags) : [];
  blocks.push(...details);

  const advice = new Map(content.advice.map((a) => [a.key, a.text]));
  // The hotline line is always last, in the wording the school plans use.
  const steps = r.advice.filter((key) => key !== 'consult-96110').map((key) => advice.get(key));
  blocks.push(p(b(tr(locale, 'todo'))));
  blocks.push(list([...steps.filter((s) => s !== undefined).map((s) => [locale === 'en' ? s.en : s.zh]), [b(tr(locale, 'consult'))]], true));
  if (full && r.analysed.truncated) blocks.push(p(tr(locale, 'truncated', { n: r.analysed.chars })));

  // 详情 only where the short answer left something out.
  const more = !full && (flags.length > SHORT_FLAGS || detailBlocks(library, content, locale, r, flags).length > 0 || r.analysed.truncated);
  return {
    title: tr(locale, 'title'),
    blocks,
    footer: tr(locale, 'footer'),
    buttons: [
      ...(more ? [[{ label: tr(locale, 'detailsButton'), token: makeToken(TRIAGE_BUTTON.details, reportId) }]] : []),
      [{ label: tr(locale, 'paidButton'), token: makeToken(TRIAGE_BUTTON.paid, reportId) }],
      [{ label: tr(locale, 'shareButton'), token: makeToken(TRIAGE_BUTTON.shareText, reportId) }],
    ],
  };
}

/** What 详情 adds: the words of the rules the flags break, and what the message contains. */
function detailBlocks(library: Library, content: TriageContent, locale: Locale, r: TriageResult, flags: TriageResult['flags']): Block[] {
  const blocks: Block[] = [];
  const rules = [...new Set(flags.map((f) => f.rule).filter((id): id is string => Boolean(id)))]
    .map((id) => library.ruleItems.get(id as RuleItemId))
    .filter((item) => item !== undefined);
  if (rules.length) {
    blocks.push(p(b(tr(locale, 'rules'))));
    blocks.push(list(capped(locale, rules, (item) => [tr(locale, 'ruleLine', { name: ruleItemName(library, item.id, locale) ?? '', text: localized(item.text, locale) })])));
  }
  const entities = entityLines(content, locale, r);
  if (entities.length) blocks.push(p(b(tr(locale, 'entities'))), list(entities));
  return blocks;
}
