/**
 * Each stage of the triage pipeline (src/triage/engine.ts) on its own, built from the real content
 * in content/triage: what it reads, what it hands on. The engine as a whole is tested in
 * triage.test.ts.
 */
import { describe, expect, it } from 'vitest';
import type { TypeId } from '../src/triage/content.ts';
import { createDecider } from '../src/triage/decide.ts';
import { createEntityFinder } from '../src/triage/entity-evidence.ts';
import { emptyEvidence, type Evidence } from '../src/triage/evidence.ts';
import { createExemplarComparer } from '../src/triage/exemplar-similarity.ts';
import { loadTriageOrThrow } from '../src/triage/index.ts';
import { readMessage, type Message } from '../src/triage/message.ts';
import { createPhraseMatcher, type PhraseHits } from '../src/triage/phrase-match.ts';
import { createRedFlagScorer } from '../src/triage/red-flags.ts';
import { createTypeScorer } from '../src/triage/type-scores.ts';

const content = loadTriageOrThrow('content');
const p = content.patterns;
const match = createPhraseMatcher(content);

const read = (text: string) => readMessage(text, p.maxChars);
const typeIndex = (id: TypeId) => p.types.findIndex((t) => t.id === id);
const groupIndex = (id: TypeId, label: string) => p.types[typeIndex(id)]!.groups.findIndex((g) => g.label === label);
const ordinaryIndex = (id: string) => p.negative.findIndex((g) => g.id === id);
/** Runs a stage that reads the phrase hits on `text`, after the match stage. */
const afterMatch =
  <T>(stage: (m: Message, hits: PhraseHits) => T) =>
  (text: string): T => {
    const m = read(text);
    return stage(m, match(m));
  };

describe('normalise', () => {
  it('keeps the text as written beside its normalised and squeezed forms', () => {
    const m = read('兼 職：ＱＱ');
    expect(m.text.original).toBe('兼 職：ＱＱ');
    expect(m.text.squeezed).toBe('兼职qq');
    expect(m).toMatchObject({ receivedChars: 6, truncated: false });
  });

  it('analyses only the first maxChars units and says how many it received', () => {
    const m = readMessage('刷单'.repeat(100), 150);
    expect(m.text.original).toHaveLength(150);
    expect(m).toMatchObject({ receivedChars: 200, truncated: true });
  });

  it('reads anything an untyped caller passes as text', () => {
    expect(readMessage(undefined, 100).text.original).toBe('');
    expect(readMessage(12345, 100).text.squeezed).toBe('12345');
  });
});

describe('match', () => {
  it('finds a group once, widened by an overlapping phrase of the same group (先垫 + 垫付)', () => {
    const hits = match(read('请先垫付本金'));
    const hit = hits.typeGroups[typeIndex('type-shuadan')]![groupIndex('type-shuadan', '要求垫付本金')];
    expect(hit).toEqual({ start: 1, end: 4 });
    expect(hits.typeGroups[typeIndex('type-shuadan')]![groupIndex('type-shuadan', '刷单')]).toBeUndefined();
  });

  it('works in squeezed coordinates: separators and traditional characters do not break a phrase', () => {
    const hits = match(read('刷 . 單'));
    expect(hits.typeGroups[typeIndex('type-shuadan')]![groupIndex('type-shuadan', '刷单')]).toEqual({ start: 0, end: 2 });
  });

  it('an ASCII-only phrase must stand as a word (mcn is not found inside com.cn)', () => {
    const mcn = (text: string) => match(read(text)).typeGroups[typeIndex('type-shuadan')]![groupIndex('type-shuadan', '招聘推广员评分员')];
    expect(mcn('访问 www.abc.com.cn')).toBeUndefined();
    expect(mcn('加入mcn机构')).toBeDefined();
  });

  it('counts the distinct phrases of an ordinary-message group', () => {
    const delivery = ordinaryIndex('delivery-normal');
    expect(match(read('驿站，驿站')).ordinary[delivery]!.phrases).toBe(1);
    expect(match(read('驿站，丰巢')).ordinary[delivery]).toEqual({ start: 0, end: 2, phrases: 2 });
  });

  it('lists every verification-code word and screen-sharing word, strong or weak', () => {
    const hits = match(read('验证码发我，再开腾讯会议屏幕共享'));
    expect(hits.codeWords).toEqual([{ start: 0, end: 3 }]);
    expect(hits.screenShare.map((h) => h.strong)).toEqual([false, true]);
  });
});

