/**
 * A core message's blocks as the markdown the robot platforms take: the webhook robots'
 * (adapters/webhook) and DingTalk's (adapters/dingtalk). What each adds around them (title,
 * footer, limits) stays in its adapter.
 */
import type { Block, Inline } from '../../src/core/message.ts';

/** Markdown's own characters escaped, so a text shows as written. */
export const escapeMarkdown = (s: string) => s.replace(/([\\`*_[\]#>])/g, '\\$1');

function inline(span: Inline): string {
  if (typeof span === 'string') return escapeMarkdown(span);
  let s = escapeMarkdown(span.text);
  if (span.code) s = `\`${span.text.replace(/`/g, '')}\``;
  if (span.bold) s = `**${s}**`;
  if (span.href) s = `[${s}](${span.href})`;
  return s;
}

/** One block as markdown: a list's items a line each, a quote as `> `. */
export function markdownBlock(b: Block): string {
  if (b.kind === 'list') return b.items.map((item, i) => `${b.ordered ? `${i + 1}.` : '-'} ${item.map(inline).join('')}`).join('\n');
  const line = b.spans.map(inline).join('');
  return b.kind === 'quote' ? `> ${line}` : line;
}
