import { ButtonStyle, ComponentType, escapeMarkdown, type APIActionRowComponent, type APIButtonComponent, type APIEmbed, type BaseMessageOptions } from 'discord.js';
import { footerLine, type Block, type Inline, type RichMessage } from '../../src/core/message.ts';

/** Discord's limits: message content, embed title and footer, buttons per row, rows, custom_id. */
export const CONTENT_LIMIT = 2000;
const TITLE_LIMIT = 256;
const FOOTER_LIMIT = 2048;
const ROW_SIZE = 5;
const MAX_ROWS = 5;
const CUSTOM_ID_LIMIT = 100;
const LABEL_LIMIT = 80;
/** Embed accent colour. */
const COLOR = 0x2b7de9;

/** Nothing the bot relays may ping @everyone, a role or a member. */
export const NO_MENTIONS = { parse: [] } satisfies BaseMessageOptions['allowedMentions'];

function span(inline: Inline): string {
  const s = typeof inline === 'string' ? { text: inline } : inline;
  // Inside a code span Markdown escapes do not work; a backtick would end it.
  let out = s.code ? `\`${s.text.replace(/`/g, 'ˋ')}\`` : escapeMarkdown(s.text);
  if (s.italic) out = `*${out}*`;
  if (s.bold) out = `**${out}**`;
  // The <> keep Discord from unfurling a preview of every link.
  if (s.href) out = `[${out}](<${s.href}>)`;
  return out;
}

function block(b: Block): string {
  const line = (spans: Inline[]) => spans.map(span).join('');
  switch (b.kind) {
    case 'paragraph':
      return line(b.spans);
    case 'quote':
      return line(b.spans)
        .split('\n')
        .map((l) => `> ${l}`)
        .join('\n');
    case 'list':
      return b.items.map((item, i) => `${b.ordered ? `${i + 1}.` : '-'} ${line(item)}`).join('\n');
  }
}

/** Cuts text into chunks of at most `max` UTF-16 units, at a line break when there is one, never inside a surrogate pair. */
function cut(text: string, max: number): string[] {
  const chunks: string[] = [];
  let rest = text;
  while (rest.length > max) {
    let at = rest.lastIndexOf('\n', max);
    if (at <= 0) at = /[\uDC00-\uDFFF]/.test(rest[max] ?? '') ? max - 1 : max;
    chunks.push(rest.slice(0, at));
    rest = rest.slice(at).replace(/^\n/, '');
  }
  if (rest) chunks.push(rest);
  return chunks;
}

/** The body as Markdown parts of at most `limit` characters, split between blocks when they fit. */
export function renderMarkdown(message: RichMessage, limit = CONTENT_LIMIT): string[] {
  const parts: string[] = [];
  let current = '';
  for (const piece of message.blocks.map(block).flatMap((b) => cut(b, limit))) {
    if (!piece) continue;
    if (current && current.length + 2 + piece.length > limit) {
      parts.push(current);
      current = '';
    }
    current = current ? `${current}\n\n${piece}` : piece;
  }
  if (current) parts.push(current);
  return parts;
}

/** The buttons as action rows: a row longer than five is wrapped; each token is the custom_id. */
export function components(message: RichMessage): APIActionRowComponent<APIButtonComponent>[] {
  const rows = (message.buttons ?? []).flatMap((row) => Array.from({ length: Math.ceil(row.length / ROW_SIZE) }, (_, i) => row.slice(i * ROW_SIZE, (i + 1) * ROW_SIZE)));
  if (rows.length > MAX_ROWS) throw new Error(`more than ${MAX_ROWS} rows of buttons`);
  return rows.map((row) => ({
    type: ComponentType.ActionRow,
    components: row.map((b) => {
      if (b.token.length > CUSTOM_ID_LIMIT) throw new Error(`button token longer than ${CUSTOM_ID_LIMIT} characters`);
      return { type: ComponentType.Button, style: ButtonStyle.Secondary, label: b.label.slice(0, LABEL_LIMIT), custom_id: b.token };
    }),
  }));
}

/**
 * A rich message as Discord messages. With a title (articles, reports) each part is an embed,
 * the title on the first and the footer on the last; otherwise plain content, the footer in
 * italics. The buttons and attachments go on the last message, whose id is the message's id.
 */
export function encode(message: RichMessage): BaseMessageOptions[] {
  const titled = Boolean(message.title);
  const footerText = footerLine(message);
  const footer: Block[] = !titled && footerText ? [{ kind: 'paragraph', spans: [{ text: footerText, italic: true }] }] : [];
  const body = renderMarkdown({ blocks: [...message.blocks, ...footer] });
  const files = (message.attachments ?? []).map((a) => ({ attachment: Buffer.from(a.data), name: a.filename }));
  const rows = components(message);
  const count = Math.max(body.length, titled || files.length > 0 || rows.length > 0 ? 1 : 0);
  return Array.from({ length: count }, (_, i) => {
    const last = i === count - 1;
    const embed = (): APIEmbed => ({
      color: COLOR,
      title: i === 0 ? message.title!.slice(0, TITLE_LIMIT) : undefined,
      description: body[i],
      footer: last && footerText ? { text: footerText.slice(0, FOOTER_LIMIT) } : undefined,
    });
    return {
      content: titled ? '' : (body[i] ?? ''),
      embeds: titled ? [embed()] : [],
      components: last ? rows : [],
      files: last ? files : [],
      allowedMentions: NO_MENTIONS,
    };
  });
}
