/**
 * A neutral rich message. The core never formats for a platform: adapters render this as
 * Telegram HTML, Discord embeds or console text, escape it, and split it to their limits.
 */
export interface Span {
  text: string;
  bold?: boolean;
  italic?: boolean;
  code?: boolean;
  href?: string;
}

export type Inline = string | Span;

export type Block =
  | { kind: 'paragraph'; spans: Inline[] }
  | { kind: 'list'; ordered: boolean; items: Inline[][] }
  | { kind: 'quote'; spans: Inline[] };

/** A button carries a short opaque token; the core resolves it and checks who pressed it. */
export interface Button {
  label: string;
  token: string;
  /**
   * What a member replies to press it where the platform has no buttons (`A` for a quiz option);
   * by default the button's place in its message, from 1 (src/core/chat-reply-codes.ts).
   */
  code?: string;
  /** A reaction on the message presses this button, where the platform reports reactions (an 已阅). */
  reactable?: boolean;
}

export interface Attachment {
  kind: 'image' | 'file';
  filename: string;
  mime: string;
  data: Uint8Array;
}

export interface RichMessage {
  title?: string;
  blocks: Block[];
  /** Small print under the body: the signature, never anything that changes once sent. */
  footer?: string;
  /**
   * A count that is edited in as it changes (已阅 3 人). Only a platform that can edit its messages
   * shows it; one that cannot shows `previous` instead (docs/design.md, Counts where messages
   * cannot be edited).
   */
  live?: string;
  /** A settled count beside the live one (上期已阅 12 人), for the platforms that cannot show a live count. */
  previous?: string;
  /** Rows of buttons. */
  buttons?: Button[][];
  attachments?: Attachment[];
}

export const p = (...spans: Inline[]): Block => ({ kind: 'paragraph', spans });
export const b = (text: string): Span => ({ text, bold: true });
export const list = (items: Inline[][], ordered = false): Block => ({ kind: 'list', ordered, items });

/** Shorthand for a message made of plain paragraphs. */
export function text(...paragraphs: string[]): RichMessage {
  return { blocks: paragraphs.map((s) => p(s)) };
}

export function spanText(s: Inline): string {
  return typeof s === 'string' ? s : s.text;
}

/**
 * The small print as one line: the footer, then the live count where the platform can edit it
 * in, or else the settled previous count (docs/design.md, Counts where messages cannot be edited).
 */
export function footerLine(m: RichMessage, canEdit = true): string | undefined {
  const parts = [m.footer, canEdit ? m.live : m.previous].filter(Boolean);
  return parts.length > 0 ? parts.join(' · ') : undefined;
}

/** The message as plain text: what the console prints and what tests read. */
export function toPlainText(m: RichMessage, canEdit = true): string {
  const out: string[] = [];
  if (m.title) out.push(m.title);
  for (const block of m.blocks) {
    if (block.kind === 'list') {
      block.items.forEach((item, i) => out.push(`${block.ordered ? `${i + 1}.` : '•'} ${item.map(spanText).join('')}`));
    } else {
      const line = block.spans.map(spanText).join('');
      out.push(block.kind === 'quote' ? `> ${line}` : line);
    }
  }
  const footer = footerLine(m, canEdit);
  if (footer) out.push(footer);
  return out.join('\n');
}
