import { and, desc, eq, gte, inArray, isNotNull, lt, ne, notExists, or } from 'drizzle-orm';
import type { Clock } from '../../core/clock.ts';
import type { GroupId, MemberId } from '../../core/ids.ts';
import { b, p, type RichMessage } from '../../core/message.ts';
import { addDays, localDateKey, localParts, zonedInstant } from '../../core/time.ts';
import type { Transport } from '../../core/transport.ts';
import type { Config } from '../../config.ts';
import type { Library } from '../../content/library.ts';
import type { FraudTypeId } from '../../content/schema.ts';
import type { Db } from '../../db/client.ts';
import { alerts, earlyWarnings, groupMembers, groups, triageReports } from '../../db/schema.ts';
import { defineMessages, localized, type Locale } from '../../i18n/index.ts';
import type { Logger } from '../../log.ts';
import type { UnitService } from '../units.ts';

const t = defineMessages({
  'zh-CN': {
    title: '本地预警 #{id}',
    byType: '今天{school}已有 {count} 次分诊结果为“{type}”类可疑信息（阈值 {threshold}）。',
    byText: '今天{school}已有 {count} 次分诊了内容几乎相同的可疑信息{type}（阈值 {threshold}）。',
    typeHint: '，多判为“{type}”',
    wholeInstance: '全校',
    inSchool: '“{school}”',
    sample: '样例（经成员同意分享，已隐去号码、链接和账号）：',
    noSample: '没有成员同意分享原文，因此不附样例。',
    howTo: '如需向全单位发布预警：/alert from-warning {id} <单位ID>',
  },
  en: {
    title: 'Local early warning #{id}',
    byType: 'Today {school} has had {count} triage results of the type "{type}" (threshold {threshold}).',
    byText: 'Today {school} has had {count} triages of nearly the same suspicious text{type} (threshold {threshold}).',
    typeHint: ', mostly "{type}"',
    wholeInstance: 'the school',
    inSchool: '"{school}"',
    sample: 'Sample (shared with consent; numbers, links and accounts removed):',
    noSample: 'No member consented to share the text, so there is no sample.',
    howTo: 'To send an alert to a whole unit: /alert from-warning {id} <unit id>',
  },
});

/** Members without a unit count as one school: the whole instance. */
export const WHOLE_INSTANCE = '*';
const SAMPLE_MAX = 200;

export type EarlyWarning = typeof earlyWarnings.$inferSelect;

/** Removes what could identify anyone from a shared scam text: links, long numbers, @accounts. */
export function anonymise(text: string): string {
  const masked = text
    .replace(/(https?:\/\/|www\.)\S+/gi, '[链接]')
    .replace(/[A-Za-z0-9._-]*\d[\d\s-]{3,}\d/g, '[号码]')
    .replace(/@[\w.-]+/g, '[账号]')
    .replace(/(微信|vx|VX|QQ|qq)[号:：\s]*[A-Za-z0-9_-]{5,}/g, '$1[账号]');
  return [...masked].length > SAMPLE_MAX ? `${[...masked].slice(0, SAMPLE_MAX).join('')}…` : masked;
}

/**
 * Local early warning (以案说法): when triage reports of one fraud type, or of one text hash,
 * reach the threshold within one day in one school, the school admins are told privately, once
 * (the (school, kind, key, day) row is claimed by its insert). Reports with risk `none` do not
 * count. The school is the root unit of the reporting member's group (the report's own group
 * first, else the member's most recently seen group with a unit); the day is the local date in
 * DEFAULT_TIMEZONE.
 */
