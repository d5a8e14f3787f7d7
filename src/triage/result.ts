/**
 * What the triage engine answers for one message: a risk level, the likely fraud type, the flags
 * that explain it (each quoting the original text) and the advice to show.
 */
import type { TypeId } from './content.ts';
import type { AmountEntity, BankCardEntity, ContactIdEntity, PhoneEntity, Span } from './entities.ts';
import type { LinkEntity } from './links.ts';

export type Risk = 'high' | 'medium' | 'low' | 'none';

export interface TriageFlag {
  /** The exact substring of the original message that triggered the flag. */
  phrase: string;
  /** What it means, for people (Simplified Chinese). */
  label: string;
  /** The rule item it breaks, when there is one (rule-shigefanshi-6 for 安全账户). */
  rule?: string;
  /** type: a phrase typical of one fraud type; generic: a red flag of any scam; entity: a detector. */
  kind: 'type' | 'generic' | 'entity';
  /** For kind `type`: the fraud type the phrase belongs to. */
  type?: TypeId;
  weight: number;
  /** Position of `phrase` in the original text (UTF-16 units). */
  start: number;
  end: number;
}

/** Evidence that the message is ordinary (official payment channel, 请勿泄露验证码, 取件码). */
export interface Mitigation {
  phrase: string;
  label: string;
  weight: number;
  start: number;
  end: number;
}

export interface TriageEntities {
  links: LinkEntity[];
  phones: PhoneEntity[];
  qq: ContactIdEntity[];
  wechat: ContactIdEntity[];
  bankCards: BankCardEntity[];
  amounts: AmountEntity[];
  /** Places where the message asks for a verification code. */
  codeRequests: Span[];
  /** Mentions of screen sharing (strong) or meeting software (weak). */
  screenShare: (Span & { strong: boolean })[];
}

/** The closest known exemplar, when similar enough to count. */
export interface SimilarExemplar {
  id: string;
  type: TypeId | null;
  similarity: number;
}

export interface TriageResult {
  /**
   * high / medium / low by the content thresholds; `none` = no known red flag reached the low
   * threshold once ordinary-message evidence was weighed (weak signals may still be listed in
   * `flags`). It never means "safe" — the advice for none says so.
   */
  risk: Risk;
  /**
   * The message warns about, reports or quotes a scam (反诈提醒, 学校不代收，请勿向个人转账) and asks
   * for nothing live: "这是一条反诈提醒/通知，本身没有诈骗特征". Risk is then none and `type` is
   * the trick it describes.
   */
  warning: boolean;
  /** Most likely fraud type (for a warning: the trick it describes), or null when no type has enough evidence. */
  type: TypeId | null;
  /** Every type with evidence, most likely first. */
  types: { id: TypeId; score: number }[];
  /** Total risk score (the risk level comes from content thresholds). */
  score: number;
  flags: TriageFlag[];
  mitigations: Mitigation[];
  entities: TriageEntities;
  /** Keys into content/triage/advice.yaml, most specific first. */
  advice: string[];
  similar: SimilarExemplar | null;
  /** The learned score's probabilities (model.ts), when the library has a model. */
  model?: { scam: number; warning: number; ordinary: number };
  analysed: {
    /** UTF-16 units analysed. */
    chars: number;
    /** UTF-16 units received. */
    totalChars: number;
    /** True when only the first `chars` units were analysed. */
    truncated: boolean;
  };
  /** Set only if the engine hit an unexpected internal error (it then reports risk low). */
  error?: string;
}

export type Triage = (text: string) => TriageResult;
