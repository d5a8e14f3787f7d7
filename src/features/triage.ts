import type { App, AppContext } from '../app.ts';
import { UserError } from '../core/errors.ts';
import type { EventOf } from '../core/events.ts';
import type { GroupId } from '../core/ids.ts';
import { b, list, p, type Block, type RichMessage } from '../core/message.ts';
import { makeToken, readToken } from '../core/tokens.ts';
import { defineMessages, localized, type Locale } from '../i18n/index.ts';
import { SHARE_WINDOW_MS, type TriageReport } from '../services/triage-log.ts';
import { looksEnglish } from '../triage/index.ts';
import type { Feature } from './feature.ts';
import { riskLabel, tr, TRIAGE_BUTTON, triageAnswer, typeName } from './triage-answer.ts';

const t = defineMessages({
  'zh-CN': {
    usage: '用法：/check <可疑消息的文字>，或在群里回复那条消息发送 /check。也可以直接把可疑消息转发给我（私聊）。',
    prepare: '报警前准备好',
    warnings: '特别提醒',
    tellAdvisor: '📣 告诉我的辅导员',
    tellAdvisorOffer: '需要的话，我可以私下告诉你的辅导员，请他们尽快联系你。只有你按下按钮我才会通知。',
    invalid: '这个按钮已失效或不属于你，没有记录。',
    shared: '已把原文分享给你的辅导员（私信）。',
    detailsExpired: '详情只在检查后 {minutes} 分钟内可看（原文不写入数据库）。如需再看，请重新转发给我。',
    shareExpired: '原文已不在我这里了（只保留 {minutes} 分钟，且不写入数据库）。如需分享，请重新转发给我后再按。',
    alreadyShared: '原文已经分享过了。',
    noAdvisor: '我还不知道你的辅导员是谁（需要在班级群里登记过）。请直接联系辅导员或班主任；已被骗请立即拨打 110。',
    advisorTold: '已私下通知你的辅导员。请同时立即拨打 110 报警，请求紧急止付。',
    alreadyTold: '已经通知过你的辅导员了。',
    advisorAlert: '【需要跟进】{group} 的 {name} 报告可能已经被骗',
    advisorAlertType: '检查结果：风险{risk}，可能类型：{type}。',
    advisorAlertSteps: '已向其发送紧急止付步骤（拨打 110）。请尽快私下联系该同学，并提醒警惕二次诈骗。',
    advisorSharedText: '同学同意分享的原文：',
    sharedTitle: '【同学分享的可疑消息】{group} 的 {name}',
    unknownGroup: '（未登记的群）',
    unknownType: '未判断',
  },
  en: {
    usage: 'Usage: /check <the suspicious text>, or reply to the message in the group with /check. You can also forward the message to me in a private chat.',
    prepare: 'Have this ready when you call',
    warnings: 'Be careful',
    tellAdvisor: '📣 Tell my advisor',
    tellAdvisorOffer: 'If you want, I can tell your advisor privately so they can contact you soon. I only do so when you press the button.',
    invalid: 'This button has expired or is not yours; nothing was recorded.',
    shared: 'The text has been shared with your advisor privately.',
    detailsExpired: 'Details are available for {minutes} minutes after the check (the text is never stored). Forward it to me again to see them.',
    shareExpired: 'I no longer have the text (it is kept for {minutes} minutes only, never in the database). Forward it to me again, then press the button.',
    alreadyShared: 'The text has already been shared.',
    noAdvisor: 'I do not know your advisor yet (you need to be in a registered class group). Please contact your advisor directly; if you have been cheated, call 110 now.',
    advisorTold: 'Your advisor has been told privately. Call 110 now as well and ask for an emergency stop-payment.',
    alreadyTold: 'Your advisor has already been told.',
    advisorAlert: '[Follow up] {name} in {group} reports they may have been cheated',
    advisorAlertType: 'Check result: {risk} risk, likely type: {type}.',
    advisorAlertSteps: 'They have been sent the emergency stop-payment steps (call 110). Please contact them privately soon and warn them about follow-up “recovery” scams.',
    advisorSharedText: 'The text they agreed to share:',
    sharedTitle: '[A suspicious message shared with you] {name} in {group}',
    unknownGroup: '(unregistered group)',
    unknownType: 'not determined',
  },
});

