import type { Context, MiddlewareHandler } from 'hono';
import { getCookie, setCookie } from 'hono/cookie';
import type { App } from '../src/app.ts';
import type { GroupId, MemberId } from '../src/core/ids.ts';
import type { Group } from '../src/services/groups.ts';
import { canSeeGroup, type AdvisedScope } from '../src/services/roles.ts';
import type { Unit } from '../src/services/units.ts';
import type { Locale } from './i18n.ts';

export const SESSION_COOKIE = 'cg_session';
export const LANG_COOKIE = 'cg_lang';

/** Who is looking: the member a session carries and what they advise, read afresh on every request. */
export interface Viewer {
  member: MemberId;
  name: string;
  scope: AdvisedScope;
  csrf: string;
  sessionId: string;
}

export type WebEnv = { Variables: { viewer: Viewer | undefined; locale: Locale } };
export type WebContext = Context<WebEnv>;

/**
 * Reads the session cookie and the language on every request. The scope is computed per request,
 * not kept in the session: a /revoke takes effect on the next page, not at the session's end.
 */
export function viewerMiddleware(app: App): MiddlewareHandler<WebEnv> {
  return async (c, next) => {
    const asked = c.req.query('lang');
    if (asked === 'en' || asked === 'zh-CN') setCookie(c, LANG_COOKIE, asked, { sameSite: 'Lax', path: '/', maxAge: 365 * 86_400 });
    const lang = asked === 'en' || asked === 'zh-CN' ? asked : getCookie(c, LANG_COOKIE);
    c.set('locale', lang === 'en' ? 'en' : 'zh-CN');
    const sessionId = getCookie(c, SESSION_COOKIE);
    const session = sessionId ? app.webAccess.session(sessionId) : undefined;
    c.set(
      'viewer',
      session && sessionId
        ? { member: session.member, name: app.webAccess.displayName(session.member), scope: app.roles.advisedScope(session.member), csrf: session.csrf, sessionId }
        : undefined,
    );
    await next();
  };
}

export function canSeeUnit(scope: AdvisedScope, unitId: string): boolean {
  return scope.school || scope.units.has(unitId);
}

export { canSeeGroup };

/** The registered classes the viewer may see. */
export function visibleGroups(app: App, scope: AdvisedScope): Group[] {
  return app.groups.registered().filter((g) => canSeeGroup(scope, g));
}

/** The highest units the viewer may see: a school admin's schools, an advisor's granted units. */
export function topUnits(app: App, scope: AdvisedScope): Unit[] {
  const all = app.units.list();
  return all.filter((u) => canSeeUnit(scope, u.id) && !(u.parentId && canSeeUnit(scope, u.parentId)));
}

export function groupIdParam(raw: string): GroupId {
  return raw as GroupId;
}
