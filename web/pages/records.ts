import type { Hono } from 'hono';
import type { App } from '../../src/app.ts';
import { localized } from '../../src/i18n/index.ts';
import { AMOUNT_WORDS, CaseInputError, parseCaseWords, STOP_WORDS, VIA_WORDS } from '../../src/services/cases.ts';
import { ClassListFileError, readClassListFile } from '../../src/services/class-list-file.ts';
import { caseType, caseWhere } from '../../src/features/cases.ts';
import { canSeeGroup, canSeeUnit, groupIdParam, type Viewer, type WebContext, type WebEnv } from '../access.ts';
import { wt, type Locale } from '../i18n.ts';
import { h, layout, problem, section, table, type Html } from '../views.ts';

/** The words of each choice as the case ledger takes them: the first word naming each band. */
const firstWords = (words: Record<string, string>) => [...new Map(Object.entries(words).map(([w, v]) => [v, w])).entries()].map(([v, w]) => [w, v] as const);

function caseForm(app: App, viewer: Viewer, locale: Locale): Html {
  const select = (name: string, options: readonly (readonly [string, string])[]) => h`<select name="${name}">${options.map(([v, label]) => h`<option value="${v}">${label}</option>`)}</select>`;
  return h`<form method="post" action="/cases" class="stack"><input type="hidden" name="_csrf" value="${viewer.csrf}">
    <label>${wt(locale, 'caseDay')} <input type="date" name="day" required></label>
    <label>${wt(locale, 'units')} ${select('where', app.units.list().map((u) => [u.id, `${u.name}（${u.id}）`]))}</label>
    <label>${wt(locale, 'caseType')} ${select('type', [...app.library.types.values()].map((t) => [t.id, localized(t.name, locale)]))}</label>
    <label>${wt(locale, 'caseAmount')} ${select('amount', firstWords(AMOUNT_WORDS).map(([w]) => [w, w]))}</label>
    <label>${wt(locale, 'caseVia')} ${select('via', firstWords(VIA_WORDS).map(([w]) => [w, w]))}</label>
    <label>${wt(locale, 'caseStop')} ${select('stop', firstWords(STOP_WORDS).map(([w]) => [w, w]))}</label>
    <label>${wt(locale, 'caseNote')} <input name="note" maxlength="120"></label>
    <button class="primary">${wt(locale, 'caseAdd')}</button></form>`;
}

function casesPage(app: App, c: WebContext, message?: Html): Html[] {
  const locale = c.get('locale');
  const viewer = c.get('viewer')!;
  const shown = app.cases.list().filter((x) => canSeeUnit(viewer.scope, x.unitId)).slice(-200).reverse();
  const typeName = (id: string) => {
    const type = app.library.types.get(id as never);
    return type ? localized(type.name, locale) : id;
  };
  return [
    message ?? h``,
    viewer.scope.school ? section(wt(locale, 'caseAdd'), caseForm(app, viewer, locale)) : h``,
    section(
      wt(locale, 'navCases'),
      shown.length === 0
        ? wt(locale, 'caseNone')
        : table(
            ['#', wt(locale, 'caseDay'), wt(locale, 'units'), wt(locale, 'caseType'), wt(locale, 'caseAmount'), wt(locale, 'caseVia'), wt(locale, 'caseStop'), wt(locale, 'caseNote')],
            shown.map((x) => [x.id, x.day, app.units.get(x.unitId)?.name ?? x.unitId, typeName(x.typeId), x.amountBand, x.reportedVia, x.stopPayment, x.note ?? '']),
          ),
    ),
  ];
}

/** The case ledger (台账) and class lists (花名册), as the chat commands and the CLI keep them. */
export function recordRoutes(web: Hono<WebEnv>, app: App): void {
  web.get('/cases', (c) => c.html(layout(c, wt(c.get('locale'), 'navCases'), casesPage(app, c))));

  web.post('/cases', async (c) => {
    const locale = c.get('locale');
    const viewer = c.get('viewer')!;
    if (!viewer.scope.school) return problem(c, 403, wt(locale, 'caseAdminOnly'));
    const form = await c.req.parseBody();
    const field = (k: string) => String(form[k] ?? '').trim();
    try {
      const words = [field('day'), field('where'), field('type'), field('amount'), field('via'), field('stop'), ...field('note').split(/\s+/).filter(Boolean)];
      const added = app.cases.add(parseCaseWords(words, (w) => caseWhere(app, w), (w) => caseType(app.library, w)), viewer.member);
      return c.html(layout(c, wt(locale, 'navCases'), casesPage(app, c, h`<p>${wt(locale, 'caseAdded', { id: added.id })}</p>`)));
    } catch (err) {
      if (!(err instanceof CaseInputError)) throw err;
      return c.html(layout(c, wt(locale, 'navCases'), casesPage(app, c, h`<p class="error">${wt(locale, 'caseBad', { field: err.field })}</p>`)), 400);
    }
  });

  web.post('/classes/:id/class-list', async (c) => {
    const locale = c.get('locale');
    const group = app.groups.get(groupIdParam(c.req.param('id')));
    if (group?.setupAt == null) return problem(c, 404, wt(locale, 'notFound'));
    if (!canSeeGroup(c.get('viewer')!.scope, group)) return problem(c, 403, wt(locale, 'forbidden'));
    const file = (await c.req.parseBody()).file;
    if (!(file instanceof File)) return problem(c, 400, wt(locale, 'listNoFile'));
    let body: Html;
    try {
      const parsed = await readClassListFile(new Uint8Array(await file.arrayBuffer()), file.name);
      const result = app.classLists.import(group.id, parsed.rows);
      body = h`<p>${wt(locale, 'listImported', { listed: result.listed, added: result.added, updated: result.updated, removed: result.removed, bound: result.bound })}</p>
        ${parsed.ignored.length ? h`<p class="muted">${wt(locale, 'listIgnored', { columns: parsed.ignored.join('、') })}</p>` : ''}`;
    } catch (err) {
      if (!(err instanceof ClassListFileError)) throw err;
      return problem(c, 400, err.describe(locale));
    }
    return c.html(layout(c, group.className ?? group.id, [body, h`<p><a href="/classes/${encodeURIComponent(group.id)}">${group.className ?? group.id} →</a></p>`]));
  });
}

/** A class's list on its page: who is bound, the codes still to hand out, and the import form. */
export function classListSection(app: App, c: WebContext, group: { id: string }): Html {
  const locale = c.get('locale');
  const entries = app.classLists.entries(group.id as never);
  const form = h`<form method="post" action="/classes/${encodeURIComponent(group.id)}/class-list" enctype="multipart/form-data" class="stack">
    <input type="hidden" name="_csrf" value="${c.get('viewer')!.csrf}"><input type="file" name="file" accept=".csv,.xlsx" required>
    <button class="primary">${wt(locale, 'listImport')}</button></form>`;
  const rows = entries.map((e) => [e.name, e.member ? wt(locale, 'listBound') : wt(locale, 'listCode', { code: e.code ?? '' })]);
  return section(wt(locale, 'classList', { n: entries.length }), h`<p class="muted">${wt(locale, 'listHint')}</p>${entries.length ? table([wt(locale, 'listName'), ''], rows) : ''}${form}`);
}
