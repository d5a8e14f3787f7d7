import { UserError } from '../core/errors.ts';
import { p } from '../core/message.ts';
import { defineMessages } from '../i18n/index.ts';
import { senderAdvisesGroup } from '../services/roles.ts';
import { classLabel } from '../services/groups.ts';
import { codeBlocks, installClassListImport } from './class-list-import.ts';
import type { Feature } from './feature.ts';

const t = defineMessages({
  'zh-CN': {
    bindUsage: '用法：私聊我发送 /bind <绑定码>（绑定码由辅导员发给你）。',
    bindPrivate: '请私聊我发送 /bind <绑定码>，不要在群里公开绑定码。',
    bindUnknown: '绑定码无效或已经用过。请向辅导员核对。',
    bound: '已绑定：你是 {group} 花名册上的 {name}。',
    advisorsOnly: '花名册只提供给本群的辅导员/班主任。',
    title: '花名册 · {group}',
    counts: '花名册 {listed} 人，已绑定 {bound} 人。',
    none: '本群还没有花名册。',
    howToImport: '导入或更新花名册：把 CSV 或 XLSX 文件私聊发给我（列：学号、姓名，可选 平台ID；不要放手机号、身份证号）。你负责多个班级时，在文件说明里写上班级名，或先私聊发送 /classlist <班级名>。也可以用网页控制台或 npm run -s roster -- import <班级> <文件>。',
  },
  en: {
    bindUsage: 'Usage: send /bind <code> to me privately (your advisor gives you the code).',
    bindPrivate: 'Please send /bind <code> to me privately; do not post your code in the group.',
    bindUnknown: 'That code is unknown or already used. Please check it with your advisor.',
    bound: 'Bound: you are {name} on the class list of {group}.',
    advisorsOnly: 'The class list is for the advisors of this group.',
    title: 'Class list · {group}',
    counts: '{listed} on the class list, {bound} bound.',
    none: 'This group has no class list yet.',
    howToImport: 'To import or update the list, send me the CSV or XLSX file privately (columns 学号, 姓名 and optionally 平台ID; no phone or ID card numbers). If you advise several classes, put the class name in the file’s caption, or first send /classlist <class> privately. The web console and npm run -s roster -- import <class> <file> work too.',
  },
});

/** Class lists (花名册): /bind for students, privately; /classlist for the class's advisors. */
export const classList: Feature = {
  name: 'class-list',
  commands: [
    { name: 'bind', scope: 'everyone', chats: 'private', description: { zh: '用辅导员给的绑定码绑定花名册', en: 'Bind yourself to the class list with your code' }, usage: { zh: '<绑定码>', en: '<code>' } },
    {
      name: 'classlist',
      scope: 'advisor',
      chats: 'any',
      description: { zh: '花名册：在群里查看人数和绑定码（私信）；私聊发送文件导入', en: 'Class list: counts and codes (in the group, sent privately); send the file privately to import' },
      usage: { zh: '[班级名]（私聊：选定要导入的班级）', en: '[class] (privately: the class to import for)' },
    },
  ],
  install(composer, app) {
    installClassListImport(composer, app);
    composer.command('bind', async (ctx) => {
      if (!ctx.isPrivate) throw new UserError(t(ctx.locale, 'bindPrivate'));
      const code = ctx.event.args.trim();
      if (!code) throw new UserError(t(ctx.locale, 'bindUsage'));
      const bound = app.classLists.bind(ctx.from!.id, code);
      if (!bound) throw new UserError(t(ctx.locale, 'bindUnknown'));
      const group = app.groups.get(bound.group);
      await ctx.reply(t(ctx.locale, 'bound', { name: bound.name, group: group ? classLabel(group) : bound.group }));
    });

    composer.command('classlist', async (ctx) => {
      if (!(await senderAdvisesGroup(ctx))) throw new UserError(t(ctx.locale, 'advisorsOnly'));
      const entries = app.classLists.entries(ctx.chat.id);
      const unbound = entries.filter((e) => e.member === null);
      const group = app.groups.get(ctx.chat.id);
      const locale = ctx.locale;
      // Names and codes: to the advisor alone.
      await ctx.reply(
        {
          title: t(locale, 'title', { group: group ? classLabel(group) : ctx.chat.id }),
          blocks: [
            p(entries.length ? t(locale, 'counts', { listed: entries.length, bound: entries.length - unbound.length }) : t(locale, 'none')),
            ...codeBlocks(locale, unbound),
            p(t(locale, 'howToImport')),
          ],
        },
        { private: true },
      );
    });
  },
};
