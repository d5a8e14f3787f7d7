import { replyCodeLines } from '../../src/core/chat-reply-codes.ts';
import { footerLine, toPlainText, type Attachment, type RichMessage } from '../../src/core/message.ts';
import { splitText } from '../shared/split-text.ts';
import { escapeMarkdown, markdownBlock } from '../shared/markdown.ts';
import type { Template } from './openapi.ts';

/**
 * A part's markdown stays well under the send API's 15 000 bytes of `msgParam` (机器人发送群聊消息,
 * request body): 3 000 characters are at most 9 000 bytes of UTF-8 Chinese with room for escaping.
 */
export const PART_CHARS = 3_000;

/**
 * DingTalk pushes a group's message to the robot only when it @s the robot, so a group is told to
 * @ it with the code; a private chat is not.
 */
export const GROUP_VERB = '@机器人 回复';

/**
 * The message as DingTalk markdown (sampleMarkdown `{title, text}`; the session webhook's
 * `markdown`), one part per DingTalk message. DingTalk's ActionCard buttons only open links, so
 * buttons become reply-code lines at the end of the last part (docs/design.md, Buttons on
 * platforms without buttons). A robot's message cannot be edited, so the settled previous count
 * is shown and a live count left out. Attachments go apart, once uploaded (see `attachmentTemplate`).
 */
export function encodeParts(message: RichMessage, inGroup: boolean): Template[] {
  const footer = footerLine(message, false);
  const lines = [
    ...message.blocks.map(markdownBlock),
    ...(footer ? [`> ${escapeMarkdown(footer)}`] : []),
    ...replyCodeLines(message, inGroup ? GROUP_VERB : '回复'),
  ];
  // The title is what DingTalk shows in the chat list and the notification.
  const title = message.title ?? toPlainText({ blocks: message.blocks.slice(0, 1) }).slice(0, 20);
  const heading = message.title ? `### ${escapeMarkdown(message.title)}\n\n` : '';
  return splitText(lines.join('\n\n'), PART_CHARS).map((text, i) => ({ msgKey: 'sampleMarkdown', msgParam: { title: title || '无诈班级助手', text: i === 0 ? heading + text : text } }));
}

/**
 * An uploaded attachment as its own robot message: an image as `sampleImageMsg`, whose photoURL
 * takes an uploaded media id as well as a URL (as the official SDK's upload_to_dingtalk is used,
 * and third-party adapters confirm); a file as `sampleFile` with its extension as the type.
 */
export function attachmentTemplate(attachment: Attachment, mediaId: string): Template {
  if (attachment.kind === 'image') return { msgKey: 'sampleImageMsg', msgParam: { photoURL: mediaId } };
  const fileType = /\.([A-Za-z0-9]+)$/.exec(attachment.filename)?.[1]?.toLowerCase() ?? 'file';
  return { msgKey: 'sampleFile', msgParam: { mediaId, fileName: attachment.filename, fileType } };
}
