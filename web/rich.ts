import type { Block, Inline, RichMessage } from '../src/core/message.ts';
import { h, type Html } from './views.ts';

/**
 * The core's neutral message as HTML: the web console is one more encoder, so a report page shows
 * the very message /report posts (the same numbers from the same service), and an alert's preview
 * is the message the groups will get.
 */
export function richToHtml(m: RichMessage): Html {
  return h`<div class="bubble">${m.title ? h`<p><strong>${m.title}</strong></p>` : ''}${m.blocks.map(block)}${m.live ? h`<p class="muted">${m.live}</p>` : ''}${
    m.footer ? h`<p class="muted"><small>${m.footer}</small></p>` : ''
  }${m.buttons?.length ? h`<div class="chips">${m.buttons.flat().map((b) => h`<span>${b.label}</span>`)}</div>` : ''}</div>`;
}

function block(b: Block): Html {
  switch (b.kind) {
    case 'paragraph':
      return h`<p>${b.spans.map(inline)}</p>`;
    case 'quote':
      return h`<blockquote>${b.spans.map(inline)}</blockquote>`;
    case 'list': {
      const items = b.items.map((item) => h`<li>${item.map(inline)}</li>`);
      return b.ordered ? h`<ol>${items}</ol>` : h`<ul class="plain">${items}</ul>`;
    }
  }
}

function inline(s: Inline): Html | string {
  if (typeof s === 'string') return s;
  let out: Html | string = s.text;
  if (s.code) out = h`<code>${out}</code>`;
  if (s.italic) out = h`<em>${out}</em>`;
  if (s.bold) out = h`<strong>${out}</strong>`;
  // Only web links: a content href is data, and javascript: must never become a link.
  if (s.href && /^https?:\/\//i.test(s.href)) out = h`<a href="${s.href}" rel="noopener noreferrer">${out}</a>`;
  return out;
}