/** The group a member's triage counts for: where they asked, or their class when asked privately. */
function groupOfAsk(app: App, ctx: AppContext): GroupId | undefined {
  return ctx.isPrivate ? app.groups.homeGroupOf(ctx.from!.id)?.id : ctx.chat.id;
}

async function triageAndAnswer(app: App, ctx: AppContext, text: string): Promise<void> {
  const result = app.triage.analyse(text);
  const report = await app.triageLog.record(ctx.from!.id, groupOfAsk(app, ctx), text, result);
  // An English message gets an English answer, whatever the member's client language.
  const locale = looksEnglish(text) ? 'en' : ctx.locale;
  const answer = triageAnswer(app.library, app.triage.content, locale, result, report.id);
  await ctx.reply(answer, { private: !ctx.isPrivate });
}

/** 紧急止付, in the order of content/reference/emergency.yaml, with the offer to tell the advisor. */
function emergencyMessage(app: App, locale: Locale, reportId: number): RichMessage {
  const e = app.library.emergency;
  return {
    title: localized(e.title, locale),
    blocks: [
      list(e.steps.map((s) => [localized(s.text, locale)]), true),
      p(b(t(locale, 'prepare'))),
      list(e.prepare.map((x) => [localized(x, locale)])),
      p(b(t(locale, 'warnings'))),
      list(e.warnings.map((x) => [localized(x, locale)])),
      p(t(locale, 'tellAdvisorOffer')),
      p(b(tr(locale, 'consult'))),
    ],
    buttons: [[{ label: t(locale, 'tellAdvisor'), token: makeToken(TRIAGE_BUTTON.tellAdvisor, reportId) }]],
  };
}

/** The report a press refers to, checked against who pressed (forged data acknowledges nothing). */
function reportOfPress(app: App, ctx: AppContext<EventOf<'button'>>, kind: string): TriageReport {
  const [id] = readToken(ctx.event.token, kind, 1) ?? [];
  const report = id ? app.triageLog.get(id, ctx.event.from.id) : undefined;
  if (!report) throw new UserError(t(ctx.locale, 'invalid'));
  return report;
}

function resultLine(app: App, locale: Locale, report: TriageReport): Block {
  const type = typeName(app.library, locale, report.typeId) ?? t(locale, 'unknownType');
  return p(t(locale, 'advisorAlertType', { risk: riskLabel(locale, report.risk), type }));
}

function groupLabel(app: App, locale: Locale, group: GroupId | null | undefined): string {
  const row = group ? app.groups.get(group) : undefined;
  return row?.className ?? row?.title ?? t(locale, 'unknownGroup');
}

/** Sends one private message to each advisor of the member's class; false when none is known. */
async function toAdvisors(app: App, group: GroupId | null | undefined, self: string, build: (locale: Locale) => RichMessage): Promise<boolean> {
  const advisors = group ? app.roles.advisorsOf(group).filter((id) => id !== self) : [];
  const locale = (group && app.groups.get(group)?.locale) || app.config.DEFAULT_LOCALE;
  for (const advisor of advisors) await app.transport.send({ member: advisor, viaGroup: group ?? undefined }, build(locale));
  return advisors.length > 0;
}

