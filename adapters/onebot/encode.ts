import { splitText } from '../shared/split-text.ts';
import { replyCodeLines } from '../../src/core/chat-reply-codes.ts';
import { toPlainText, type Attachment, type RichMessage } from '../../src/core/message.ts';

/** A message segment (botuniverse/onebot-11, message/segment.md). */
export interface Segment {
  type: string;
  data: Record<string, string>;
}

/**
 * QQ shows a long message folded and rejects very long ones; a part stays well under both.
 * Parts break at line ends where they can.
 */
export const PART_CHARS = 1_500;

/**
 * The message as segment arrays, one per QQ message. Text goes as `text` segments, which
 * carry it verbatim: a tip containing `[CQ:` is shown as written, with no CQ-code escaping to
 * get wrong (message/array.md). QQ has no buttons, so they become reply-code lines
 * (`回复 1 已阅 ✅`, src/core/chat-reply-codes.ts) at the end of the last part. QQ cannot edit a
 * message, so a live count is left out and the settled previous count shown instead.
 */
export function encodeParts(message: RichMessage, replyTo?: string): Segment[][] {
  const { title, ...rest } = message;
  const body = [title ? `【${title}】` : undefined, toPlainText({ ...rest, buttons: undefined }, false), ...replyCodeLines(message)].filter(Boolean).join('\n');
  const parts = splitText(body, PART_CHARS).map((text): Segment[] => [{ type: 'text', data: { text } }]);
  const images = (message.attachments ?? []).filter((a) => a.kind === 'image').map(imageSegment);
  if (images.length) parts.push(images);
  if (replyTo) parts[0]!.unshift({ type: 'reply', data: { id: replyTo } });
  return parts;
}

/** Images by base64 (message/segment.md, 图片: `file` takes `base64://`). */
function imageSegment(image: Attachment): Segment {
  return { type: 'image', data: { file: `base64://${Buffer.from(image.data).toString('base64')}` } };
}

/** The files to upload apart (QQ's group files; upload_group_file and upload_private_file). */
export function fileUploads(message: RichMessage): { name: string; file: string }[] {
  return (message.attachments ?? []).filter((a) => a.kind === 'file').map((a) => ({ name: a.filename, file: `base64://${Buffer.from(a.data).toString('base64')}` }));
}

