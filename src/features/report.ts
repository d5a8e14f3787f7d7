import type { App, AppContext } from '../app.ts';
import { UserError } from '../core/errors.ts';
import type { EventOf } from '../core/events.ts';
import type { GroupId } from '../core/ids.ts';
import { list, p, type RichMessage } from '../core/message.ts';
import { defineMessages, type Locale } from '../i18n/index.ts';
import { localDateKey } from '../core/time.ts';
import { parsePeriodWord, type Period } from '../services/periods.ts';
import { senderAdvisesGroup, type Scope } from '../services/roles.ts';
import type { UnitKind } from '../services/units.ts';
import type { Feature } from './feature.ts';
import { exportReport, type ExportFormat } from './report-export.ts';
import { BOARD_IN_CHAT, followUpMessage, groupReportMessage, unitReportMessage } from './report-view.ts';

const t = defineMessages({
  'zh-CN': {
    refused: '抱歉，报告只提供给本群的辅导员/班主任。如需查看，请联系学校管理员用 /grant 授权。',
    refusedUnit: '抱歉，“{unit}”的报告只提供给该单位的辅导员和学校管理员。',
    privateNeedsUnit: '请在班级群里发送 /report，或在这里发送 /report <单位ID>。',
    unknownUnit: '没有 ID 为“{unit}”的单位。发送 /unit 查看单位列表。',
    badWord: '看不懂“{word}”。用法：/report [单位ID] [today|7d|30d|term|上周|上半月|上月|2026-11] [csv|xlsx|chart]',
    unitUsage: '用法：\n/unit 或 /unit list — 单位列表\n/unit add <ID> <名称> [school|college|class] [上级ID] — 新建或改名（学校管理员）\n/unit assign <ID> — 把本群归入该单位（本群管理员）',
    unitAdminOnly: '只有学校管理员（或上级单位的辅导员）可以建立单位。',
    groupAdminOnly: '只有本群管理员或学校管理员可以这样做。',
    groupOnly: '请在班级群里发送这个命令。',
    badUnitId: '单位 ID 只能用字母、数字、汉字、- 和 _，最长 32 个字符。',
    unknownParent: '没有 ID 为“{unit}”的上级单位。',
    unitSaved: '已保存单位 {id}：{name}（{kind}）{parent}',
    unitParent: '，上级：{parent}',
    assigned: '本群已归入 {name}（{id}）。',
    unitsTitle: '单位列表',
    unitsEmpty: '还没有单位。学校管理员可用 /unit add 建立。',
    unitLine: '{id} — {name}（{kind}）{parent}，直属群 {groups} 个',
    grantUsage: '用法：/grant <成员ID或群内昵称> [单位ID]（在班级群里发送；也可回复该成员的消息并写上昵称）',
    revokeUsage: '用法：/revoke <成员ID或群内昵称> [单位ID]',
    notInRoster: '本群里找不到“{who}”（或有重名）。请写成员 ID，或对方在群里的昵称。',
    granted: '已授权 {name} 为 {scope} 的辅导员。',
    revoked: '已取消 {name} 在 {scope} 的辅导员权限。',
    noRole: '{name} 在 {scope} 没有辅导员权限。',
    thisGroup: '本群',
    school: '学校',
    college: '学院',
    class: '班级',
  },
  en: {
    refused: 'Sorry, reports are for the advisors of this group. To get access, ask a school admin to /grant it to you.',
    refusedUnit: 'Sorry, the report of "{unit}" is for its advisors and the school admins.',
    privateNeedsUnit: 'Send /report in the class group, or /report <unit id> here.',
    unknownUnit: 'There is no unit "{unit}". Send /unit to list the units.',
    badWord: 'I do not understand "{word}". Usage: /report [unit id] [today|7d|30d|term|lastweek|lasthalf|lastmonth|2026-11] [csv|xlsx|chart]',
    unitUsage: 'Usage:\n/unit or /unit list — the units\n/unit add <id> <name> [school|college|class] [parent id] — create or rename (school admins)\n/unit assign <id> — put this group in that unit (group admins)',
    unitAdminOnly: 'Only school admins (or advisors of the parent unit) can create units.',
    groupAdminOnly: 'Only the group admins or school admins can do this.',
    groupOnly: 'Please send this command in the class group.',
    badUnitId: 'A unit id may use letters, digits, Chinese characters, - and _, up to 32 characters.',
    unknownParent: 'There is no parent unit "{unit}".',
    unitSaved: 'Saved unit {id}: {name} ({kind}){parent}',
    unitParent: ', under {parent}',
    assigned: 'This group now belongs to {name} ({id}).',
    unitsTitle: 'Units',
    unitsEmpty: 'No units yet. School admins create them with /unit add.',
    unitLine: '{id} — {name} ({kind}){parent}, {groups} groups directly',
    grantUsage: 'Usage: /grant <member id or display name in this group> [unit id] (in the class group)',
    revokeUsage: 'Usage: /revoke <member id or display name in this group> [unit id]',
    notInRoster: 'No one called "{who}" in this group (or several are). Give the member id or their display name here.',
    granted: '{name} is now an advisor of {scope}.',
    revoked: '{name} is no longer an advisor of {scope}.',
    noRole: '{name} has no advisor role on {scope}.',
    thisGroup: 'this group',
    school: 'school',
    college: 'college',
    class: 'class',
  },
});

