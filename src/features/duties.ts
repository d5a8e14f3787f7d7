import type { AppContext } from '../app.ts';
import { UserError } from '../core/errors.ts';
import { p } from '../core/message.ts';
import { localDateKey, parseLocalDateTime } from '../core/time.ts';
import { readToken } from '../core/tokens.ts';
import { defineMessages } from '../i18n/index.ts';
import { stepOfToken } from '../services/duties/app-progress.ts';
import { registeredGroup } from './campaign.ts';
import { dutiesSection } from './duties-section.ts';
import type { Feature } from './feature.ts';

const t = defineMessages({
  'zh-CN': {
    advisorOnly: '只有本群管理员（辅导员/班主任）可以使用这个命令。',
    schoolAdminOnly: '只有学校管理员可以发布预警。',
    pledgeExpired: '这个承诺书按钮已失效或不属于本群。',
    signed: '已签署，谢谢！本承诺书已有 {n} 人承诺。',
    alreadySigned: '你已经签署过这份承诺书了。',
    meetingUsage: '用法：/meeting 获取本月班会材料包（私信发给你）；/meeting held [YYYY-MM-DD] [到会人数] 记录已开班会。',
    badDate: '“{word}”不是有效日期，请写成 YYYY-MM-DD，且不晚于今天。',
    badAttendance: '“{word}”不是有效的到会人数，请写一个整数。',
    meetingRecorded: '已记录：{date} 反电诈主题班会{attendance}。',
    attendance: '，到会 {n} 人',
    kitSent: '本月班会材料包已私信发给你。',
    kitFailed: '无法私信你，请先私聊机器人发送 /start，然后再试。',
    noKit: '内容库里没有适合本群对象的文章，无法生成材料包。',
    alertUsage: '用法：/alert <单位ID> <预警内容>，或 /alert from-warning <预警编号> [单位ID]',
    unknownUnit: '没有编号为“{unit}”的单位。',
    unknownWarning: '没有编号为 #{id} 的本地预警。',
    needUnit: '这条预警不属于某个单位，请写明要发给哪个单位：/alert from-warning {id} <单位ID>',
    alertSent: '预警 #{id} 已发往 {groups} 个班级群（成功 {sent}，失败 {failed}，失败的会自动重试）。',
  },
  en: {
    advisorOnly: 'Only the group admins (advisors) can use this command.',
    schoolAdminOnly: 'Only school admins can send alerts.',
    pledgeExpired: 'This pledge button has expired or belongs to another group.',
    signed: 'Signed, thank you. {n} have pledged so far.',
    alreadySigned: 'You have already signed this pledge.',
    meetingUsage: 'Usage: /meeting for this month\'s class-meeting kit (sent to you privately); /meeting held [YYYY-MM-DD] [attendance] to record a meeting.',
    badDate: '"{word}" is not a valid date; write YYYY-MM-DD, no later than today.',
    badAttendance: '"{word}" is not a valid attendance; write a whole number.',
    meetingRecorded: 'Recorded: anti-fraud class meeting on {date}{attendance}.',
    attendance: ', {n} attended',
    kitSent: 'This month\'s kit has been sent to you privately.',
    kitFailed: 'I cannot message you privately; send /start to the bot in a private chat first, then try again.',
    noKit: 'The library has no article for this group\'s audience, so there is no kit.',
    alertUsage: 'Usage: /alert <unit id> <text>, or /alert from-warning <warning number> [unit id]',
    unknownUnit: 'There is no unit "{unit}".',
    unknownWarning: 'There is no local early warning #{id}.',
    needUnit: 'This warning belongs to no unit; say which unit to alert: /alert from-warning {id} <unit id>',
    alertSent: 'Alert #{id} sent to {groups} class groups ({sent} delivered, {failed} failed; failures are retried).',
  },
});

const MAX_ATTENDANCE = 100_000;

function requireSchoolAdmin(ctx: AppContext): void {
  if (!ctx.from || !ctx.services.config.ADMIN_IDS.includes(ctx.from.id)) throw new UserError(t(ctx.locale, 'schoolAdminOnly'));
}

/** `/meeting held [YYYY-MM-DD] [attendance]`: the date defaults to today, in the group's timezone. */
function parseHeld(words: string[], timezone: string, today: string, locale: AppContext['locale']): { day: string; attendance: number | null } {
  let day = today;
  let attendance: number | null = null;
  for (const word of words) {
    if (/^\d{4}-\d{1,2}-\d{1,2}$/.test(word)) {
      const at = parseLocalDateTime(word, timezone);
      const key = at && localDateKey(at, timezone);
      const asWritten = word.split('-').map((x, i) => (i === 0 ? x : x.padStart(2, '0'))).join('-');
      // 2027-02-30 parses as 03-02: refuse it rather than record another day.
      if (!key || key !== asWritten || key > today) throw new UserError(t(locale, 'badDate', { word }));
      day = key;
    } else {
      const n = Number(word.replace(/人$/, ''));
      if (!Number.isInteger(n) || n < 0 || n > MAX_ATTENDANCE) throw new UserError(t(locale, 'badAttendance', { word: word.slice(0, 32) }));
      attendance = n;
    }
  }
  return { day, attendance };
}

