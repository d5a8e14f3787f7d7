import type { Hono } from 'hono';
import type { App } from '../../src/app.ts';
import { describeDaysProblem, HALF_MONTH_DAYS, parseHalfMonthDays } from '../../src/services/half-month.ts';
import type { Unit } from '../../src/services/units.ts';
import { canSeeUnit, type WebContext, type WebEnv } from '../access.ts';
import { wt } from '../i18n.ts';
import { h, layout, problem, section, type Html } from '../views.ts';

/** A unit's half-month days on its page, with the form that sets them (as /halfmonth does in chat). */
export function halfMonthSection(app: App, c: WebContext, unit: Unit, message?: Html): Html {
  const locale = c.get('locale');
  const days = app.halfMonth.days(unit.id);
  const isDefault = days.join() === HALF_MONTH_DAYS.join();
  return section(
    wt(locale, 'halfMonth'),
    h`${message ?? ''}<p>${wt(locale, 'halfMonthDays', { days: days.join(', ') })}${isDefault ? wt(locale, 'halfMonthDefault') : ''}</p>
    <form method="post" action="/units/${encodeURIComponent(unit.id)}/half-month" class="stack"><input type="hidden" name="_csrf" value="${c.get('viewer')!.csrf}">
      <label>${wt(locale, 'halfMonthSet')} <input name="days" value="${days.join(' ')}" inputmode="numeric" maxlength="12"></label>
      <button class="primary">${wt(locale, 'save')}</button></form>`,
  );
}

/** Sets a unit's half-month days: empty brings back the 1st and the 16th. */
export function halfMonthRoutes(web: Hono<WebEnv>, app: App): void {
  web.post('/units/:id/half-month', async (c) => {
    const locale = c.get('locale');
    const unit = app.units.get(decodeURIComponent(c.req.param('id')));
    if (!unit) return problem(c, 404, wt(locale, 'notFound'));
    if (!canSeeUnit(c.get('viewer')!.scope, unit.id)) return problem(c, 403, wt(locale, 'forbidden'));
    const words = String((await c.req.parseBody()).days ?? '').split(/[\s,，、]+/).filter(Boolean);
    const days = parseHalfMonthDays(words);
    if (typeof days === 'string') return c.html(layout(c, unit.name, halfMonthSection(app, c, unit, h`<p class="error">${describeDaysProblem(locale, days)}</p>`)), 400);
    app.halfMonth.setDays(unit.id, days);
    return c.html(layout(c, unit.name, [halfMonthSection(app, c, unit, h`<p>${wt(locale, 'halfMonthSaved')}</p>`), h`<p><a href="/units/${encodeURIComponent(unit.id)}">${unit.name} →</a></p>`]));
  });
}