const FORMATS: Record<string, ExportFormat> = { csv: 'csv', xlsx: 'xlsx', excel: 'xlsx', chart: 'png', png: 'png', 图表: 'png' };
const KIND_WORDS: Record<string, UnitKind> = { school: 'school', 学校: 'school', college: 'college', 学院: 'college', class: 'class', 班级: 'class' };
const UNIT_ID = /^[\p{L}\p{N}_-]{1,32}$/u;

interface ReportRequest {
  unit?: string;
  period: Period;
  format?: ExportFormat;
}

/** `/report [unit id] [period] [format]`, the words in any order; `today` (local) places 上周, 上半月 and the like. */
export function parseReportArgs(args: string, locale: Locale, isUnit: (word: string) => boolean, today: string): ReportRequest {
  const request: ReportRequest = { period: '7d' };
  for (const word of args.split(/\s+/).filter(Boolean)) {
    const period = parsePeriodWord(word, today);
    const format = FORMATS[word.toLowerCase()];
    if (period) request.period = period;
    else if (format) request.format = format;
    else if (isUnit(word)) request.unit = word;
    else throw new UserError(UNIT_ID.test(word) ? t(locale, 'unknownUnit', { unit: word }) : t(locale, 'badWord', { word: word.slice(0, 32) }));
  }
  return request;
}

async function reportGroup(app: App, ctx: AppContext, request: ReportRequest): Promise<void> {
  if (!(await senderAdvisesGroup(ctx))) throw new UserError(t(ctx.locale, 'refused'));
  const report = (await app.reports.groupReport(ctx.chat.id, request.period))!;
  if (request.format) {
    const file = await exportReport(app.reports, report, request.format, ctx.locale);
    await ctx.reply({ title: file.filename, blocks: [], attachments: [file] }, { private: true });
    return;
  }
  await ctx.reply(groupReportMessage(report, ctx.locale));
  await ctx.reply(followUpMessage(report, app.reports.followUps(ctx.chat.id), ctx.locale), { private: true });
}

async function reportUnit(app: App, ctx: AppContext, unitId: string, request: ReportRequest): Promise<void> {
  if (!app.roles.advisesUnit(ctx.from!.id, unitId)) throw new UserError(t(ctx.locale, 'refusedUnit', { unit: unitId }));
  // In chat the board shows its best classes only; the exports take them all.
  const report = app.reports.unitReport(unitId, request.period, request.format ? {} : { board: BOARD_IN_CHAT })!;
  const file = request.format ? await exportReport(app.reports, report, request.format, ctx.locale) : undefined;
  const message: RichMessage = file ? { title: file.filename, blocks: [], attachments: [file] } : unitReportMessage(report, ctx.locale);
  // A unit's board compares classes: it goes to the advisor, not into a class group.
  await ctx.reply(message, { private: true });
}

