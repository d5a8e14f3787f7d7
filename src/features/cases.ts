import type { App } from '../app.ts';
import type { Library } from '../content/library.ts';
import { UserError } from '../core/errors.ts';
import type { GroupId } from '../core/ids.ts';
import { list, p } from '../core/message.ts';
import { defineMessages, type Locale } from '../i18n/index.ts';
import { CaseInputError, parseCaseWords, type FraudCase } from '../services/cases.ts';
import { casesSection } from './cases-section.ts';
import type { Feature } from './feature.ts';

const t = defineMessages({
  'zh-CN': {
    usage:
      '用法（私聊，学校管理员）：\n/case add <日期> <单位ID或班级群ID> <诈骗类型> <金额档> <报案途径> <止付结果> [简短说明]\n  金额档：无 | <1千 | 1千-1万 | 1万-5万 | 5万-10万 | 10万以上\n  报案途径：110 | 96110 | 学校 | app | 其他\n  止付结果：成功 | 失败 | 未止付\n  说明不写姓名、电话、证件号。\n/case list [单位ID]\n/case alert <编号> — 据此向该单位发布预警',
    privateOnly: '台账只在私聊里记录，请私聊我发送 /case。',
    adminOnly: '只有学校管理员可以记录和查看台账。',
    day: '日期请写成 YYYY-MM-DD。',
    where: '找不到这个单位或班级群；请写单位 ID（/unit list）或已归入单位的班级群 ID。',
    type: '不认识这个诈骗类型；请写类型 ID 或中文名称。',
    amount: '金额档请写：无、<1千、1千-1万、1万-5万、5万-10万、10万以上。',
    via: '报案途径请写：110、96110、学校、app、其他。',
    stop: '止付结果请写：成功、失败、未止付。',
    note: '说明最多 120 字，且不能含电话、证件号、卡号等长数字。不要写受害人姓名。',
    added: '已记入台账：第 {id} 号（{day}，{unit}，{type}）。',
    none: '台账里还没有案件。',
    line: '#{id} {day} {unit} {type} {amount} 报案：{via} 止付：{stop}{alert}',
    alerted: '（已预警）',
    unknownCase: '台账里没有第 {id} 号案件。',
    alertText: '【新手法预警】{day}，本单位发生一起“{type}”诈骗案件。请提高警惕：不轻信陌生来电和链接，不向陌生账户转账；遇到可疑情况拨打 96110 咨询。',
    alertSent: '已据第 {id} 号案件向 {unit} 发布预警：发送 {sent} 个群，失败 {failed} 个。',
  },
  en: {
    usage:
      'Usage (privately, school admins):\n/case add <date> <unit id or class group id> <fraud type> <amount band> <reported via> <stop payment> [short note]\n  amount: none | lt1k | 1k-10k | 10k-50k | 50k-100k | ge100k\n  reported via: 110 | 96110 | school | app | other\n  stop payment: succeeded | failed | not-tried\n  No names, phone or ID numbers in the note.\n/case list [unit id]\n/case alert <number> — send an alert to its unit',
    privateOnly: 'The case ledger is kept in private chats: send /case to me privately.',
    adminOnly: 'Only school admins record and read the case ledger.',
    day: 'Write the date as YYYY-MM-DD.',
    where: 'No such unit or class group; give a unit id (/unit list) or the id of a class group that belongs to a unit.',
    type: 'Unknown fraud type; give its id or its Chinese name.',
    amount: 'Amount band: none, lt1k, 1k-10k, 10k-50k, 50k-100k, ge100k.',
    via: 'Reported via: 110, 96110, school, app, other.',
    stop: 'Stop payment: succeeded, failed, not-tried.',
    note: 'The note is 120 characters at most, with no phone, ID or card numbers. No victim names.',
    added: 'Recorded as case {id} ({day}, {unit}, {type}).',
    none: 'No cases in the ledger yet.',
    line: '#{id} {day} {unit} {type} {amount} via {via}, stop payment {stop}{alert}',
    alerted: ' (alerted)',
    unknownCase: 'There is no case {id} in the ledger.',
    alertText: '[New scam alert] On {day} a "{type}" fraud case happened in our unit. Do not trust unknown callers or links, never transfer money to strangers; call 96110 when in doubt.',
    alertSent: 'Alert sent to {unit} from case {id}: {sent} groups, {failed} failed.',
  },
});

