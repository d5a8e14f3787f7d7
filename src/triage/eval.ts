/**
 * Quality metrics of the triage engine on a labelled set (test/fixtures/triage-dev.jsonl).
 *
 * A scam is *caught* when its risk is medium or high (recall at low is reported too).
 * A false positive is an ordinary message (label null) with risk medium or high.
 * Type accuracy: share of scams whose reported type equals the label (over all scams).
 * Per-type precision/recall use the predicted label = type when caught, else null.
 */
import type { Triage, TriageResult } from './result.ts';
import type { TypeId } from './content.ts';

export interface LabelledMessage {
  id: string;
  text: string;
  label: TypeId | null;
  /** tune (the default), holdout (dev set, not tuned on), blind (separate set written apart). */
  split?: Split;
  /** For a null label: an anti-fraud warning or notice (quotes scam phrases) or an ordinary message. */
  class?: MessageClass;
  /** zh (the default) or en. */
  lang?: string;
}

const CLASSES = ['scam', 'warning', 'ordinary'] as const;
export type MessageClass = (typeof CLASSES)[number];

const SPLITS = ['tune', 'holdout', 'blind'] as const;
export type Split = (typeof SPLITS)[number];

export const splitOf = (m: LabelledMessage): Split => m.split ?? 'tune';

export interface EvalReport {
  n: number;
  scams: number;
  ordinary: number;
  /** Scams with risk medium/high. */
  scamRecall: number;
  /** Scams with risk low or above. */
  scamRecallLow: number;
  /** Ordinary messages with risk medium/high. */
  fpRate: number;
  /** Ordinary messages with risk low or above. */
  fpRateLow: number;
  /** Scams whose type equals the label. */
  typeAccuracy: number;
  /** Caught scams whose type equals the label. */
  typeAccuracyCaught: number;
  perType: Record<string, { precision: number; recall: number; support: number; predicted: number }>;
  /** Messages of class `warning`, and the share of them flagged medium/high (counted in fpRate too). */
  warnings: number;
  warningFpRate: number;
  /** Recall and false positives per language (messages without `lang` count as zh). */
  byLang: Record<string, { scams: number; ordinary: number; scamRecall: number; fpRate: number }>;
  errors: { id: string; label: TypeId | null; risk: TriageResult['risk']; type: TypeId | null; score: number; text: string }[];
}

export const GOALS = { scamRecall: 0.9, fpRate: 0.05, typeAccuracy: 0.8 } as const;

const ratio = (a: number, b: number) => (b === 0 ? 0 : Math.round((a / b) * 1000) / 1000);

/** Precision and recall per fraud type, from the true positives, the labelled and the predicted counts. */
function perTypeTable(tp: Map<string, number>, support: Map<string, number>, predicted: Map<string, number>): EvalReport['perType'] {
  const perType: EvalReport['perType'] = {};
  for (const t of [...new Set([...support.keys(), ...predicted.keys()])].sort()) {
    perType[t] = {
      precision: ratio(tp.get(t) ?? 0, predicted.get(t) ?? 0),
      recall: ratio(tp.get(t) ?? 0, support.get(t) ?? 0),
      support: support.get(t) ?? 0,
      predicted: predicted.get(t) ?? 0,
    };
  }
  return perType;
}

