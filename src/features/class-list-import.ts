import type { App } from '../app.ts';
import { FileFetchError, tooLarge, type IncomingFile } from '../core/incoming-file.ts';
import type { Composer } from '../core/composer.ts';
import type { Context } from '../core/context.ts';
import { UserError } from '../core/errors.ts';
import type { EventOf } from '../core/events.ts';
import type { GroupId, MemberId } from '../core/ids.ts';
import { b, list, p, type Block } from '../core/message.ts';
import { defineMessages, type Locale } from '../i18n/index.ts';
import { ClassListFileError, readClassListFile } from '../services/class-list-file.ts';
import type { ClassListEntry } from '../services/class-lists.ts';
import { classLabel, type Group } from '../services/groups.ts';
import { canSeeGroup } from '../services/roles.ts';

/**
 * A class list (花名册) sent to the bot as a file in a private chat: the same import as the CLI's
 * and the web console's (docs/design.md, Class lists), answered to the sender alone.
 */

/** A class list is a few kilobytes (an XLSX of a whole school well under one megabyte): anything larger is something else. */
export const CLASS_LIST_MAX_BYTES = 2 * 1024 * 1024;
/** How long a class chosen with a private /classlist <class> waits for its file. */
const CHOICE_MS = 10 * 60_000;

const t = defineMessages({
  'zh-CN': {
    notAdvisor: '只有班级的辅导员/班主任或学校管理员可以发送花名册。如果你想问一条消息是不是诈骗，请直接把文字发给我。',
    notList: '“{name}”不是花名册文件。请发送 CSV 或 XLSX 表格，第一行是列名：学号、姓名，可选 平台ID。',
    tooLarge: '文件太大（上限 {mb} MB），没有读取。花名册只需要 学号、姓名 两列，请删去其他列后再发。',
    unavailable: '没能取到这个文件（可能已过期或网络出错），什么也没有导入。请稍后再发一次。',
    unreadable: '这个文件不能作为花名册导入（{detail}），什么也没有保存。请检查：第一行是列名 学号、姓名（可选 平台ID），每行一名学生，学号不重复。',
    whichClass: '你负责多个班级：{classes}。请重新发送文件，并在说明里写上班级名；或先私聊发送 /classlist <班级名>，再发文件。',
    unknownClass: '“{name}”不是你负责的班级。你负责的班级：{classes}。',
    chosen: '请在 10 分钟内把 {group} 的花名册文件（CSV 或 XLSX）发给我。',
    imported: '已导入 {group} 的花名册：{listed} 人（新增 {added}，更新 {updated}，移除 {removed}），按平台ID直接绑定 {bound} 人。',
    ignored: '以下列没有读取，也没有保存：{columns}。',
    codes: '尚未绑定的学生和各自的一次性绑定码（请私下发给本人，对方私聊机器人发送 /bind 绑定码）：',
    yourClasses: '你负责的班级：{classes}。要导入其中一个班的花名册，请私聊发送 /classlist <班级名>，再发文件。',
  },
  en: {
    notAdvisor: 'Only a class advisor or a school admin can send a class list. To ask whether a message is a scam, just send me its text.',
    notList: '“{name}” is not a class list. Send a CSV or XLSX table whose first row names the columns: 学号, 姓名 and optionally 平台ID.',
    tooLarge: 'The file is too large (at most {mb} MB) and was not read. A class list needs only the columns 学号 and 姓名: remove the others and send it again.',
    unavailable: 'The file could not be fetched (it may have expired, or the network failed); nothing was imported. Please send it again later.',
    unreadable: 'This file cannot be imported as a class list ({detail}); nothing was stored. Check that the first row names the columns 学号 and 姓名 (optionally 平台ID), one student a row, no 学号 twice.',
    whichClass: 'You advise several classes: {classes}. Send the file again with the class name as its caption, or first send /classlist <class> to me privately, then the file.',
    unknownClass: '“{name}” is not a class you advise. Your classes: {classes}.',
    chosen: 'Send me the class list of {group} (CSV or XLSX) within 10 minutes.',
    imported: 'Imported the class list of {group}: {listed} students ({added} added, {updated} updated, {removed} removed), {bound} bound by platform id.',
    ignored: 'These columns were not read and not stored: {columns}.',
    codes: 'Students not bound yet and their one-time codes (give each their own privately; they send /bind <code> to the bot):',
    yourClasses: 'Your classes: {classes}. To import one’s class list, send /classlist <class> to me privately, then the file.',
  },
});

/** The students still to bind and their codes, for the advisor's eyes only. */
export function codeBlocks(locale: Locale, unbound: readonly Pick<ClassListEntry, 'name' | 'code'>[]): Block[] {
  return unbound.length ? [p(b(t(locale, 'codes'))), list(unbound.map((e) => [`${e.name} — ${e.code}`]))] : [];
}

