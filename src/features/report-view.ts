import { b, list, p, type Block, type RichMessage } from '../core/message.ts';
import { formatLocal } from '../core/time.ts';
import { localized, type Locale } from '../i18n/index.ts';
import { memberBasis, type ClassStats, type FollowUp, type GroupInfo, type GroupReport, type SectionResult, type TriageStats, type UnitReport } from '../services/reports.ts';
import { isPushOnly } from '../services/webhook-groups.ts';
import { pct, periodName, rt } from './report-labels.ts';

/** How many classes of a unit's board the chat shows; the exports have them all. */
export const BOARD_IN_CHAT = 30;

function statsLine(s: ClassStats, period: GroupReport['period'], locale: Locale): string {
  return rt(locale, 'statsLine', {
    period: periodName(period, locale),
    rate: pct(s.ackRate),
    questions: s.quiz.questions,
    participation: pct(s.quiz.participation),
    correct: pct(s.quiz.correctRate),
    passed: s.exam.passed,
    taken: s.exam.taken,
    pass: pct(s.exam.passRate),
  });
}

function triageBlocks(t: TriageStats, period: GroupReport['period'], locale: Locale): Block[] {
  if (t.total === 0) return [p(rt(locale, 'triageNone', { period: periodName(period, locale) }))];
  return [
    p(rt(locale, 'triageLine', { period: periodName(period, locale), n: t.total })),
    list(t.byType.map((x) => [`${x.name ? localized(x.name, locale) : rt(locale, 'unknownType')}：${x.count}`])),
  ];
}

function sectionBlocks(sections: SectionResult[], locale: Locale): Block[] {
  return sections.flatMap((s) => [
    p(b(localized(s.title, locale))),
    list(s.metrics.map((m) => [`${localized(m.label, locale)}：${m.kind === 'rate' ? pct(m.total) : (m.total ?? '—')}`])),
  ]);
}

/**
 * A push-only webhook group's deliveries: how many were posted, and no rate, since nobody there
 * can acknowledge (a 0% would read as a class that ignores the campaign).
 */
function pushOnlyBlocks(r: GroupReport, locale: Locale): Block[] {
  return [list(r.deliveries.map((d) => [rt(locale, 'pushLine', { period: periodName(d.period, locale), n: d.tips + d.articles })]))];
}

function deliveryBlocks(r: GroupReport, locale: Locale): Block[] {
  return [
    list(r.deliveries.map((d) => [rt(locale, 'deliveryLine', { period: periodName(d.period, locale), tips: d.tips, articles: d.articles, acks: d.acknowledgements, rate: pct(d.ackRate) })])),
    p(statsLine(r.stats, r.period, locale)),
  ];
}

/** What the member rates divide by: the class list, or the members seen (docs/design.md, Report figures). */
function basisLine(g: Pick<GroupInfo, 'listed' | 'members'>, locale: Locale): string {
  return rt(locale, memberBasis(g) === 'list' ? 'basisList' : 'basisKnown', { n: g.members });
}

/** The group post: aggregates only, never a member's name. */
export function groupReportMessage(r: GroupReport, locale: Locale): RichMessage {
  const members = rt(locale, 'members', { known: r.group.knownMembers }) + (r.platformMembers === undefined ? '' : rt(locale, 'platformMembers', { n: r.platformMembers }));
  return {
    title: rt(locale, 'groupTitle', { name: r.group.name, period: periodName(r.period, locale) }),
    blocks: [
      p(members),
      p(basisLine(r.group, locale)),
      p(b(rt(locale, 'deliveriesHeading'))),
      ...(isPushOnly(r.group.id) ? pushOnlyBlocks(r, locale) : deliveryBlocks(r, locale)),
      ...triageBlocks(r.triage, r.period, locale),
      ...sectionBlocks(r.sections, locale),
    ],
    footer: rt(locale, 'privateNote'),
  };
}

/** For the advisor alone: who has not acknowledged in the last 7 days, with their last acknowledgement. */
export function followUpMessage(r: GroupReport, followUps: FollowUp[], locale: Locale): RichMessage {
  const last = (f: FollowUp) => (f.member === null ? rt(locale, 'notSeen') : f.lastAckAt === null ? rt(locale, 'never') : formatLocal(new Date(f.lastAckAt), r.group.timezone));
  return {
    title: rt(locale, 'followTitle', { name: r.group.name }),
    blocks: [followUps.length === 0 ? p(rt(locale, 'followNone')) : list(followUps.map((f) => [rt(locale, 'followLine', { name: f.name, last: last(f) })]))],
    footer: rt(locale, 'followHint'),
  };
}

export function unitReportMessage(r: UnitReport, locale: Locale): RichMessage {
  const t = r.totals;
  // Push-only groups are listed apart, unranked: their rate would always be nothing.
  const top = r.board.slice(0, BOARD_IN_CHAT);
  const shown = top.filter((c) => !isPushOnly(c.group.id));
  const pushOnly = top.filter((c) => isPushOnly(c.group.id));
  return {
    title: rt(locale, 'unitTitle', { name: r.unit.name, period: periodName(r.period, locale) }),
    blocks: [
      p(rt(locale, 'unitTotals', { groups: t.groups, known: t.knownMembers, delivered: t.delivered, rate: pct(t.ackRate), correct: pct(t.quiz.correctRate), pass: pct(t.exam.passRate), triaged: t.triaged, period: periodName(r.period, locale) })),
      p(rt(locale, 'unitBasis', { n: t.members, listed: t.listed })),
      list(shown.map((c) => [rt(locale, 'boardLine', { name: c.group.name, rate: pct(c.ackRate), correct: pct(c.quiz.correctRate), known: c.group.knownMembers })]), true),
      ...(pushOnly.length > 0 ? [p(b(rt(locale, 'pushHeading'))), list(pushOnly.map((c) => [rt(locale, 'pushBoardLine', { name: c.group.name, n: c.delivered })]))] : []),
      ...(t.groups > shown.length + pushOnly.length ? [p(rt(locale, 'boardMore', { n: t.groups - shown.length - pushOnly.length, unit: r.unit.id }))] : []),
      ...triageBlocks(r.triage, r.period, locale),
      ...sectionBlocks(r.sections, locale),
    ],
  };
}