export function evaluate(triage: Triage, messages: readonly LabelledMessage[]): EvalReport {
  let scams = 0;
  let ordinary = 0;
  let caught = 0;
  let caughtLow = 0;
  let fp = 0;
  let fpLow = 0;
  let typeOk = 0;
  let typeOkCaught = 0;
  const tp = new Map<string, number>();
  const support = new Map<string, number>();
  const predicted = new Map<string, number>();
  const errors: EvalReport['errors'] = [];
  let warnings = 0;
  let warningFp = 0;
  const lang = new Map<string, { scams: number; ordinary: number; caught: number; fp: number }>();
  for (const m of messages) {
    const r = triage(m.text);
    const isCaught = r.risk === 'high' || r.risk === 'medium';
    const l = lang.get(m.lang ?? 'zh') ?? { scams: 0, ordinary: 0, caught: 0, fp: 0 };
    lang.set(m.lang ?? 'zh', l);
    if (m.label === null) {
      l.ordinary++;
      if (isCaught) l.fp++;
      if (m.class === 'warning') {
        warnings++;
        if (isCaught) warningFp++;
      }
    } else {
      l.scams++;
      if (isCaught) l.caught++;
    }
    const pred = isCaught ? r.type : null;
    if (pred) predicted.set(pred, (predicted.get(pred) ?? 0) + 1);
    let wrong = false;
    if (m.label === null) {
      ordinary++;
      if (isCaught) {
        fp++;
        wrong = true;
      }
      if (r.risk !== 'none') fpLow++;
    } else {
      scams++;
      support.set(m.label, (support.get(m.label) ?? 0) + 1);
      if (isCaught) caught++;
      if (r.risk !== 'none') caughtLow++;
      if (r.type === m.label) typeOk++;
      if (isCaught && r.type === m.label) typeOkCaught++;
      if (pred === m.label) tp.set(m.label, (tp.get(m.label) ?? 0) + 1);
      wrong = !isCaught || r.type !== m.label;
    }
    if (wrong) errors.push({ id: m.id, label: m.label, risk: r.risk, type: r.type, score: r.score, text: m.text });
  }
  const perType = perTypeTable(tp, support, predicted);
  return {
    n: messages.length,
    scams,
    ordinary,
    scamRecall: ratio(caught, scams),
    scamRecallLow: ratio(caughtLow, scams),
    fpRate: ratio(fp, ordinary),
    fpRateLow: ratio(fpLow, ordinary),
    typeAccuracy: ratio(typeOk, scams),
    typeAccuracyCaught: ratio(typeOkCaught, caught),
    perType,
    warnings,
    warningFpRate: ratio(warningFp, warnings),
    byLang: Object.fromEntries(
      [...lang].map(([k, v]) => [k, { scams: v.scams, ordinary: v.ordinary, scamRecall: ratio(v.caught, v.scams), fpRate: ratio(v.fp, v.ordinary) }]),
    ),
    errors,
  };
}

export function meetsGoals(r: EvalReport): boolean {
  return r.scamRecall >= GOALS.scamRecall && r.fpRate <= GOALS.fpRate && r.typeAccuracy >= GOALS.typeAccuracy;
}

/**
 * The share of the library's own texts (tips, articles) the engine flags medium or high: they
 * describe scams to warn about them, so each one flagged is a false positive.
 */
export function libraryFlagRate(triage: Triage, texts: readonly { id: string; text: string }[]): { n: number; flagged: number; rate: number; ids: string[] } {
  const ids = texts.filter((t) => ['medium', 'high'].includes(triage(t.text).risk)).map((t) => t.id);
  return { n: texts.length, flagged: ids.length, rate: ratio(ids.length, texts.length), ids };
}

/** Parses the JSONL dev set; throws with the line number on a malformed line. */
export function parseLabelledJsonl(text: string): LabelledMessage[] {
  const out: LabelledMessage[] = [];
  text.split('\n').forEach((line, i) => {
    if (line.trim() === '') return;
    let v: unknown;
    try {
      v = JSON.parse(line);
    } catch {
      throw new Error(`line ${i + 1}: not JSON`);
    }
    const o = v as Partial<LabelledMessage>;
    if (typeof o.id !== 'string' || typeof o.text !== 'string' || (o.label !== null && typeof o.label !== 'string')) {
      throw new Error(`line ${i + 1}: need {"id","text","label"}`);
    }
    if (o.split !== undefined && !SPLITS.includes(o.split)) throw new Error(`line ${i + 1}: split must be one of ${SPLITS.join(', ')}`);
    if (o.class !== undefined && !CLASSES.includes(o.class)) throw new Error(`line ${i + 1}: class must be one of ${CLASSES.join(', ')}`);
    out.push({
      id: o.id,
      text: o.text,
      label: o.label ?? null,
      ...(o.split ? { split: o.split } : {}),
      ...(o.class ? { class: o.class } : {}),
      ...(typeof o.lang === 'string' ? { lang: o.lang } : {}),
    });
  });
  return out;
}