/** Names are matched as a person types them: blanks around them and letter case do not count. */
const sameName = (a: string, b: string) => a.trim().toLowerCase() === b.trim().toLowerCase();

/** The registered classes the member advises, by class name. */
function advisedClasses(app: App, member: MemberId): Group[] {
  const scope = app.roles.advisedScope(member);
  return app.groups.registered().filter((g) => canSeeGroup(scope, g));
}

function namedClass(locale: Locale, classes: Group[], name: string): Group {
  const found = classes.filter((g) => g.id === name.trim() || [g.className, g.title].some((n) => n != null && sameName(n, name)));
  if (found.length !== 1) throw new UserError(t(locale, 'unknownClass', { name: name.trim(), classes: classes.map(classLabel).join('、') }));
  return found[0]!;
}

type FileContext = Context<App, EventOf<'message'>>;

/** Private `/classlist` (a class chosen for the next file) and class lists sent as files. */
export function installClassListImport(composer: Composer<App>, app: App): void {
  const chosen = new Map<MemberId, { group: GroupId; until: number }>();
  const now = () => app.clock.now().getTime();

  composer.command('classlist', async (ctx, next) => {
    if (!ctx.isPrivate) return next();
    const classes = advisedClasses(app, ctx.event.from.id);
    if (classes.length === 0) throw new UserError(t(ctx.locale, 'notAdvisor'));
    if (!ctx.event.args) return void (await ctx.reply(t(ctx.locale, 'yourClasses', { classes: classes.map(classLabel).join('、') })));
    const group = namedClass(ctx.locale, classes, ctx.event.args);
    chosen.set(ctx.event.from.id, { group: group.id, until: now() + CHOICE_MS });
    await ctx.reply(t(ctx.locale, 'chosen', { group: classLabel(group) }));
  });

  /** The class the file is for: named in its caption, chosen before, or the sender's only one. */
  const target = (ctx: FileContext, classes: Group[]): Group => {
    if (ctx.event.text.trim()) return namedClass(ctx.locale, classes, ctx.event.text);
    const choice = chosen.get(ctx.event.from.id);
    const before = choice && choice.until > now() ? classes.find((g) => g.id === choice.group) : undefined;
    if (before) return before;
    if (classes.length === 1) return classes[0]!;
    throw new UserError(t(ctx.locale, 'whichClass', { classes: classes.map(classLabel).join('、') }));
  };

  composer.on('message', async (ctx, next) => {
    const file = ctx.event.file;
    if (!file || !ctx.isPrivate) return next();
    const classes = advisedClasses(app, ctx.event.from.id);
    const table = /\.(csv|xlsx)$/i.test(file.name);
    // A screenshot with words, or a member's file that is no table, is a question for triage, not an import.
    if (!table && (ctx.event.text.trim() || classes.length === 0)) return next();
    if (classes.length === 0) throw new UserError(t(ctx.locale, 'notAdvisor'));
    // Refused by its name and size before a byte is downloaded.
    if (!table) throw new UserError(t(ctx.locale, 'notList', { name: file.name }));
    if (tooLarge(file, CLASS_LIST_MAX_BYTES)) throw new UserError(t(ctx.locale, 'tooLarge', { mb: CLASS_LIST_MAX_BYTES / 1024 / 1024 }));
    const group = target(ctx, classes);
    const parsed = await readList(ctx.locale, file);
    const result = app.classLists.import(group.id, parsed.rows);
    chosen.delete(ctx.event.from.id);
    await ctx.reply({
      blocks: [
        p(t(ctx.locale, 'imported', { group: classLabel(group), listed: result.listed, added: result.added, updated: result.updated, removed: result.removed, bound: result.bound })),
        ...(parsed.ignored.length ? [p(t(ctx.locale, 'ignored', { columns: parsed.ignored.join('、') }))] : []),
        ...codeBlocks(ctx.locale, result.codes),
      ],
    });
  });
}

async function readList(locale: Locale, file: IncomingFile) {
  try {
    return await readClassListFile(await file.fetch(CLASS_LIST_MAX_BYTES), file.name);
  } catch (err) {
    if (err instanceof FileFetchError) {
      throw new UserError(err.reason === 'too-large' ? t(locale, 'tooLarge', { mb: CLASS_LIST_MAX_BYTES / 1024 / 1024 }) : t(locale, 'unavailable'));
    }
    if (err instanceof ClassListFileError) throw new UserError(t(locale, 'unreadable', { detail: err.describe(locale) }));
    throw err;
  }
}
