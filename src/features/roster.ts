import type { AppContext } from '../app.ts';
import { b, p, type RichMessage } from '../core/message.ts';
import { defineMessages, localeFromLanguage, type Locale } from '../i18n/index.ts';
import type { Feature } from './feature.ts';

const t = defineMessages({
  'zh-CN': {
    welcome: 'ClassGuard 无诈班级助手已加入本群。',
    askSetup: '请班级管理员（辅导员/班主任）发送 /setup <班级名> [学生|教职工|家长] 完成登记，之后每天推送一条反诈提示、每周推送一篇反诈文章。',
    welcomeBack: '无诈班级助手已回到本群，班级记录已保留，推送将继续。',
    named: '好的，之后报告和名单里会显示你的名字：{name}',
    nameUsage: '用法：/name <你的名字>（最多 20 个字）',
    namedByPlatform: '你的名字取自平台资料（{name}），无需设置。',
  },
  en: {
    welcome: 'ClassGuard has joined this group.',
    askSetup: 'Group admins (advisors): send /setup <class name> [students|staff|parents] to register; the bot then posts one anti-fraud tip a day and one article a week.',
    welcomeBack: 'ClassGuard is back in this group. The class history is kept and posting resumes.',
    named: 'Done: reports and lists will show your name as {name}.',
    nameUsage: 'Usage: /name <your name> (up to 20 characters)',
    namedByPlatform: 'Your name comes from your profile on this platform ({name}); there is nothing to set.',
  },
});

/** A name as a class list writes it: a few characters, not a message. */
const MAX_NAME = 20;

/**
 * First in the chain: records who and where (the roster), picks the answer language, and
 * drives the group lifecycle (added, removed, paused for missing permissions and resumed,
 * migrated, joins and leaves).
 */
export const roster: Feature = {
  name: 'roster',
  commands: [
    {
      name: 'name',
      scope: 'everyone',
      chats: 'any',
      description: { zh: '设置你在报告和名单里的名字（QQ 不提供昵称时）', en: 'Set the name reports and lists show for you (where the platform gives none)' },
      usage: { zh: '<你的名字>', en: '<your name>' },
    },
  ],
  install(composer, app) {
    composer.use(async (ctx, next) => {
      const { event } = ctx;
      if (event.chat.kind === 'group' && event.type !== 'group-migrated') {
        // A platform may say the bot can post in any chat it is in: that makes none of them a group.
        const group = event.type === 'bot-can-post' ? app.groups.get(event.chat.id) : app.groups.ensure(event.chat);
        ctx.locale = group?.locale ?? app.config.DEFAULT_LOCALE;
      } else {
        ctx.locale = localeFromLanguage(ctx.from?.languageCode, app.config.DEFAULT_LOCALE);
      }
      if (ctx.from && event.type !== 'member-left' && event.type !== 'bot-removed') {
        app.groups.seen(event.chat, ctx.from);
        if (event.chat.kind === 'group') app.roles.seen(event.chat.id, ctx.from.id);
      }
      await next();
    });

    composer.command('name', async (ctx) => {
      const from = ctx.event.from;
      if (!from.nameless) return void (await ctx.reply(t(ctx.locale, 'namedByPlatform', { name: from.name })));
      const name = ctx.event.args.replace(/\s+/g, ' ').trim();
      if (!name || [...name].length > MAX_NAME) return void (await ctx.reply(t(ctx.locale, 'nameUsage')));
      app.groups.rename(from.id, name);
      await ctx.reply(t(ctx.locale, 'named', { name }));
    });
    composer.on('member-left', (ctx) => app.groups.left(ctx.chat.id, ctx.event.member.id));
    composer.on('member-joined', () => undefined);
    composer.on('group-migrated', (ctx) => app.groups.migrate(ctx.chat.id, ctx.event.to));
    composer.on('bot-removed', async (ctx) => {
      const { reason, notify } = ctx.event;
      if (reason !== 'missing-permissions') return app.groups.removed(ctx.chat.id, reason ?? 'kicked');
      // Only the report that starts the pause tells the owner: the database knows, across restarts.
      if (!app.groups.pauseForPermissions(ctx.chat.id) || !notify) return;
      const outcome = await ctx.send({ member: notify.member }, notify.message);
      if (!outcome.ok) app.log.warn({ group: ctx.chat.id, reason: outcome.reason }, 'missing-permissions notice failed');
    });
    composer.on('bot-can-post', async (ctx) => {
      if (!app.groups.resumeWithPermissions(ctx.chat.id)) return;
      const group = app.groups.get(ctx.chat.id)!;
      // Paused by an advisor too, it stays paused: "posting resumes" would not be true.
      if (!group.paused) await ctx.reply(welcome(ctx, Boolean(group.setupAt)));
    });
    composer.on('bot-added', async (ctx) => {
      const group = app.groups.get(ctx.chat.id);
      app.groups.setActive(ctx.chat.id, true);
      await ctx.reply(welcome(ctx, Boolean(group?.setupAt)));
    });
  },
};

function welcome(ctx: AppContext, known: boolean): RichMessage {
  const locale: Locale = ctx.locale;
  if (known) return { blocks: [p(t(locale, 'welcomeBack'))] };
  return { blocks: [p(b(t(locale, 'welcome'))), p(t(locale, 'askSetup'))] };
}
