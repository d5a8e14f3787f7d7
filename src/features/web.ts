import type { App } from '../app.ts';
import { UserError } from '../core/errors.ts';
import { p } from '../core/message.ts';
import { formatLocal } from '../core/time.ts';
import { defineMessages } from '../i18n/index.ts';
import type { Feature } from './feature.ts';

const t = defineMessages({
  'zh-CN': {
    off: '网页控制台没有开启。请学校管理员设置 WEB_PORT（见 README“网页控制台”）。',
    privateOnly: '登录链接只发在私聊里：请私聊我发送 /web。',
    noScope: '网页控制台提供给辅导员、班主任和学校管理员。如需使用，请学校管理员用 /grant 授权。',
    title: '网页控制台登录',
    link: '点击登录（10 分钟内有效，只能用一次）：',
    expires: '有效至 {at}。请勿转发此链接：它会以你的身份登录。',
  },
  en: {
    off: 'The web console is not enabled. A school admin sets WEB_PORT (README, The web console).',
    privateOnly: 'Sign-in links are sent in private chats only: send /web to me privately.',
    noScope: 'The web console is for advisors and school admins. Ask a school admin to /grant you the role.',
    title: 'Web console sign-in',
    link: 'Sign in (valid for 10 minutes, once):',
    expires: 'Valid until {at}. Do not forward this link: it signs in as you.',
  },
});

/** Where members' browsers reach the console: WEB_BASE_URL behind a proxy, else the bound address. */
export function webBaseUrl(config: App['config']): string | undefined {
  if (config.WEB_PORT === undefined) return undefined;
  if (config.WEB_BASE_URL) return config.WEB_BASE_URL.replace(/\/+$/, '');
  const host = config.WEB_HOST === '0.0.0.0' || config.WEB_HOST === '::' ? '127.0.0.1' : config.WEB_HOST;
  return `http://${host.includes(':') ? `[${host}]` : host}:${config.WEB_PORT}`;
}

/** /web: a one-time sign-in link to the web console, privately, for those who advise something. */
export const web: Feature = {
  name: 'web',
  commands: [
    {
      name: 'web',
      scope: 'advisor',
      chats: 'private',
      description: { zh: '网页控制台的一次性登录链接（私聊）', en: 'A one-time sign-in link to the web console (private chat)' },
    },
  ],
  install(composer, app) {
    composer.command('web', async (ctx) => {
      const base = webBaseUrl(app.config);
      if (!base) throw new UserError(t(ctx.locale, 'off'));
      if (!ctx.isPrivate || !ctx.from) throw new UserError(t(ctx.locale, 'privateOnly'));
      const scope = app.roles.advisedScope(ctx.from.id);
      if (!scope.school && scope.units.size === 0 && scope.groups.size === 0) throw new UserError(t(ctx.locale, 'noScope'));
      const { token, expiresAt } = app.webAccess.issueLink(ctx.from.id);
      const url = `${base}/login/${token}`;
      await ctx.reply({
        title: t(ctx.locale, 'title'),
        blocks: [p(t(ctx.locale, 'link')), p({ text: url, href: url }), p(t(ctx.locale, 'expires', { at: formatLocal(new Date(expiresAt), app.config.DEFAULT_TIMEZONE) }))],
      });
    });
  },
};