function kindName(locale: Locale, kind: UnitKind): string {
  return t(locale, kind);
}

async function requireGroupAdmin(ctx: AppContext): Promise<void> {
  if (ctx.isPrivate) throw new UserError(t(ctx.locale, 'groupOnly'));
  await ctx.requireAdmin(t(ctx.locale, 'groupAdminOnly'));
}

async function unitCommand(app: App, ctx: AppContext<EventOf<'command'>>): Promise<void> {
  const [verb = 'list', ...rest] = ctx.event.args.split(/\s+/).filter(Boolean);
  const locale = ctx.locale;
  switch (verb.toLowerCase()) {
    case 'list': {
      if (!(await ctx.senderIsAdmin())) throw new UserError(t(locale, 'groupAdminOnly'));
      const all = app.units.list();
      const counts = app.units.groupCounts();
      if (all.length === 0) return void (await ctx.reply(t(locale, 'unitsEmpty')));
      const parent = (id: string | null) => (id ? t(locale, 'unitParent', { parent: id }) : '');
      await ctx.reply({
        title: t(locale, 'unitsTitle'),
        blocks: [list(all.map((u) => [t(locale, 'unitLine', { id: u.id, name: u.name, kind: kindName(locale, u.kind), parent: parent(u.parentId), groups: counts.get(u.id) ?? 0 })]))],
      });
      return;
    }
    case 'add': {
      const [id, name, ...more] = rest;
      if (!id || !name) throw new UserError(t(locale, 'unitUsage'));
      if (!UNIT_ID.test(id)) throw new UserError(t(locale, 'badUnitId'));
      let kind: UnitKind | undefined;
      let parentId: string | null = null;
      // The kind comes first: once it is given, a word is a parent id even when it reads like a
      // kind (`/unit add jsj 计算机学院 college school`, under the unit whose id is school).
      for (const word of more) {
        const k = kind === undefined && parentId === null ? KIND_WORDS[word.toLowerCase()] : undefined;
        if (k) kind = k;
        else if (parentId === null && app.units.get(word)) parentId = word;
        else throw new UserError(t(locale, 'unknownParent', { unit: word.slice(0, 32) }));
      }
      const from = ctx.from!.id;
      const allowed = app.roles.isSchoolAdmin(from) || (parentId !== null && app.roles.advisesUnit(from, parentId));
      if (!allowed) throw new UserError(t(locale, 'unitAdminOnly'));
      const unit = app.units.save({ id, name: name.slice(0, 64), kind: kind ?? 'class', parentId });
      await ctx.reply(t(locale, 'unitSaved', { id: unit.id, name: unit.name, kind: kindName(locale, unit.kind), parent: parentId ? t(locale, 'unitParent', { parent: parentId }) : '' }));
      return;
    }
    case 'assign': {
      await requireGroupAdmin(ctx);
      const unit = app.units.get(rest[0] ?? '');
      if (!unit) throw new UserError(t(locale, 'unknownUnit', { unit: (rest[0] ?? '').slice(0, 32) }));
      app.units.assign(ctx.chat.id, unit.id);
      await ctx.reply(t(locale, 'assigned', { name: unit.name, id: unit.id }));
      return;
    }
    default:
      throw new UserError(t(locale, 'unitUsage'));
  }
}