describe('score types', () => {
  const scoreOf = (text: string) => afterMatch(createTypeScorer(p))(text);

  it('adds the weight of each group that hit, and flags it quoting the text', () => {
    const { scores, evidence } = scoreOf('兼职刷單');
    expect(scores[typeIndex('type-shuadan')]).toBe(7); // 刷单 5 + 轻松兼职高收入 2
    expect(evidence.flags.map((f) => [f.label, f.phrase, f.kind, f.type])).toEqual([
      ['刷单', '刷單', 'type', 'type-shuadan'],
      ['轻松兼职高收入', '兼职', 'type', 'type-shuadan'],
    ]);
    expect(evidence.strong).toBe(true);
  });

  it('damps a type none of whose core groups hit', () => {
    const { scores, evidence } = scoreOf('请先垫付');
    expect(scores[typeIndex('type-shuadan')]).toBe(5 * p.corelessFactor);
    expect(evidence.action).toBe(true);
  });

  it('adds a combo when all its groups hit, quoting the one found last', () => {
    const { scores, evidence } = scoreOf('点赞就行，兼职');
    expect(scores[typeIndex('type-shuadan')]).toBe(2 + 2 + 2);
    const combo = evidence.flags.find((f) => f.label === '做小任务就能赚钱')!;
    expect(combo).toMatchObject({ phrase: '兼职', weight: 2, rule: 'rule-shigefanshi-2' });
  });
});

describe('red flags', () => {
  const redFlags = (text: string) => afterMatch(createRedFlagScorer(p))(text);

  it('a regex feature flags the matched shape and nudges its types', () => {
    const e = redFlags('按1转人工');
    expect(e.flags.map((f) => [f.label, f.phrase, f.kind])).toEqual([['语音提示按键转人工或转警方', '按1转', 'generic']]);
    expect(e.redFlagWeights).toEqual([2]);
    expect(e.typeBoosts).toEqual([{ type: 'type-gongjianfa', w: 1 }]);
    expect(e.action).toBe(true);
  });

  it('a weight-0 generic phrase is context only: it asks to act but is not a flag', () => {
    const e = redFlags('麻烦你');
    expect(e.redFlagWeights).toEqual([0]);
    expect(e.action).toBe(true);
    expect(e.flags).toEqual([]);
  });

  it('ordinary phrases weigh more for each further distinct phrase, up to the max', () => {
    const delivery = redFlags('驿站，丰巢');
    expect(delivery.ordinaryWeights).toEqual([4 + 1.5]);
    expect(delivery.mitigations).toEqual([{ phrase: '驿站', label: '普通快递取件通知', weight: 5.5, start: 0, end: 2 }]);
    expect(redFlags('统一缴费平台，财务处，学校官网，智慧校园').ordinaryWeights).toEqual([9]);
  });

  it('anti-fraud warnings are ordinary evidence no red flag damps', () => {
    const e = redFlags('提高警惕，不要相信');
    // 提高警惕, 警惕, 不要相信: three distinct phrases of the group.
    expect(e.undampedOrdinaryWeights).toEqual([6 + 2 + 2]);
    expect(e.ordinaryWeights).toEqual([]);
  });
});

describe('entities', () => {
  const entitiesOf = (text: string) => afterMatch(createEntityFinder(content))(text);

  it('a verification-code request is a strong red flag with its advice and types', () => {
    const { entities, evidence } = entitiesOf('请把验证码发给我');
    expect(entities.codeRequests).toEqual([{ text: '验证码', start: 2, end: 5 }]);
    expect(evidence.flags).toEqual([
      { phrase: '验证码', label: '索要验证码', kind: 'entity', weight: 6, start: 2, end: 5, rule: 'rule-linghun8wen-7' },
    ]);
    expect(evidence).toMatchObject({ strong: true, action: true, advice: ['no-code'], redFlagWeights: [6] });
    expect(evidence.typeBoosts).toContainEqual({ type: 'type-kefu', w: 1.5 });
  });

  it('a delivered code, or one the clause says not to share, is not a request', () => {
    for (const s of ['验证码123456', '请勿将验证码告诉他人']) expect(entitiesOf(s).entities.codeRequests, s).toEqual([]);
  });

  it('an official link only is ordinary evidence (a negative weight)', () => {
    const { entities, evidence } = entitiesOf('请登录 www.icbc.com.cn 查询');
    expect(entities.links.map((l) => l.flags)).toEqual([['official']]);
    expect(evidence.flags).toEqual([]);
    expect(evidence.ordinaryWeights).toEqual([2]);
    expect(evidence.mitigations.map((m) => m.label)).toEqual(['链接是官方域名']);
  });

  it('screen sharing quotes the text and fires once, the strong mention first', () => {
    const { entities, evidence } = entitiesOf('打开腾讯会议，开启屏幕共享');
    expect(entities.screenShare).toEqual([
      { text: '腾讯会议', start: 2, end: 6, strong: false },
      { text: '屏幕共享', start: 9, end: 13, strong: true },
    ]);
    expect(evidence.flags.map((f) => f.label)).toEqual(['要求屏幕共享']);
  });
});

