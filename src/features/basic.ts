import type { App, AppContext } from '../app.ts';
import { isTimeZone } from '../config.ts';
import { UserError } from '../core/errors.ts';
import { b, list, p, type RichMessage } from '../core/message.ts';
import { defineMessages, localized, type Locale } from '../i18n/index.ts';
import type { Audience } from '../services/groups.ts';
import type { CommandSpec } from '../core/feature.ts';
import type { Feature } from './feature.ts';

const t = defineMessages({
  'zh-CN': {
    hello: '你好，我是无诈班级助手 ClassGuard，由学校保卫处和辅导员用来开展反电信网络诈骗宣传。',
    whatIDo: '我每天在班级群推送一条反诈提示、每周一篇以案说法文章，按“已阅 ✅”即确认已读；可以在群里做反诈小测验；收到可疑消息，转发给我或发送 /check 加消息内容，我会帮你看有哪些诈骗特征。',
    emergency: '已经转账或泄露了验证码？立即拨打 110 报警，请求紧急止付。拿不准就拨打 96110 咨询。',
    helpTitle: '可用命令',
    advisorOnly: '（管理员）',
    setupUsage: '用法：/setup <班级名> [学生|教职工|家长] [时区]\n例如：/setup 软件2301 学生 Asia/Shanghai',
    setupGroupOnly: '请在班级群里发送 /setup。',
    setupAdminOnly: '只有本群管理员（辅导员/班主任）可以登记班级。',
    setupBadAudience: '“{word}”不是可选的对象，请写 学生、教职工 或 家长。',
    setupBadTimezone: '“{word}”不是有效的时区，例如 Asia/Shanghai。',
    setupDone: '已登记：{className}（对象：{audience}，时区：{timezone}）。每天 {tipTime} 推送反诈提示，每周{articleDay} {articleTime} 推送反诈文章。管理员可用 /settings 调整。',
    unknown: '没有“/{name}”这个命令。发送 /help 查看可用命令。',
    apology: '抱歉，处理时出了点问题，已记录。请稍后再试；如遇紧急情况请直接拨打 110。',
    students: '学生',
    staff: '教职工',
    parents: '家长',
  },
  en: {
    hello: "Hi, I'm ClassGuard, the anti-fraud assistant your school's security office and advisors use in class groups.",
    whatIDo: 'Every day I post one anti-fraud tip and every week one case-based article; press "已阅 ✅" to acknowledge. You can take short quizzes in the group, and if you receive a suspicious message, forward it to me or send /check with its text and I will point out the warning signs.',
    emergency: 'Already transferred money or shared a verification code? Call 110 now and ask for an emergency stop-payment (紧急止付). Not sure? Call 96110 for advice.',
    helpTitle: 'Commands',
    advisorOnly: '(admins)',
    setupUsage: 'Usage: /setup <class name> [students|staff|parents] [timezone]\nFor example: /setup CS2301 students Asia/Shanghai',
    setupGroupOnly: 'Please send /setup in the class group.',
    setupAdminOnly: 'Only the group admins (advisors) can register the class.',
    setupBadAudience: '"{word}" is not an audience; use students, staff or parents.',
    setupBadTimezone: '"{word}" is not a valid timezone, e.g. Asia/Shanghai.',
    setupDone: 'Registered {className} (audience: {audience}, timezone: {timezone}). A tip every day at {tipTime}, an article every {articleDay} at {articleTime}. Admins can change this with /settings.',
    unknown: 'There is no "/{name}" command. Send /help to see the commands.',
    apology: 'Sorry, something went wrong and it has been logged. Please try again later; in an emergency call 110 directly.',
    students: 'students',
    staff: 'staff',
    parents: 'parents',
  },
});

export const WEEKDAYS: Record<Locale, string[]> = {
  'zh-CN': ['一', '二', '三', '四', '五', '六', '日'],
  en: ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'],
};