export class EarlyWarningService {
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly config: Config,
    private readonly library: Library,
    private readonly transport: Transport,
    private readonly units: UnitService,
    private readonly log: Logger,
  ) {}

  /**
   * Call after inserting a triage report. Returns the warnings this report raised (at most one
   * by type and one by text); admins are told of each before it returns.
   */
  async onTriaged(reportId: number): Promise<EarlyWarning[]> {
    const report = this.db.select().from(triageReports).where(eq(triageReports.id, reportId)).get();
    if (!report || report.risk === 'none') return [];
    const tz = this.config.DEFAULT_TIMEZONE;
    const local = localParts(new Date(report.at), tz);
    const next = addDays(local.year, local.month, local.day, 1);
    const [from, to] = [zonedInstant(local.year, local.month, local.day, 0, 0, tz).getTime(), zonedInstant(next.year, next.month, next.day, 0, 0, tz).getTime()];
    const day = localDateKey(new Date(report.at), tz);
    // A day's reports come from few members and groups: each one's school is looked up once.
    const schools = new Map<string, string>();
    const schoolOf = (r: { memberId: MemberId; groupId: GroupId | null }) => {
      const key = `${r.memberId}|${r.groupId}`;
      let found = schools.get(key);
      if (found === undefined) schools.set(key, (found = this.schoolOf(r.memberId, r.groupId)));
      return found;
    };
    const school = schoolOf(report);

    const same = this.db
      .select()
      .from(triageReports)
      .where(
        and(
          gte(triageReports.at, from),
          lt(triageReports.at, to),
          ne(triageReports.risk, 'none'),
          report.typeId ? or(eq(triageReports.typeId, report.typeId), eq(triageReports.textHash, report.textHash)) : eq(triageReports.textHash, report.textHash),
        ),
      )
      .orderBy(desc(triageReports.at))
      .all()
      .filter((r) => schoolOf(r) === school);

    const raised: EarlyWarning[] = [];
    const candidates = [
      ...(report.typeId ? [{ kind: 'type' as const, key: report.typeId, matches: same.filter((r) => r.typeId === report.typeId) }] : []),
      { kind: 'text' as const, key: report.textHash, matches: same.filter((r) => r.textHash === report.textHash) },
    ];
    for (const { kind, key, matches } of candidates) {
      if (matches.length < this.config.EARLY_WARNING_THRESHOLD) continue;
      const typeId = kind === 'type' ? key : mostCommon(matches.map((r) => r.typeId));
      const warning = this.db
        .insert(earlyWarnings)
        .values({ school, kind, key, day, typeId, count: matches.length, at: this.clock.now().getTime() })
        .onConflictDoNothing()
        .returning()
        .get();
      if (!warning) continue; // already told today
      raised.push(warning);
      const consented = matches.find((r) => r.sharedText && r.consentAt !== null);
      await this.tellAdmins(warning, consented?.sharedText ?? undefined);
    }
    return raised;
  }

  /** Warnings raised since `since` that no alert has answered yet, newest first, for these schools (all when undefined). */
  open(since: number, schools?: readonly string[]): EarlyWarning[] {
    return this.db
      .select()
      .from(earlyWarnings)
      .where(and(gte(earlyWarnings.at, since), notExists(this.db.select().from(alerts).where(eq(alerts.warningId, earlyWarnings.id))), schools ? inArray(earlyWarnings.school, [...schools]) : undefined))
      .orderBy(desc(earlyWarnings.at))
      .all();
  }

  get(id: number): EarlyWarning | undefined {
    return this.db.select().from(earlyWarnings).where(eq(earlyWarnings.id, id)).get();
  }

  /**
   * The alert text made from a warning, in both languages: only library facts (the fraud
   * type's red flags and what to do, or 三不一多 when the type is unknown), no member's text.
   */
  alertText(warning: EarlyWarning): string {
    const type = warning.typeId ? this.library.types.get(warning.typeId as FraudTypeId) : undefined;
    const lines = (locale: Locale) => {
      const zh = locale === 'zh-CN';
      const heading = (zhText: string, enText: string) => (zh ? `${zhText}：` : `${enText}:`);
      const bullets = (items: readonly { zh: string; en: string }[]) => items.map((i) => `• ${localized(i, locale)}`);
      if (type) {
        return [
          zh ? `近期本校多人收到疑似“${type.name.zh}”的诈骗信息，请提高警惕。` : `Several people in our school have recently received messages that look like "${type.name.en}" fraud. Please be on guard.`,
          heading('识别要点', 'Warning signs'),
          ...bullets(type.red_flags.slice(0, 3)),
          heading('怎么做', 'What to do'),
          ...bullets(type.what_to_do.slice(0, 3)),
        ];
      }
      const rules = this.library.ruleSets.get('sanbuyiduo');
      return [
        zh ? '近期本校多人收到内容几乎相同的可疑信息，请提高警惕。' : 'Several people in our school have recently received nearly the same suspicious message. Please be on guard.',
        ...(rules ? [heading(rules.name.zh, rules.name.en), ...bullets(rules.items.map((i) => i.text))] : []),
      ];
    };
    return [...lines('zh-CN'), ...lines('en')].join('\n');
  }

  /** The school unit a report belongs to (see the class comment). */
  private schoolOf(member: MemberId, group: GroupId | null): string {
    const unitOf = (g: GroupId) => this.db.select({ unit: groups.unitId }).from(groups).where(eq(groups.id, g)).get()?.unit ?? null;
    const unit =
      (group ? unitOf(group) : null) ??
      this.db
        .select({ unit: groups.unitId })
        .from(groupMembers)
        .innerJoin(groups, eq(groups.id, groupMembers.groupId))
        .where(and(eq(groupMembers.memberId, member), isNotNull(groups.unitId)))
        .orderBy(desc(groupMembers.lastSeenAt))
        .get()?.unit ??
      null;
    return (unit && this.units.rootOf(unit)) ?? WHOLE_INSTANCE;
  }

  private async tellAdmins(warning: EarlyWarning, sample: string | undefined): Promise<void> {
    for (const admin of this.config.ADMIN_IDS) {
      const outcome = await this.transport.send({ member: admin as MemberId }, this.message(warning, sample, this.config.DEFAULT_LOCALE));
      if (!outcome.ok) this.log.warn({ warning: warning.id, reason: outcome.reason }, 'early warning not delivered to an admin');
    }
  }

  private message(warning: EarlyWarning, sample: string | undefined, locale: Locale): RichMessage {
    const schoolName = warning.school === WHOLE_INSTANCE ? t(locale, 'wholeInstance') : t(locale, 'inSchool', { school: this.units.get(warning.school)?.name ?? warning.school });
    const type = warning.typeId ? this.library.types.get(warning.typeId as FraudTypeId) : undefined;
    const typeName = type ? localized(type.name, locale) : (warning.typeId ?? '');
    const params = { school: schoolName, count: warning.count, threshold: this.config.EARLY_WARNING_THRESHOLD };
    const summary =
      warning.kind === 'type'
        ? t(locale, 'byType', { ...params, type: typeName })
        : t(locale, 'byText', { ...params, type: typeName ? t(locale, 'typeHint', { type: typeName }) : '' });
    return {
      title: t(locale, 'title', { id: warning.id }),
      blocks: [
        p(summary),
        ...(sample ? [p(b(t(locale, 'sample'))), { kind: 'quote' as const, spans: [anonymise(sample)] }] : [p(t(locale, 'noSample'))]),
        p(t(locale, 'howTo', { id: warning.id })),
      ],
    };
  }
}

function mostCommon(values: (string | null)[]): string | null {
  const counts = new Map<string, number>();
  for (const v of values) if (v) counts.set(v, (counts.get(v) ?? 0) + 1);
  return [...counts].sort((a, b) => b[1] - a[1])[0]?.[0] ?? null;
}
