import type { Block, Inline } from '../core/message.ts';

/**
 * The small Markdown the articles use — paragraphs, **bold**, *italic*, `-`/`1.` lists and
 * `>` quotes — as neutral blocks, so each adapter formats and escapes it its own way.
 */
export function markdownToBlocks(markdown: string): Block[] {
  const blocks: Block[] = [];
  for (const chunk of markdown.replace(/\r\n/g, '\n').split(/\n{2,}/)) {
    const lines = chunk.split('\n').filter((l) => l.trim() !== '');
    if (lines.length === 0) continue;
    if (lines.every((l) => /^\s*[-*]\s+/.test(l))) {
      blocks.push({ kind: 'list', ordered: false, items: lines.map((l) => inline(l.replace(/^\s*[-*]\s+/, ''))) });
    } else if (lines.every((l) => /^\s*\d+[.、)]\s*/.test(l))) {
      blocks.push({ kind: 'list', ordered: true, items: lines.map((l) => inline(l.replace(/^\s*\d+[.、)]\s*/, ''))) });
    } else if (lines.every((l) => l.startsWith('>'))) {
      blocks.push({ kind: 'quote', spans: inline(lines.map((l) => l.replace(/^>\s?/, '')).join('\n')) });
    } else {
      blocks.push({ kind: 'paragraph', spans: inline(lines.map((l) => l.replace(/^#+\s*/, '')).join('\n')) });
    }
  }
  return blocks;
}

function inline(text: string): Inline[] {
  const spans: Inline[] = [];
  const re = /\*\*(.+?)\*\*|\*(.+?)\*/g;
  let last = 0;
  for (const m of text.matchAll(re)) {
    if (m.index > last) spans.push(text.slice(last, m.index));
    spans.push(m[1] !== undefined ? { text: m[1], bold: true } : { text: m[2]!, italic: true });
    last = m.index + m[0].length;
  }
  if (last < text.length) spans.push(text.slice(last));
  return spans;
}