describe('similarity', () => {
  const compare = (text: string) => createExemplarComparer(content)(read(text));

  it('an exemplar itself is the closest, and boosts its type by the full weight', () => {
    const ex = content.exemplars.find((e) => e.type === 'type-shuadan')!;
    const { similar, evidence } = compare(ex.text);
    expect(similar).toEqual({ id: ex.id, type: 'type-shuadan', similarity: 1 });
    const boost = evidence.typeBoosts.find((b) => b.type === 'type-shuadan')!;
    expect(boost.w).toBeCloseTo(p.exemplars.weight, 9);
  });

  it('an ordinary exemplar counts as ordinary evidence', () => {
    const ex = content.exemplars.find((e) => e.type === null)!;
    const { similar, evidence } = compare(ex.text);
    expect(similar?.type).toBeNull();
    expect(evidence.ordinaryWeights).toHaveLength(1);
    expect(evidence.ordinaryWeights[0]).toBeCloseTo(p.exemplars.ordinaryWeight, 9);
  });

  it('a message under six letters is compared to nothing, however close', () => {
    // Both are part of an ordinary exemplar (您的快递已到小区驿站…).
    expect(compare('到小区驿站')).toEqual({ similar: null, evidence: emptyEvidence() });
    expect(compare('到小区驿站请').similar?.type).toBeNull();
    expect(compare('到小区驿站请').evidence.ordinaryWeights).toHaveLength(1);
  });
});

describe('decide', () => {
  const decide = (scores: Partial<Record<TypeId, number>>, ...evidence: Partial<Evidence>[]) => {
    const typeScores = new Float64Array(p.types.length);
    for (const [id, s] of Object.entries(scores)) typeScores[typeIndex(id as TypeId)] = s!;
    return createDecider(p)(typeScores, typeScores, evidence.map((e) => ({ ...emptyEvidence(), ...e })));
  };

  it('top type + ½ second + red flags; the top type is named and its advice comes first', () => {
    const v = decide({ 'type-shuadan': 7, 'type-touzi': 2 }, { redFlagWeights: [1], action: true, advice: ['no-link', 'type-shuadan'] });
    expect(v.score).toBe(9);
    expect(v.risk).toBe('high');
    expect(v.type).toBe('type-shuadan');
    expect(v.types).toEqual([
      { id: 'type-shuadan', score: 7 },
      { id: 'type-touzi', score: 2 },
    ]);
    expect(v.advice).toEqual(['type-shuadan', 'no-link', ...p.advice.high]);
  });

  it('adds type boosts of later stages to the type scores', () => {
    const v = decide({ 'type-kefu': 1 }, { typeBoosts: [{ type: 'type-kefu', w: 1.5 }], action: true }, { typeBoosts: [{ type: 'type-kefu', w: 0.5 }] });
    expect(v.types).toEqual([{ id: 'type-kefu', score: 3 }]);
  });

  it('nothing asking to act scales the total by actionlessFactor', () => {
    expect(decide({ 'type-shuadan': 9 }).score).toBe(Math.round(9 * p.actionlessFactor * 100) / 100);
    expect(decide({ 'type-shuadan': 9 }, { action: true }).score).toBe(9);
  });

  it('a strong red flag damps ordinary evidence, but not the undamped kind', () => {
    const red = { redFlagWeights: [6], action: true };
    expect(decide({}, red, { ordinaryWeights: [4] }).score).toBe(2);
    expect(decide({}, { ...red, strong: true }, { ordinaryWeights: [4] }).score).toBe(6 - 4 * p.strongDamp);
    expect(decide({}, { ...red, strong: true }, { undampedOrdinaryWeights: [4] }).score).toBe(2);
    expect(decide({}, red, { ordinaryWeights: [10] }).score).toBe(0);
  });

  it('risk none names no type and gives only the caution advice', () => {
    const v = decide({ 'type-shuadan': 2 }, { advice: ['no-link'], action: true });
    expect(v.risk).toBe('none');
    expect(v.type).toBeNull();
    expect(v.advice).toEqual(p.advice.none);
  });

  it('a type below minTypeScore is listed but not named', () => {
    const v = decide({ 'type-kefu': p.minTypeScore / 2 }, { redFlagWeights: [9], action: true });
    expect(v.risk).toBe('high');
    expect(v.type).toBeNull();
    expect(v.types.map((t) => t.id)).toEqual(['type-kefu']);
  });

  it('orders flags and mitigations by weight, then by position', () => {
    const flag = (weight: number, start: number) => ({ phrase: 'x', label: 'x', kind: 'generic' as const, weight, start, end: start + 1 });
    const v = decide({}, { flags: [flag(1, 0), flag(3, 5)] }, { flags: [flag(3, 2)] });
    expect(v.flags.map((f) => [f.weight, f.start])).toEqual([
      [3, 2],
      [3, 5],
      [1, 0],
    ]);
  });
});