const typeName = (library: Library, id: string, locale: Locale) => {
  const name = library.types.get(id as never)?.name;
  return (locale === 'en' ? name?.en : name?.zh) ?? id;
};

function caseLine(app: App, c: FraudCase, locale: Locale): string {
  return t(locale, 'line', { id: c.id, day: c.day, unit: c.unitId, type: typeName(app.library, c.typeId, locale), amount: c.amountBand, via: c.reportedVia, stop: c.stopPayment, alert: c.alertId ? t(locale, 'alerted') : '' });
}

/** A unit id, or a class group's id (its unit): where a case belongs. */
export function caseWhere(app: Pick<App, 'units' | 'groups'>, word: string): { unitId: string; groupId: GroupId | null } | undefined {
  if (app.units.get(word)) return { unitId: word, groupId: null };
  const group = app.groups.get(word as GroupId);
  return group?.unitId ? { unitId: group.unitId, groupId: group.id } : undefined;
}

/** A fraud type by its id or its Chinese name. */
export function caseType(library: Library, word: string): string | undefined {
  if (library.types.has(word as never)) return word;
  return [...library.types].find(([, type]) => type.name.zh === word)?.[0];
}

/** The case ledger (台账): /case add|list|alert for school admins, privately; its counts in the unit reports. */
export const cases: Feature = {
  name: 'cases',
  commands: [
    {
      name: 'case',
      scope: 'admin',
      chats: 'private',
      description: { zh: '案件台账：记录、查看、据此发布预警（学校管理员）', en: 'Case ledger: record, list, alert (school admins)' },
      usage: { zh: 'add … | list [单位ID] | alert <编号>', en: 'add … | list [unit id] | alert <number>' },
    },
  ],
  install(composer, app) {
    app.reports.addSection(casesSection(app.cases, app.library, app.config.DEFAULT_TIMEZONE));
    composer.command('case', async (ctx) => {
      const locale = ctx.locale;
      if (!ctx.isPrivate) throw new UserError(t(locale, 'privateOnly'));
      if (!app.roles.isSchoolAdmin(ctx.from!.id)) throw new UserError(t(locale, 'adminOnly'));
      const [verb, ...words] = ctx.event.args.split(/\s+/).filter(Boolean);
      if (verb === 'add') {
        let input;
        try {
          input = parseCaseWords(words, (w) => caseWhere(app, w), (w) => caseType(app.library, w));
        } catch (err) {
          if (err instanceof CaseInputError) throw new UserError(t(locale, err.field));
          throw err;
        }
        const c = app.cases.add(input, ctx.from!.id);
        await ctx.reply(t(locale, 'added', { id: c.id, day: c.day, unit: c.unitId, type: typeName(app.library, c.typeId, locale) }));
      } else if (verb === 'list') {
        const all = app.cases.list(words[0] ? { unitId: words[0] } : {}).slice(-30);
        await ctx.reply(all.length ? { blocks: [list(all.map((c) => [caseLine(app, c, locale)]))] } : { blocks: [p(t(locale, 'none'))] });
      } else if (verb === 'alert') {
        const c = app.cases.get(Number(words[0]));
        if (!c) throw new UserError(t(locale, 'unknownCase', { id: (words[0] ?? '').slice(0, 12) }));
        const text = t(app.config.DEFAULT_LOCALE, 'alertText', { day: c.day, type: typeName(app.library, c.typeId, app.config.DEFAULT_LOCALE) });
        const result = await app.duties.alerts.send(c.unitId, text, ctx.from!.id);
        app.cases.setAlert(c.id, result.alertId);
        await ctx.reply(t(locale, 'alertSent', { id: c.id, unit: c.unitId, sent: result.sent, failed: result.failed }));
      } else throw new UserError(t(locale, 'usage'));
    });
  },
};