/** `/grant` and `/revoke`: `<member id or display name> [unit id]`, in the class group. */
async function roleCommand(app: App, ctx: AppContext<EventOf<'command'>>, grant: boolean): Promise<void> {
  const locale = ctx.locale;
  if (ctx.isPrivate) throw new UserError(t(locale, 'groupOnly'));
  const words = ctx.event.args.split(/\s+/).filter(Boolean);
  const unitId = words.length > 1 && app.units.get(words.at(-1)!) ? words.pop()! : undefined;
  const who = words.join(' ');
  if (!who) throw new UserError(t(locale, grant ? 'grantUsage' : 'revokeUsage'));
  if (unitId) {
    if (!app.roles.advisesUnit(ctx.from!.id, unitId)) throw new UserError(t(locale, 'unitAdminOnly'));
  } else await ctx.requireAdmin(t(locale, 'groupAdminOnly'));
  const member = app.roles.findInRoster(ctx.chat.id, who);
  if (!member) throw new UserError(t(locale, 'notInRoster', { who: who.slice(0, 32) }));
  const scope: Scope = unitId ? { kind: 'unit', id: unitId } : { kind: 'group', id: ctx.chat.id as GroupId };
  const params = { name: member.name, scope: unitId ? `${app.units.get(unitId)!.name}（${unitId}）` : t(locale, 'thisGroup') };
  let key: 'granted' | 'revoked' | 'noRole' = 'granted';
  if (grant) app.roles.grant(member.id, scope, ctx.from!.id);
  else key = app.roles.revoke(member.id, scope) ? 'revoked' : 'noRole';
  // The reply names a member, so it goes to the one who asked.
  await ctx.reply({ blocks: [p(t(locale, key, params))] }, { private: true });
}

export const report: Feature = {
  name: 'report',
  commands: [
    {
      name: 'report',
      scope: 'advisor',
      chats: 'any',
      description: { zh: '宣传报告：群里看汇总，名单和导出私信发送', en: 'Report: totals in the group, names and exports privately' },
      usage: { zh: '[单位ID] [today|7d|30d|term|上周|上半月|上月|2026-11] [csv|xlsx|chart]', en: '[unit id] [today|7d|30d|term|lastweek|lasthalf|lastmonth|2026-11] [csv|xlsx|chart]' },
    },
    {
      name: 'unit',
      scope: 'admin',
      chats: 'any',
      description: { zh: '单位（学校—学院—班级）：列表、新建、本群归属', en: 'Units (school, college, class): list, add, assign this group' },
      usage: { zh: '[list | add <ID> <名称> [school|college|class] [上级ID] | assign <ID>]', en: '[list | add <id> <name> [school|college|class] [parent] | assign <id>]' },
    },
    {
      name: 'grant',
      scope: 'admin',
      chats: 'group',
      description: { zh: '授权成员为本群或某单位的辅导员', en: 'Make a member an advisor of this group or a unit' },
      usage: { zh: '<成员ID或群内昵称> [单位ID]', en: '<member id or display name> [unit id]' },
    },
    {
      name: 'revoke',
      scope: 'admin',
      chats: 'group',
      description: { zh: '取消辅导员权限', en: 'Take an advisor role away' },
      usage: { zh: '<成员ID或群内昵称> [单位ID]', en: '<member id or display name> [unit id]' },
    },
  ],
  install(composer, app) {
    composer.command('report', async (ctx) => {
      const tz = (ctx.isPrivate ? undefined : app.groups.get(ctx.chat.id)?.timezone) ?? app.config.DEFAULT_TIMEZONE;
      const request = parseReportArgs(ctx.event.args, ctx.locale, (word) => app.units.get(word) !== undefined, localDateKey(app.clock.now(), tz));
      if (request.unit) return reportUnit(app, ctx, request.unit, request);
      if (ctx.isPrivate) throw new UserError(t(ctx.locale, 'privateNeedsUnit'));
      return reportGroup(app, ctx, request);
    });
    composer.command('unit', (ctx) => unitCommand(app, ctx));
    composer.command('grant', (ctx) => roleCommand(app, ctx, true));
    composer.command('revoke', (ctx) => roleCommand(app, ctx, false));
  },
};
