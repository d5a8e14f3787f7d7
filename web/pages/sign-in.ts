import type { Hono } from 'hono';
import { deleteCookie, setCookie } from 'hono/cookie';
import { getConnInfo } from '@hono/node-server/conninfo';
import type { App } from '../../src/app.ts';
import { SESSION_TTL_MS } from '../../src/services/web-access.ts';
import { SESSION_COOKIE, type WebContext, type WebEnv } from '../access.ts';
import { wt } from '../i18n.ts';
import { RateLimit } from '../rate-limit.ts';
import { h, layout, problem } from '../views.ts';

/** Ten link uses a minute from one address. */
const LINK_USES_PER_MINUTE = 10;

/**
 * GET shows a button and only POST spends the link: chat apps fetch a link to preview it, and a
 * preview must not use up a one-time link (docs/design.md, The web console).
 */
export function signInRoutes(web: Hono<WebEnv>, app: App, secure: boolean): void {
  const limit = new RateLimit(LINK_USES_PER_MINUTE, 60_000, () => Date.now());
  const limited = (c: WebContext) => !limit.take(getConnInfo(c).remote.address ?? 'unknown');

  web.get('/login/:token', (c) => {
    if (limited(c)) return problem(c, 429, wt(c.get('locale'), 'tooMany'));
    const locale = c.get('locale');
    const form = h`<form method="post" class="stack"><p>${wt(locale, 'signInHint')}</p><button class="primary">${wt(locale, 'signInTitle')}</button></form>`;
    return c.html(layout(c, wt(locale, 'signInTitle'), form));
  });

  web.post('/login/:token', (c) => {
    const locale = c.get('locale');
    if (limited(c)) return problem(c, 429, wt(locale, 'tooMany'));
    const result = app.webAccess.redeem(c.req.param('token'));
    if ('refused' in result) return problem(c, 403, wt(locale, `link${result.refused}`));
    setCookie(c, SESSION_COOKIE, result.sessionId, { httpOnly: true, sameSite: 'Lax', secure, path: '/', maxAge: SESSION_TTL_MS / 1000 });
    return c.redirect('/', 303);
  });

  web.post('/logout', (c) => {
    const viewer = c.get('viewer');
    if (viewer) app.webAccess.signOut(viewer.sessionId);
    deleteCookie(c, SESSION_COOKIE, { path: '/' });
    return c.redirect('/signed-out', 303);
  });

  web.get('/signed-out', (c) => c.html(layout(c, wt(c.get('locale'), 'signInTitle'), h`<p>${wt(c.get('locale'), 'signedOut')}</p>`)));
}
