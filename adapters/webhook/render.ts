import type { RichMessage } from '../../src/core/message.ts';
import type { RobotKind } from '../../src/services/webhook-groups.ts';
import { escapeMarkdown, markdownBlock } from '../shared/markdown.ts';

/**
 * Said under every post: a webhook group has no buttons, so nobody there can press 已阅. It holds
 * 反诈, so a DingTalk robot with the keyword check set to 反诈 takes every post (README).
 */
export const NO_ACKS_NOTE = '本群为反诈推送群，不统计已阅';

/**
 * WeCom's markdown content is at most 4096 bytes (developer.work.weixin.qq.com/document/path/91770,
 * as others quote it). DingTalk documents no figure we could confirm for markdown; the same bound
 * keeps a post inside any limit it is likely to have (README, Push-only webhook groups).
 */
export const MAX_MARKDOWN_BYTES = 4096;

/** Cuts a text to a byte budget on a character boundary, marking the cut. */
function fitBytes(text: string, max: number): string {
  if (Buffer.byteLength(text) <= max) return text;
  const chars = [...text];
  while (chars.length > 0 && Buffer.byteLength(chars.join('')) > max - 3) chars.pop();
  return `${chars.join('')}…`;
}

/**
 * A core message as a robot's markdown post. Buttons are rendered as nothing and attachments are
 * left out: a webhook is one-way, so the footer says that this group does not count 已阅, and
 * the counts (live or previous, always nought here) are left out.
 */
export function renderMarkdown(message: RichMessage): { title: string; text: string } {
  const footer = [message.footer, NO_ACKS_NOTE].filter(Boolean).join(' · ');
  const parts = [message.title ? `### ${escapeMarkdown(message.title)}` : '', ...message.blocks.map(markdownBlock), `> ${escapeMarkdown(footer)}`].filter(Boolean);
  const title = message.title ?? message.blocks.map(markdownBlock)[0]?.slice(0, 30) ?? NO_ACKS_NOTE;
  return { title, text: fitBytes(parts.join('\n\n'), MAX_MARKDOWN_BYTES) };
}

/** The request body of each robot's markdown message. */
export function markdownBody(kind: RobotKind, message: RichMessage): unknown {
  const { title, text } = renderMarkdown(message);
  // DingTalk: {msgtype, markdown: {title, text}}; WeCom: {msgtype, markdown: {content}}.
  return kind === 'dingtalk' ? { msgtype: 'markdown', markdown: { title, text } } : { msgtype: 'markdown', markdown: { content: text } };
}
