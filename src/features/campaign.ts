import type { AppContext } from '../app.ts';
import { isTimeZone } from '../config.ts';
import { UserError } from '../core/errors.ts';
import { b, list, p } from '../core/message.ts';
import { formatLocal, normalizeHhmm } from '../core/time.ts';
import { readToken } from '../core/tokens.ts';
import { defineMessages, type Locale } from '../i18n/index.ts';
import { previewCalendar } from '../services/calendar.ts';
import type { Group, GroupSettings } from '../services/groups.ts';
import { audienceName, parseAudience, WEEKDAYS } from './basic.ts';
import { deliverySection } from './delivery-section.ts';
import type { Feature } from './feature.ts';

const t = defineMessages({
  'zh-CN': {
    recorded: '已确认，谢谢！本条已阅 {n} 人。',
    already: '你已确认过，无需重复确认。',
    expired: '这个按钮已失效或不属于本群，无法确认。',
    groupOnly: '请在班级群里使用这个命令。',
    adminOnly: '只有本群管理员（辅导员/班主任）可以修改设置。',
    notSetUp: '本群还没有登记，请管理员先发送 /setup <班级名>。',
    settingsTitle: '本群设置',
    settingsBody: '班级：{className}\n对象：{audience}\n时区：{timezone}\n每日提示：{tipTime}\n每周文章：周{articleDay} {articleTime}\n文章后自动测验：{quiz}\n状态：{state}',
    settingsUsage: '修改方法：\n/settings tip 07:30\n/settings article 3 19:00（周三 19:00）\n/settings timezone Asia/Shanghai\n/settings audience 学生|教职工|家长\n/settings quiz on|off\n/settings language zh|en\n/settings pause 或 /settings resume',
    paused: '已暂停',
    running: '推送中',
    inactive: '机器人不在群内',
    on: '开',
    off: '关',
    badTime: '“{word}”不是有效时间，请写成 HH:MM，例如 08:00。',
    badDay: '“{word}”不是有效的星期，请写 1–7（1 为周一）。',
    badTimezone: '“{word}”不是有效的时区，例如 Asia/Shanghai。',
    badAudience: '“{word}”不是可选的对象，请写 学生、教职工 或 家长。',
    badSetting: '看不懂“{word}”。',
    saved: '已保存。',
    calendarTitle: '接下来 {days} 天的推送',
    calendarEmpty: '接下来 {days} 天没有推送（本群已暂停或不在群内）。',
    tip: '提示',
    article: '文章',
  },
  en: {
    recorded: 'Acknowledged, thank you. Read by {n} so far.',
    already: 'You have already acknowledged this one.',
    expired: 'This button has expired or belongs to another group.',
    groupOnly: 'Please use this command in the class group.',
    adminOnly: 'Only the group admins (advisors) can change the settings.',
    notSetUp: 'This group is not registered yet; an admin should send /setup <class name> first.',
    settingsTitle: 'Group settings',
    settingsBody: 'Class: {className}\nAudience: {audience}\nTimezone: {timezone}\nDaily tip: {tipTime}\nWeekly article: {articleDay} {articleTime}\nQuiz after the article: {quiz}\nState: {state}',
    settingsUsage: 'To change:\n/settings tip 07:30\n/settings article 3 19:00 (Wednesday 19:00)\n/settings timezone Asia/Shanghai\n/settings audience students|staff|parents\n/settings quiz on|off\n/settings language zh|en\n/settings pause or /settings resume',
    paused: 'paused',
    running: 'posting',
    inactive: 'bot not in the group',
    on: 'on',
    off: 'off',
    badTime: '"{word}" is not a time; write HH:MM, e.g. 08:00.',
    badDay: '"{word}" is not a weekday; write 1–7 (1 is Monday).',
    badTimezone: '"{word}" is not a valid timezone, e.g. Asia/Shanghai.',
    badAudience: '"{word}" is not an audience; use students, staff or parents.',
    badSetting: 'I do not understand "{word}".',
    saved: 'Saved.',
    calendarTitle: 'What is posted in the next {days} days',
    calendarEmpty: 'Nothing is posted in the next {days} days (the group is paused or the bot is not in it).',
    tip: 'tip',
    article: 'article',
  },
});

function time(word: string | undefined, locale: Locale): string {
  const hhmm = normalizeHhmm(word ?? '');
  if (!hhmm) throw new UserError(t(locale, 'badTime', { word: word ?? '' }));
  return hhmm;
}

