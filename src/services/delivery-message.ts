import type { Library } from '../content/library.ts';
import { articleIn, tipText } from '../content/localize.ts';
import { markdownToBlocks } from '../content/markdown.ts';
import { ruleItemNames } from '../content/rule-names.ts';
import { makeToken } from '../core/tokens.ts';
import { p, type Button, type RichMessage } from '../core/message.ts';
import { defineMessages, type Locale } from '../i18n/index.ts';

const t = defineMessages({
  'zh-CN': {
    tipTitle: '每日反诈提示',
    articleTitle: '每周反诈文章',
    source: '来源：{sources}',
    rules: '口诀：{rules}',
    count: '已阅 {n} 人',
    previous: '上期已阅 {n} 人',
    ack: '已阅 ✅',
    signature: '学校保卫处 · 无诈班级助手',
  },
  en: {
    tipTitle: 'Daily anti-fraud tip',
    articleTitle: 'Weekly anti-fraud article',
    source: 'Source: {sources}',
    rules: 'Rule: {rules}',
    count: 'Read by {n}',
    previous: 'Last one read by {n}',
    ack: '已阅 ✅',
    signature: 'School security office · ClassGuard',
  },
});

export interface DeliveryRef {
  id: number;
  kind: string;
  contentId: string;
}

/**
 * Renders one kind of delivery; features add kinds (alerts, pledges) with their own renderer.
 * `previousAcks`: how many acknowledged the group's previous sent delivery of this kind, if any.
 */
export type DeliveryRenderer = (delivery: DeliveryRef, ackCount: number, locale: Locale, previousAcks?: number) => RichMessage | undefined;

export function ackButton(deliveryId: number, locale: Locale): Button {
  return { label: t(locale, 'ack'), token: makeToken('ack', deliveryId), reactable: true };
}

export function ackFooter(count: number, locale: Locale): string {
  return t(locale, 'count', { n: count });
}

type Body = Pick<RichMessage, 'title' | 'blocks'>;

/**
 * The tip and article renderers: the text, its sources, the live count, the count of the group's
 * previous tip or article (for platforms that cannot edit the live one in) and the 已阅 button.
 * The body of each item is built once per locale: a broadcast renders the same tip thousands of
 * times, so a render is then a lookup, the footer and the button.
 */
export function contentRenderers(library: Library): Record<'tip' | 'article', DeliveryRenderer> {
  const sourceLine = (ids: readonly string[], locale: Locale) =>
    t(locale, 'source', {
      sources: ids.map((id) => library.sources.get(id as never)?.[locale === 'en' ? 'title_en' : 'title'] ?? id).join('；'),
    });
  const renderer = (build: (contentId: string, locale: Locale) => Body | undefined): DeliveryRenderer => {
    const bodies: Record<Locale, Map<string, Body | undefined>> = { 'zh-CN': new Map(), en: new Map() };
    return (delivery, count, locale, previousAcks) => {
      const cache = bodies[locale];
      let body = cache.get(delivery.contentId);
      if (body === undefined && !cache.has(delivery.contentId)) cache.set(delivery.contentId, (body = build(delivery.contentId, locale)));
      if (!body) return undefined;
      // Field by field: a spread with fields added takes V8's slow path, several times slower here.
      return {
        title: body.title,
        blocks: body.blocks,
        footer: t(locale, 'signature'),
        live: ackFooter(count, locale),
        previous: previousAcks === undefined ? undefined : t(locale, 'previous', { n: previousAcks }),
        buttons: [[ackButton(delivery.id, locale)]],
      };
    };
  };
  return {
    tip: renderer((contentId, locale) => {
      const tip = library.tipsById.get(contentId as never);
      if (!tip) return undefined;
      const rules = ruleItemNames(library, tip.rules, locale);
      return {
        title: t(locale, 'tipTitle'),
        blocks: [
          p(tipText(tip, locale)),
          ...(rules ? [p({ text: t(locale, 'rules', { rules }), italic: true })] : []),
          p({ text: sourceLine(tip.sources, locale), italic: true }),
        ],
      };
    }),
    article: renderer((contentId, locale) => {
      const article = library.articlesById.get(contentId as never);
      if (!article) return undefined;
      const text = articleIn(article, locale);
      return {
        title: `${t(locale, 'articleTitle')}｜${text.title}`,
        blocks: [p({ text: text.summary, italic: true }), ...markdownToBlocks(text.body), p({ text: sourceLine(article.sources, locale), italic: true })],
      };
    }),
  };
}
