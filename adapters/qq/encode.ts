import { replyCodeLines, replyCodes } from '../../src/core/chat-reply-codes.ts';
import { footerLine, toPlainText, type Inline, type RichMessage } from '../../src/core/message.ts';

/** How buttons are shown: the platform's keyboard (custom keyboards are by invitation, msg-btn.md), or reply codes. */
export type ButtonMode = 'keyboard' | 'codes';

/** A keyboard holds at most 5 rows of 5 buttons (msg-btn.md, 自定义按钮). */
const MAX_ROWS = 5;
const MAX_PER_ROW = 5;

/** A message body for POST /v2/groups/{id}/messages or /v2/users/{id}/messages (send.md), without msg_id/msg_seq. */
export type MessageBody = Record<string, unknown>;

const spanMarkdown = (s: Inline) => (typeof s === 'string' ? s : s.bold ? `**${s.text}**` : s.code ? `\`${s.text}\`` : s.text);

/** The body as QQ markdown (message/type/markdown.md): a bold title, blocks apart, the small print last. */
function markdown(message: RichMessage): string {
  const out: string[] = [];
  if (message.title) out.push(`**${message.title}**`);
  for (const block of message.blocks) {
    if (block.kind === 'list') out.push(block.items.map((item, i) => `${block.ordered ? `${i + 1}.` : '-'} ${item.map(spanMarkdown).join('')}`).join('\n'));
    else out.push(`${block.kind === 'quote' ? '> ' : ''}${block.spans.map(spanMarkdown).join('')}`);
  }
  // QQ cannot edit a sent message: the settled count stands in for the live one.
  const footer = footerLine(message, false);
  if (footer) out.push(footer);
  return out.join('\n\n');
}

/** Whether the buttons fit one keyboard. */
export const fitsKeyboard = (message: RichMessage) => (message.buttons ?? []).length <= MAX_ROWS && (message.buttons ?? []).every((row) => row.length <= MAX_PER_ROW);

/**
 * A markdown message with a custom keyboard: each button a callback button (action.type 1) anyone
 * may press (permission.type 2) whose data is the core's token; `unsupport_tips` names its reply code
 * for a client too old to show it.
 */
export function keyboardBody(message: RichMessage): MessageBody {
  const codes = new Map(replyCodes(message).map(({ button, code }) => [button, code]));
  const rows = (message.buttons ?? []).map((row) => ({
    buttons: row.map((button) => ({
      id: button.token,
      render_data: { label: button.label, visited_label: button.label, style: 1 },
      action: { type: 1, permission: { type: 2 }, data: button.token, unsupport_tips: `回复 ${codes.get(button)}` },
    })),
  }));
  return { msg_type: 2, content: ' ', markdown: { content: markdown(message) }, keyboard: { content: { rows } } };
}

/** Plain text with the buttons as reply codes (`回复 1 已阅 ✅`, src/core/chat-reply-codes.ts). */
export function codesBody(message: RichMessage): MessageBody {
  const { title, ...rest } = message;
  const content = [title ? `【${title}】` : undefined, toPlainText({ ...rest, buttons: undefined }, false), ...replyCodeLines(message)].filter(Boolean).join('\n');
  return { msg_type: 0, content };
}

/** An uploaded image or file sent by its file_info (rich-media.md; msg_type 7 wants a non-empty content, send.md). */
export const mediaBody = (fileInfo: string): MessageBody => ({ msg_type: 7, content: ' ', media: { file_info: fileInfo } });