export const triage: Feature = {
  name: 'triage',
  commands: [
    {
      name: 'check',
      scope: 'everyone',
      chats: 'any',
      description: { zh: '检查一条可疑消息（也可直接私聊转发给我）', en: 'Check a suspicious message (or forward it to me privately)' },
      usage: { zh: '<消息文字>，或回复那条消息', en: '<text>, or as a reply to the message' },
    },
    { name: 'paid', scope: 'everyone', chats: 'any', description: { zh: '已经转账了？紧急止付步骤', en: 'Already paid? The emergency stop-payment steps' } },
  ],
  affordances: [
    // Discord: “Apps → 检查可疑消息” on any message; OneBot and DingTalk: reply 查 to the message.
    { kind: 'message-menu', command: 'check', label: { zh: '检查可疑消息', en: 'Check suspicious message' } },
    { kind: 'reply-code', command: 'check', codes: ['查', 'check'] },
  ],
  install(composer, app) {
    composer.command('check', async (ctx) => {
      const text = ctx.event.args || ctx.event.replyTo?.text || '';
      if (!text.trim()) throw new UserError(t(ctx.locale, 'usage'));
      await triageAndAnswer(app, ctx, text);
    });

    // In a private chat, whatever a member sends or forwards that is not a command is a question.
    composer.on('message', async (ctx, next) => {
      if (!ctx.isPrivate) return next();
      if (!ctx.event.text.trim()) throw new UserError(t(ctx.locale, 'usage'));
      await triageAndAnswer(app, ctx, ctx.event.text);
    });

    composer.command('paid', (ctx) => ctx.reply(emergencyMessage(app, ctx.locale, 0), { private: !ctx.isPrivate }));

    composer.button(TRIAGE_BUTTON.paid, async (ctx) => {
      const report = reportOfPress(app, ctx, TRIAGE_BUTTON.paid);
      app.triageLog.markPaid(report.id, report.memberId);
      await ctx.answer(localized(app.library.emergency.title, ctx.locale));
      await ctx.reply(emergencyMessage(app, ctx.locale, report.id), { private: true });
    });

    // 详情 analyses the text again from the triage log's memory (30 minutes, never the database).
    composer.button(TRIAGE_BUTTON.details, async (ctx) => {
      const report = reportOfPress(app, ctx, TRIAGE_BUTTON.details);
      const text = app.triageLog.waitingText(report.id, report.memberId);
      if (text === undefined) return void (await ctx.answer(t(ctx.locale, 'detailsExpired', { minutes: SHARE_WINDOW_MS / 60_000 }), { alert: true }));
      const locale = looksEnglish(text) ? 'en' : ctx.locale;
      await ctx.answer(tr(locale, 'detailsButton'));
      await ctx.reply(triageAnswer(app.library, app.triage.content, locale, app.triage.analyse(text), report.id, true), { private: true });
    });

    composer.button(TRIAGE_BUTTON.shareText, async (ctx) => {
      const report = reportOfPress(app, ctx, TRIAGE_BUTTON.shareText);
      if (report.consentAt !== null) return void (await ctx.answer(t(ctx.locale, 'alreadyShared'), { alert: true }));
      const text = app.triageLog.waitingText(report.id, report.memberId);
      if (text === undefined) return void (await ctx.answer(t(ctx.locale, 'shareExpired', { minutes: SHARE_WINDOW_MS / 60_000 }), { alert: true }));
      const name = ctx.event.from.name;
      const sent = await toAdvisors(app, report.groupId, report.memberId, (locale) => ({
        title: t(locale, 'sharedTitle', { name, group: groupLabel(app, locale, report.groupId) }),
        blocks: [
          resultLine(app, locale, report),
          { kind: 'quote', spans: [text] },
        ],
      }));
      if (!sent) return void (await ctx.answer(t(ctx.locale, 'noAdvisor'), { alert: true }));
      app.triageLog.share(report.id, report.memberId);
      await ctx.answer(t(ctx.locale, 'shared'), { alert: true });
    });

    composer.button(TRIAGE_BUTTON.tellAdvisor, async (ctx) => {
      const [id] = readToken(ctx.event.token, TRIAGE_BUTTON.tellAdvisor, 1) ?? [];
      if (id === undefined) throw new UserError(t(ctx.locale, 'invalid'));
      // `ta:0` comes from /paid with no triaged message behind it.
      const report = id === 0 ? undefined : reportOfPress(app, ctx, TRIAGE_BUTTON.tellAdvisor);
      if (report?.advisorToldAt) return void (await ctx.answer(t(ctx.locale, 'alreadyTold'), { alert: true }));
      const me = ctx.event.from;
      const group = report?.groupId ?? app.groups.homeGroupOf(me.id)?.id;
      const shared = report?.sharedText;
      const sent = await toAdvisors(app, group, me.id, (locale) => ({
        title: t(locale, 'advisorAlert', { name: me.name, group: groupLabel(app, locale, group) }),
        blocks: [
          ...(report ? [resultLine(app, locale, report)] : []),
          p(t(locale, 'advisorAlertSteps')),
          ...(shared ? [p(t(locale, 'advisorSharedText')), { kind: 'quote' as const, spans: [shared] }] : []),
        ],
      }));
      if (!sent) return void (await ctx.answer(t(ctx.locale, 'noAdvisor'), { alert: true }));
      if (report) app.triageLog.markAdvisorTold(report.id, report.memberId);
      await ctx.answer(t(ctx.locale, 'advisorTold'), { alert: true });
    });
  },
};