export const duties: Feature = {
  name: 'duties',
  commands: [
    { name: 'app', scope: 'everyone', chats: 'any', description: { zh: '国家反诈中心APP三步，记录你的进度', en: 'The anti-fraud app\'s three steps; record your progress' } },
    {
      name: 'pledge',
      scope: 'advisor',
      chats: 'group',
      description: { zh: '发布反诈承诺书（默认文本或自拟）', en: 'Post the anti-fraud pledge (default or your own text)' },
      usage: { zh: '[自拟承诺书内容]', en: '[your own text]' },
    },
    {
      name: 'meeting',
      scope: 'advisor',
      chats: 'group',
      description: { zh: '本月班会材料包；记录已开班会', en: 'This month\'s class-meeting kit; record a meeting held' },
      usage: { zh: '[held [YYYY-MM-DD] [到会人数]]', en: '[held [YYYY-MM-DD] [attendance]]' },
    },
    {
      name: 'alert',
      scope: 'admin',
      chats: 'any',
      description: { zh: '向一个单位的全部班级群发布新手法预警', en: 'Send an urgent alert to every group of a unit' },
      usage: { zh: '<单位ID> <内容> | from-warning <编号> [单位ID]', en: '<unit id> <text> | from-warning <number> [unit id]' },
    },
  ],
  install(composer, app) {
    const { duties } = app;
    app.reports.addSection(dutiesSection(duties));
    // Local early warning: every triaged message is counted for its school.
    app.triageLog.onRecorded(async (report) => void (await duties.earlyWarning.onTriaged(report.id)));

    composer.command('app', (ctx) => ctx.reply(duties.app.message(ctx.locale)));
    composer.button('appstep', async (ctx) => {
      const [n] = readToken(ctx.event.token, 'appstep', 1) ?? [];
      const step = stepOfToken(n);
      const result = step ? duties.app.record(ctx.event.from.id, step) : ({ kind: 'unknown' } as const);
      if (result.kind === 'unknown') return void (await ctx.answer(duties.app.expired(ctx.locale), { alert: true }));
      await ctx.answer(duties.app.answer(result, step!, ctx.locale));
    });

    composer.command('pledge', async (ctx) => {
      const group = registeredGroup(ctx);
      await ctx.requireAdmin(t(ctx.locale, 'advisorOnly'));
      await duties.pledges.post(group.id, ctx.event.from.id, ctx.event.args || undefined, group.locale);
    });
    composer.button('pledge', async (ctx) => {
      const [pledgeId] = readToken(ctx.event.token, 'pledge', 1) ?? [];
      const result = pledgeId === undefined ? ({ kind: 'unknown' } as const) : duties.pledges.sign(pledgeId, ctx.chat.id, ctx.event.from.id);
      if (result.kind === 'unknown') return void (await ctx.answer(t(ctx.locale, 'pledgeExpired'), { alert: true }));
      if (result.kind === 'already') return void (await ctx.answer(t(ctx.locale, 'alreadySigned')));
      await ctx.answer(t(ctx.locale, 'signed', { n: result.count }));
      await duties.pledges.refreshCount(pledgeId!);
    });

    composer.command('meeting', async (ctx) => {
      const group = registeredGroup(ctx);
      await ctx.requireAdmin(t(ctx.locale, 'advisorOnly'));
      const [sub, ...rest] = ctx.event.args.split(/\s+/).filter(Boolean);
      const today = localDateKey(app.clock.now(), group.timezone);
      if (sub === undefined) {
        const kit = duties.meetings.kit(group.id, group.audience, today);
        if (!kit) throw new UserError(t(ctx.locale, 'noKit'));
        const outcome = await ctx.send({ member: ctx.event.from.id }, duties.meetings.render(kit, group.className ?? group.id, group.locale));
        return void (await ctx.reply(t(ctx.locale, outcome.ok ? 'kitSent' : 'kitFailed'), { private: true }));
      }
      if (sub !== 'held' && sub !== '已开') throw new UserError(t(ctx.locale, 'meetingUsage'));
      const { day, attendance } = parseHeld(rest, group.timezone, today, ctx.locale);
      duties.meetings.recordHeld(group.id, day, attendance, ctx.event.from.id);
      await ctx.reply(t(ctx.locale, 'meetingRecorded', { date: day, attendance: attendance === null ? '' : t(ctx.locale, 'attendance', { n: attendance }) }));
    });

    composer.command('alert', async (ctx) => {
      requireSchoolAdmin(ctx);
      const [first, ...rest] = ctx.event.args.split(/\s+/).filter(Boolean);
      if (!first) throw new UserError(t(ctx.locale, 'alertUsage'));
      let unit: string;
      let text: string;
      let warningId: number | undefined;
      if (first === 'from-warning') {
        const id = Number(rest[0]?.replace(/^#/, ''));
        const warning = Number.isInteger(id) ? duties.earlyWarning.get(id) : undefined;
        if (!warning) throw new UserError(t(ctx.locale, 'unknownWarning', { id: (rest[0] ?? '').slice(0, 16) }));
        const school = warning.school === '*' ? undefined : warning.school;
        unit = rest[1] ?? school ?? '';
        if (!unit) throw new UserError(t(ctx.locale, 'needUnit', { id }));
        [text, warningId] = [duties.earlyWarning.alertText(warning), id];
      } else {
        // The text keeps its line breaks: everything after the unit id.
        [unit, text] = [first, ctx.event.args.slice(ctx.event.args.indexOf(first) + first.length).trim()];
        if (!text) throw new UserError(t(ctx.locale, 'alertUsage'));
      }
      if (app.units.get(unit) === undefined) throw new UserError(t(ctx.locale, 'unknownUnit', { unit: unit.slice(0, 32) }));
      const result = await duties.alerts.send(unit, text, ctx.event.from.id, warningId);
      await ctx.reply({ blocks: [p(t(ctx.locale, 'alertSent', { id: result.alertId, groups: result.groups, sent: result.sent, failed: result.failed }))] }, { private: true });
    });
  },
};
