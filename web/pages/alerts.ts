import type { Hono } from 'hono';
import type { App } from '../../src/app.ts';
import { formatLocal } from '../../src/core/time.ts';
import { ALERT_TEXT_MAX, type Alert } from '../../src/services/duties/alerts.ts';
import { canSeeUnit, type Viewer, type WebContext, type WebEnv } from '../access.ts';
import { wt, type Locale } from '../i18n.ts';
import { richToHtml } from '../rich.ts';
import { h, layout, problem, section, table, type Html } from '../views.ts';

function alertLine(app: App, c: WebContext, a: Alert): Html {
  const locale = c.get('locale');
  const copies = app.duties.alerts.copies(a.id);
  const unit = app.units.get(a.unitId)?.name ?? a.unitId;
  const stats = wt(locale, 'alertStats', { sent: copies.filter((x) => x.status === 'sent').length, groups: copies.length, acks: copies.reduce((n, x) => n + x.acks, 0) });
  return h`<li><a href="/alerts/${a.id}">${wt(locale, 'alertSent', { id: a.id, unit, at: formatLocal(new Date(a.at), app.config.DEFAULT_TIMEZONE) })}</a> · ${stats}</li>`;
}

function composeForm(app: App, viewer: Viewer, locale: Locale, unit = '', text = ''): Html {
  return h`<form method="post" action="/alerts/preview" class="stack"><input type="hidden" name="_csrf" value="${viewer.csrf}">
    <label>${wt(locale, 'alertUnit')}<br><select name="unit">${app.units.list().map((u) => h`<option value="${u.id}" ${u.id === unit ? 'selected' : ''}>${u.name}（${u.id}）</option>`)}</select></label>
    <label>${wt(locale, 'alertText')}<br><textarea name="text" maxlength="${ALERT_TEXT_MAX}" required>${text}</textarea></label>
    <button class="primary">${wt(locale, 'alertPreview')}</button></form>`;
}

/** What a posted alert form says, checked: a known unit and a text; school admins only. */
async function alertForm(app: App, c: WebContext): Promise<{ unit: string; text: string } | { refused: Response }> {
  const locale = c.get('locale');
  if (!c.get('viewer')!.scope.school) return { refused: problem(c, 403, wt(locale, 'alertAdminOnly')) };
  const form = await c.req.parseBody();
  const unit = String(form.unit ?? '');
  const text = String(form.text ?? '').trim().slice(0, ALERT_TEXT_MAX);
  if (!app.units.get(unit)) return { refused: problem(c, 400, wt(locale, 'notFound')) };
  if (!text) return { refused: problem(c, 400, wt(locale, 'alertEmpty')) };
  return { unit, text };
}

/** Compose, preview as the groups will see it, confirm, then follow the acknowledgements. */
export function alertRoutes(web: Hono<WebEnv>, app: App): void {
  web.get('/alerts', (c) => {
    const locale = c.get('locale');
    const viewer = c.get('viewer')!;
    const units = viewer.scope.school ? undefined : [...viewer.scope.units];
    const recent = app.duties.alerts.recent(units);
    const list = recent.length ? h`<ul class="plain">${recent.map((a) => alertLine(app, c, a))}</ul>` : wt(locale, 'alertNone');
    const compose = viewer.scope.school ? section(wt(locale, 'alertCompose'), composeForm(app, viewer, locale)) : '';
    return c.html(layout(c, wt(locale, 'alertsTitle'), [h`${compose}`, section(wt(locale, 'alertsTitle'), list)]));
  });

  web.post('/alerts/preview', async (c) => {
    const form = await alertForm(app, c);
    if ('refused' in form) return form.refused;
    const locale = c.get('locale');
    const viewer = c.get('viewer')!;
    const groups = app.units.activeGroupsOf(form.unit).length;
    const confirm = h`<form method="post" action="/alerts" class="stack"><input type="hidden" name="_csrf" value="${viewer.csrf}">
      <input type="hidden" name="unit" value="${form.unit}"><input type="hidden" name="text" value="${form.text}">
      <button class="primary">${wt(locale, 'alertConfirm', { n: groups })}</button></form>`;
    return c.html(layout(c, wt(locale, 'alertPreviewTitle'), [richToHtml(app.duties.alerts.preview(form.text, locale)), confirm, section(wt(locale, 'alertCompose'), composeForm(app, viewer, locale, form.unit, form.text))]));
  });

  web.post('/alerts', async (c) => {
    const form = await alertForm(app, c);
    if ('refused' in form) return form.refused;
    const result = await app.duties.alerts.send(form.unit, form.text, c.get('viewer')!.member);
    return c.redirect(`/alerts/${result.alertId}`, 303);
  });

  web.get('/alerts/:id', (c) => {
    const locale = c.get('locale');
    const alert = /^\d{1,12}$/.test(c.req.param('id')) ? app.duties.alerts.get(Number(c.req.param('id'))) : undefined;
    if (!alert) return problem(c, 404, wt(locale, 'notFound'));
    if (!canSeeUnit(c.get('viewer')!.scope, alert.unitId)) return problem(c, 403, wt(locale, 'forbidden'));
    const copies = app.duties.alerts.copies(alert.id);
    const title = wt(locale, 'alertSent', { id: alert.id, unit: app.units.get(alert.unitId)?.name ?? alert.unitId, at: formatLocal(new Date(alert.at), app.config.DEFAULT_TIMEZONE) });
    return c.html(
      layout(c, title, [
        richToHtml(app.duties.alerts.preview(alert.text, locale)),
        section(wt(locale, 'acks'), table([wt(locale, 'classes'), wt(locale, 'status'), wt(locale, 'acks')], copies.map((x) => [x.name, wt(locale, `status${x.status}`), x.acks]))),
      ]),
    );
  });
}
