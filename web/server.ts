import { readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { serve } from '@hono/node-server';
import { Hono, type MiddlewareHandler } from 'hono';
import type { App } from '../src/app.ts';
import { webBaseUrl } from '../src/features/web.ts';
import { PROJECT_ROOT } from '../src/paths.ts';
import { viewerMiddleware, type WebEnv } from './access.ts';
import { wt } from './i18n.ts';
import { alertRoutes } from './pages/alerts.ts';
import { contentRoutes } from './pages/content.ts';
import { halfMonthRoutes } from './pages/half-month.ts';
import { recordRoutes } from './pages/records.ts';
import { reportRoutes } from './pages/reports.ts';
import { signInRoutes } from './pages/sign-in.ts';
import { problem } from './views.ts';

export interface WebConsole {
  /** Where the server listens (the bound address, not WEB_BASE_URL). */
  url: string;
  close(): Promise<void>;
}

/** Files the pages load, read once: ECharts from its package (no build step), the chart script. */
const ASSETS: Record<string, { path: string; type: string }> = {
  'echarts.min.js': { path: join(PROJECT_ROOT, 'node_modules', 'echarts', 'dist', 'echarts.min.js'), type: 'text/javascript; charset=utf-8' },
  'charts.js': { path: join(PROJECT_ROOT, 'web', 'assets', 'charts.js'), type: 'text/javascript; charset=utf-8' },
};

const SECURITY_HEADERS: Record<string, string> = {
  // No inline script anywhere, so none is allowed; styles are inline in the page frame.
  'Content-Security-Policy': "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; frame-ancestors 'none'; form-action 'self'",
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
};

/** Every page but the sign-in ones needs a session; every form but the link's carries the session's CSRF token. */
function guard(): MiddlewareHandler<WebEnv> {
  return async (c, next) => {
    if (c.req.path.startsWith('/login/') || c.req.path === '/signed-out') return next();
    const viewer = c.get('viewer');
    if (!viewer) return c.req.method === 'GET' ? c.redirect('/signed-out', 303) : problem(c, 403, wt(c.get('locale'), 'signedOut'));
    if (c.req.method === 'POST') {
      const form = await c.req.parseBody();
      if (form._csrf !== viewer.csrf) return problem(c, 403, wt(c.get('locale'), 'badCsrf'));
    }
    await next();
  };
}

export function webApp(app: App): Hono<WebEnv> {
  const web = new Hono<WebEnv>();
  const cache = new Map<string, Uint8Array>();
  web.use('*', async (c, next) => {
    await next();
    for (const [k, v] of Object.entries(SECURITY_HEADERS)) c.header(k, v);
  });
  web.get('/assets/:name', (c) => {
    const asset = ASSETS[c.req.param('name')];
    if (!asset) return c.notFound();
    let data = cache.get(asset.path);
    if (!data) cache.set(asset.path, (data = readFileSync(asset.path)));
    return c.body(data as Uint8Array<ArrayBuffer>, 200, { 'Content-Type': asset.type, 'Cache-Control': 'public, max-age=3600' });
  });
  web.use('*', viewerMiddleware(app));
  web.use('*', guard());
  signInRoutes(web, app, webBaseUrl(app.config)?.startsWith('https:') ?? false);
  reportRoutes(web, app);
  contentRoutes(web, app);
  alertRoutes(web, app);
  recordRoutes(web, app);
  halfMonthRoutes(web, app);
  web.notFound((c) => problem(c, 404, wt(c.get('locale') ?? 'zh-CN', 'notFound')));
  web.onError((error, c) => {
    app.log.error({ err: error, path: c.req.path }, 'web console error');
    return c.text('500', 500);
  });
  return web;
}

/** Serves the console on WEB_HOST:WEB_PORT (127.0.0.1 by default: a reverse proxy faces the network). */
export async function startWebConsole(app: App, port: number, hostname: string): Promise<WebConsole> {
  const web = webApp(app);
  const server = await new Promise<ReturnType<typeof serve>>((resolve, reject) => {
    const s = serve({ fetch: web.fetch, port, hostname }, () => resolve(s));
    s.once('error', reject);
  });
  const address = server.address() as AddressInfo;
  return {
    url: `http://${address.family === 'IPv6' ? `[${address.address}]` : address.address}:${address.port}`,
    close: () => new Promise<void>((resolve) => {
      if ('closeAllConnections' in server) server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}
