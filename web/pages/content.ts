import type { Hono } from 'hono';
import type { App } from '../../src/app.ts';
import { formatLocal } from '../../src/core/time.ts';
import { AUDIENCES, SEASONS, type Audience, type SourceId } from '../../src/content/schema.ts';
import { localized, type Locale } from '../../src/i18n/index.ts';
import { previewCalendar } from '../../src/services/calendar.ts';
import type { Group } from '../../src/services/groups.ts';
import { canSeeGroup, groupIdParam, visibleGroups, type WebContext, type WebEnv } from '../access.ts';
import { wt } from '../i18n.ts';
import { h, layout, problem, section, table, type Html } from '../views.ts';

const CALENDAR_DAYS = 30;
/** The library page lists at most this many items of a kind; the search narrows them. */
const SHOWN = 100;

interface LibraryItem {
  id: string;
  kind: 'tips' | 'articles' | 'quizzes';
  text: string;
  types: readonly string[];
  audiences: readonly Audience[];
  season: string | undefined;
  sources: readonly SourceId[];
}

function items(app: App): LibraryItem[] {
  const lib = app.library;
  return [
    ...lib.tips.map((t) => ({ id: t.id, kind: 'tips' as const, text: t.text, types: t.types, audiences: t.audiences, season: t.season?.label, sources: t.sources })),
    ...lib.articles.map((a) => ({ id: a.id, kind: 'articles' as const, text: `${a.title} — ${a.summary}`, types: a.types, audiences: a.audiences, season: a.season?.label, sources: a.sources })),
    ...[...lib.quizzes.values()].map((q) => ({ id: q.id, kind: 'quizzes' as const, text: q.question, types: q.types, audiences: q.audiences, season: undefined, sources: q.sources })),
  ];
}

function sourceLinks(app: App, ids: readonly SourceId[], locale: Locale): Html[] {
  return ids.map((id) => {
    const s = app.library.sources.get(id);
    return s ? h`<a href="${s.url}" rel="noopener noreferrer" title="${locale === 'en' ? s.title_en : s.title}">${id}</a> ` : h`${id} `;
  });
}

function select(name: string, current: string, all: string, options: [string, string][]): Html {
  return h`<select name="${name}"><option value="">${all}</option>${options.map(([v, label]) => h`<option value="${v}" ${v === current ? 'selected' : ''}>${label}</option>`)}</select>`;
}

function libraryPage(app: App, c: WebContext): Html[] {
  const locale = c.get('locale');
  const q = (c.req.query('q') ?? '').trim().slice(0, 100);
  const [type, audience, season] = ['type', 'audience', 'season'].map((k) => c.req.query(k) ?? '') as [string, string, string];
  const found = items(app).filter(
    (i) => (!q || i.text.includes(q) || i.id.includes(q)) && (!type || i.types.includes(type)) && (!audience || i.audiences.includes(audience as Audience)) && (!season || i.season === season),
  );
  const form = h`<form class="chips" method="get"><input name="q" value="${q}" placeholder="${wt(locale, 'search')}">
    ${select('type', type, wt(locale, 'allTypes'), [...app.library.types.values()].map((t) => [t.id, localized(t.name, locale)]))}
    ${select('audience', audience, wt(locale, 'allAudiences'), AUDIENCES.map((a) => [a, a]))}
    ${select('season', season, wt(locale, 'allSeasons'), Object.keys(SEASONS).map((s) => [s, s]))}
    <button class="primary">${wt(locale, 'search')}</button></form>`;
  const kinds = (['tips', 'articles', 'quizzes'] as const).map((kind) => {
    const of = found.filter((i) => i.kind === kind);
    return section(
      `${wt(locale, kind)}（${of.length}）`,
      h`<p class="muted">${wt(locale, 'results', { n: of.length, shown: Math.min(of.length, SHOWN) })}</p>${table(
        ['ID', '', wt(locale, 'sourcesLabel')],
        of.slice(0, SHOWN).map((i) => [i.id, h`<span style="white-space:normal">${i.text}</span>`, h`${sourceLinks(app, i.sources, locale)}`]),
      )}`,
    );
  });
  return [form, ...kinds];
}

function calendarPage(app: App, c: WebContext, group: Group | undefined, groups: Group[]): Html[] {
  const locale = c.get('locale');
  const picker = h`<form method="get" class="chips"><select name="class">${groups.map(
    (g) => h`<option value="${g.id}" ${g.id === group?.id ? 'selected' : ''}>${g.className ?? g.id}</option>`,
  )}</select><button class="primary">${wt(locale, 'calendarPick')}</button></form>`;
  if (!group) return [h`<p>${wt(locale, 'noClasses')}</p>`];
  const entries = previewCalendar(app.db, app.library, app.picker, group, app.clock.now(), CALENDAR_DAYS);
  const body = (kind: 'tip' | 'article', id: string) => {
    if (kind === 'tip') return app.library.tipsById.get(id as never)?.text ?? id;
    const a = app.library.articlesById.get(id as never);
    return a ? `${a.title} — ${a.summary}` : id;
  };
  return [
    picker,
    section(
      wt(locale, 'calendarOf', { name: group.className ?? group.id }),
      table(['', '', 'ID', ''], entries.map((e) => [formatLocal(e.at, group.timezone), wt(locale, e.kind), e.contentId, h`<span style="white-space:normal">${body(e.kind, e.contentId)}</span>`])),
    ),
  ];
}

/** What goes out, class by class, and the library it comes from. */
export function contentRoutes(web: Hono<WebEnv>, app: App): void {
  web.get('/library', (c) => c.html(layout(c, wt(c.get('locale'), 'libraryTitle'), libraryPage(app, c))));
  web.get('/calendar', (c) => {
    const locale = c.get('locale');
    const scope = c.get('viewer')!.scope;
    const groups = visibleGroups(app, scope);
    const asked = c.req.query('class');
    const group = asked ? app.groups.get(groupIdParam(asked)) : groups[0];
    if (asked && group?.setupAt == null) return problem(c, 404, wt(locale, 'notFound'));
    if (group && !canSeeGroup(scope, group)) return problem(c, 403, wt(locale, 'forbidden'));
    return c.html(layout(c, wt(locale, 'navCalendar'), calendarPage(app, c, group, groups)));
  });
}
