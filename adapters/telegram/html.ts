import type { InlineKeyboardMarkup } from 'grammy/types';
import { footerLine, type Block, type Inline, type RichMessage } from '../../src/core/message.ts';

/** Telegram counts a message's length after entity parsing: 4096 UTF-16 units of visible text. */
export const MESSAGE_LIMIT = 4096;
/** Callback data is 1–64 bytes. */
export const CALLBACK_DATA_LIMIT = 64;

/** Escapes text for Telegram's HTML parse mode: every `<`, `>` and `&` becomes an entity. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>]/g, (c) => (c === '&' ? '&amp;' : c === '<' ? '&lt;' : '&gt;'));
}

const escapeAttribute = (text: string) => escapeHtml(text).replace(/"/g, '&quot;');

/** A piece of HTML and the length of the text it shows. */
interface Piece {
  html: string;
  length: number;
}

/** A block as pieces that may be cut between, and the tags that wrap every cut. */
interface RenderedBlock {
  open: string;
  close: string;
  pieces: Piece[];
}

const plain = (text: string): Piece => ({ html: escapeHtml(text), length: text.length });

/** Cuts text into chunks of at most `max` UTF-16 units, never inside a surrogate pair. */
function cut(text: string, max: number): string[] {
  if (text.length <= max) return [text];
  const chunks: string[] = [];
  let current = '';
  for (const char of text) {
    if (current.length + char.length > max) {
      chunks.push(current);
      current = '';
    }
    current += char;
  }
  if (current) chunks.push(current);
  return chunks;
}

function spanPieces(inline: Inline, max: number): Piece[] {
  const span = typeof inline === 'string' ? { text: inline } : inline;
  let [open, close] = ['', ''];
  // Outermost first: a link around bold/italic around code (code may not contain other entities).
  if (span.href) [open, close] = [`<a href="${escapeAttribute(span.href)}">`, '</a>'];
  if (span.bold) [open, close] = [`${open}<b>`, `</b>${close}`];
  if (span.italic) [open, close] = [`${open}<i>`, `</i>${close}`];
  if (span.code) [open, close] = [`${open}<code>`, `</code>${close}`];
  return cut(span.text, max).map((text) => ({ html: `${open}${escapeHtml(text)}${close}`, length: text.length }));
}

function renderBlock(block: Block, max: number): RenderedBlock {
  const spans = (inlines: Inline[]) => inlines.flatMap((s) => spanPieces(s, max));
  switch (block.kind) {
    case 'paragraph':
      return { open: '', close: '', pieces: spans(block.spans) };
    case 'quote':
      return { open: '<blockquote>', close: '</blockquote>', pieces: spans(block.spans) };
    case 'list':
      // Telegram HTML has no list tags: bullets or numbers, one item a line.
      return {
        open: '',
        close: '',
        pieces: block.items.flatMap((item, i) => [
          ...(i > 0 ? [plain('\n')] : []),
          plain(block.ordered ? `${i + 1}. ` : '• '),
          ...spans(item),
        ]),
      };
  }
}

/** Groups a block's pieces into runs that each fit `max`. */
function runs(block: RenderedBlock, max: number): Piece[] {
  const out: Piece[] = [];
  let html = '';
  let length = 0;
  for (const piece of block.pieces) {
    if (length > 0 && length + piece.length > max) {
      out.push({ html: block.open + html + block.close, length });
      [html, length] = ['', 0];
    }
    html += piece.html;
    length += piece.length;
  }
  if (length > 0 || out.length === 0) out.push({ html: block.open + html + block.close, length });
  return out;
}

/**
 * Renders a rich message as Telegram HTML: the title bold, paragraphs, lists, quotes as
 * <blockquote>, links, the footer in italics, every text span escaped. A message longer than
 * `limit` is split into several, at paragraph boundaries when the paragraphs fit.
 */
export function renderHtml(message: RichMessage, limit = MESSAGE_LIMIT): string[] {
  const footer = footerLine(message);
  const blocks: Block[] = [
    ...(message.title ? [{ kind: 'paragraph' as const, spans: [{ text: message.title, bold: true }] }] : []),
    ...message.blocks,
    ...(footer ? [{ kind: 'paragraph' as const, spans: [{ text: footer, italic: true }] }] : []),
  ];
  const parts: string[] = [];
  let html = '';
  let length = 0;
  const SEPARATOR = '\n\n';
  for (const block of blocks) {
    for (const run of runs(renderBlock(block, limit), limit)) {
      if (run.length === 0) continue;
      if (length > 0 && length + SEPARATOR.length + run.length > limit) {
        parts.push(html);
        [html, length] = ['', 0];
      }
      html += (length > 0 ? SEPARATOR : '') + run.html;
      length += (length > 0 ? SEPARATOR.length : 0) + run.length;
    }
  }
  if (length > 0) parts.push(html);
  return parts;
}

/** The message's buttons as an inline keyboard; each token is the callback data. */
export function keyboard(message: RichMessage): InlineKeyboardMarkup | undefined {
  const rows = (message.buttons ?? []).filter((row) => row.length > 0);
  if (rows.length === 0) return undefined;
  return {
    inline_keyboard: rows.map((row) =>
      row.map((button) => {
        if (Buffer.byteLength(button.token) > CALLBACK_DATA_LIMIT) throw new Error(`button token longer than ${CALLBACK_DATA_LIMIT} bytes`);
        return { text: button.label, callback_data: button.token };
      }),
    ),
  };
}

/** Shortens text to `max` UTF-16 units with an ellipsis; `cut` tells whether it did. */
export function truncate(text: string, max: number): { text: string; cut: boolean } {
  if (text.length <= max) return { text, cut: false };
  return { text: `${cut(text, max - 1)[0]!.trimEnd()}…`, cut: true };
}