/** Parses `/settings <what> <value…>` into a change, or throws a friendly UserError. */
export function parseSettingsChange(args: string, locale: Locale): GroupSettings {
  const [what = '', ...rest] = args.split(/\s+/).filter(Boolean);
  const word = rest[0];
  switch (what.toLowerCase()) {
    case 'tip':
    case '提示':
      return { tipTime: time(word, locale) };
    case 'article':
    case '文章': {
      const day = Number(word);
      if (!Number.isInteger(day) || day < 1 || day > 7) throw new UserError(t(locale, 'badDay', { word: word ?? '' }));
      return { articleDay: day, ...(rest[1] ? { articleTime: time(rest[1], locale) } : {}) };
    }
    case 'timezone':
    case '时区':
      if (!word || !isTimeZone(word)) throw new UserError(t(locale, 'badTimezone', { word: word ?? '' }));
      return { timezone: word };
    case 'audience':
    case '对象': {
      const audience = parseAudience(word ?? '');
      if (!audience) throw new UserError(t(locale, 'badAudience', { word: word ?? '' }));
      return { audience };
    }
    case 'quiz':
    case '测验':
      if (word !== 'on' && word !== 'off') throw new UserError(t(locale, 'badSetting', { word: word ?? '' }));
      return { quizAfterArticle: word === 'on' };
    case 'language':
    case '语言':
      if (word !== 'zh' && word !== 'en') throw new UserError(t(locale, 'badSetting', { word: word ?? '' }));
      return { locale: word === 'en' ? 'en' : 'zh-CN' };
    case 'pause':
    case '暂停':
      return { paused: true };
    case 'resume':
    case '恢复':
      return { paused: false };
    default:
      throw new UserError(`${t(locale, 'badSetting', { word: what.slice(0, 32) })}\n${t(locale, 'settingsUsage')}`);
  }
}

function describe(group: Group, locale: Locale): string {
  return t(locale, 'settingsBody', {
    className: group.className ?? '—',
    audience: audienceName(locale, group.audience),
    timezone: group.timezone,
    tipTime: group.tipTime,
    articleDay: WEEKDAYS[locale][group.articleDay - 1]!,
    articleTime: group.articleTime,
    quiz: t(locale, group.quizAfterArticle ? 'on' : 'off'),
    state: t(locale, !group.active ? 'inactive' : group.paused ? 'paused' : 'running'),
  });
}

/** The group's row, for commands that only make sense in a registered group. */
export function registeredGroup(ctx: AppContext): Group {
  if (ctx.isPrivate) throw new UserError(t(ctx.locale, 'groupOnly'));
  const group = ctx.services.groups.get(ctx.chat.id);
  if (!group?.setupAt) throw new UserError(t(ctx.locale, 'notSetUp'));
  return group;
}

export const campaign: Feature = {
  name: 'campaign',
  commands: [
    {
      name: 'settings',
      scope: 'advisor',
      chats: 'group',
      description: { zh: '查看或修改推送时间、对象、时区，暂停/恢复', en: 'Schedule, audience, timezone, pause/resume' },
    },
    {
      name: 'calendar',
      scope: 'advisor',
      chats: 'group',
      description: { zh: '预览接下来要推送的内容', en: 'Preview what will be posted' },
      usage: { zh: '[天数]', en: '[days]' },
    },
  ],
  install(composer, app) {
    app.reports.addSection(deliverySection());
    composer.button('ack', async (ctx) => {
      const [deliveryId] = readToken(ctx.event.token, 'ack', 1) ?? [];
      const result = deliveryId === undefined ? ({ kind: 'unknown' } as const) : app.acks.acknowledge(deliveryId, ctx.chat.id, ctx.event.from.id);
      if (result.kind === 'unknown') return void (await ctx.answer(t(ctx.locale, 'expired'), { alert: true }));
      if (result.kind === 'already') return void (await ctx.answer(t(ctx.locale, 'already')));
      await ctx.answer(t(ctx.locale, 'recorded', { n: result.count }));
      await app.acks.refreshCount(deliveryId!);
    });

    composer.command('settings', async (ctx) => {
      const group = registeredGroup(ctx);
      if (!ctx.event.args) {
        return void (await ctx.reply({ title: t(ctx.locale, 'settingsTitle'), blocks: [p(describe(group, ctx.locale)), p(t(ctx.locale, 'settingsUsage'))] }));
      }
      await ctx.requireAdmin(t(ctx.locale, 'adminOnly'));
      const saved = app.groups.update(group.id, parseSettingsChange(ctx.event.args, ctx.locale));
      const locale = saved.locale;
      await ctx.reply({ title: t(locale, 'saved'), blocks: [p(describe(saved, locale))] });
    });

    composer.command('calendar', async (ctx) => {
      const group = registeredGroup(ctx);
      await ctx.requireAdmin(t(ctx.locale, 'adminOnly'));
      const days = Math.min(Math.max(Number.parseInt(ctx.event.args, 10) || 14, 1), 60);
      const entries = group.active && !group.paused ? previewCalendar(app.db, app.library, app.picker, group, app.clock.now(), days) : [];
      if (entries.length === 0) return void (await ctx.reply(t(ctx.locale, 'calendarEmpty', { days })));
      await ctx.reply({
        title: t(ctx.locale, 'calendarTitle', { days }),
        blocks: [list(entries.map((e) => [b(`${formatLocal(e.at, group.timezone)} ${t(ctx.locale, e.kind)}`), ` ${e.title}`]))],
      });
    });
  },
};