const AUDIENCE_WORDS: Record<string, Audience> = {
  学生: 'students',
  students: 'students',
  student: 'students',
  教职工: 'staff',
  老师: 'staff',
  教师: 'staff',
  staff: 'staff',
  家长: 'parents',
  parents: 'parents',
  parent: 'parents',
};

export function parseAudience(word: string): Audience | undefined {
  return AUDIENCE_WORDS[word.toLowerCase()];
}

export function audienceName(locale: Locale, audience: Audience): string {
  return t(locale, audience);
}

export const apology = (ctx: AppContext) => t(ctx.locale, 'apology');

const commands: CommandSpec[] = [
  { name: 'start', scope: 'everyone', chats: 'any', description: { zh: '开始使用', en: 'Start' } },
  { name: 'help', scope: 'everyone', chats: 'any', description: { zh: '查看帮助和命令', en: 'Help and commands' } },
  {
    name: 'setup',
    scope: 'advisor',
    chats: 'group',
    description: { zh: '登记班级', en: 'Register the class' },
    usage: { zh: '<班级名> [学生|教职工|家长] [时区]', en: '<class name> [students|staff|parents] [timezone]' },
  },
];

export const basic: Feature = {
  name: 'basic',
  commands,
  install(composer, app) {
    composer.command(['start', 'help'], (ctx) => ctx.reply(help(ctx.locale, app, ctx.event.name === 'start')));
    composer.command('setup', async (ctx) => {
      if (ctx.isPrivate) throw new UserError(t(ctx.locale, 'setupGroupOnly'));
      await ctx.requireAdmin(t(ctx.locale, 'setupAdminOnly'));
      const words = ctx.event.args.split(/\s+/).filter(Boolean);
      if (words.length === 0) throw new UserError(t(ctx.locale, 'setupUsage'));
      const group = app.groups.get(ctx.chat.id)!;
      let audience = group.audience;
      let timezone = group.timezone;
      const nameParts: string[] = [];
      for (const word of words) {
        const asAudience = parseAudience(word);
        if (asAudience) audience = asAudience;
        else if (word.includes('/')) {
          if (!isTimeZone(word)) throw new UserError(t(ctx.locale, 'setupBadTimezone', { word }));
          timezone = word;
        } else nameParts.push(word);
      }
      if (nameParts.length === 0) throw new UserError(t(ctx.locale, 'setupUsage'));
      const className = nameParts.join(' ').slice(0, 64);
      const saved = app.groups.setup(ctx.chat.id, { className, audience, timezone });
      await ctx.reply(
        t(ctx.locale, 'setupDone', {
          className,
          audience: audienceName(ctx.locale, saved.audience),
          timezone: saved.timezone,
          tipTime: saved.tipTime,
          articleDay: WEEKDAYS[ctx.locale][saved.articleDay - 1]!,
          articleTime: saved.articleTime,
        }),
      );
    });
  },
};

/** Installed last: a command nobody handled gets a hint, not silence. */
export const unknownCommand: Feature = {
  name: 'unknown-command',
  commands: [],
  install(composer) {
    composer.on('command', (ctx) => ctx.reply(t(ctx.locale, 'unknown', { name: ctx.event.name.slice(0, 32) })));
  },
};

function help(locale: Locale, app: App, greet: boolean): RichMessage {
  const items = app.catalogue.commands.map((c) => {
    const usage = c.usage ? ` ${localized(c.usage, locale)}` : '';
    const who = c.scope === 'everyone' ? '' : ` ${t(locale, 'advisorOnly')}`;
    return [`/${c.name}${usage} — ${localized(c.description, locale)}${who}`];
  });
  return {
    blocks: [
      ...(greet ? [p(t(locale, 'hello'))] : []),
      p(t(locale, 'whatIDo')),
      p(b(t(locale, 'helpTitle'))),
      list(items),
      p(b(t(locale, 'emergency'))),
    ],
  };
}
