import type { Clock } from '../../core/clock.ts';
import type { MemberId } from '../../core/ids.ts';
import { b, list, p, type RichMessage } from '../../core/message.ts';
import { makeToken } from '../../core/tokens.ts';
import type { Transport } from '../../core/transport.ts';
import type { Library } from '../../content/library.ts';
import { APP_STEP_KEYS } from '../../content/schema.ts';
import type { Db } from '../../db/client.ts';
import { defineMessages, localized, type Locale } from '../../i18n/index.ts';
import type { Logger } from '../../log.ts';

export type AppStep = (typeof APP_STEP_KEYS)[number];

const t = defineMessages({
  'zh-CN': {
    title: '国家反诈中心APP：下载安装、实名注册、开启预警',
    intro: '三步都做完后，请按下对应的按钮记录你的进度（只记录你本人的）。',
    reminderTitle: '提醒：国家反诈中心APP还差 {n} 步',
    reminderIntro: '你还没有完成：{missing}。做法如下，完成后按下按钮记录。本提醒每周最多一次。',
    install: '已下载安装',
    register: '已实名注册',
    warning: '已开启预警',
    recorded: '已记录：{step}。你已完成 {done}/3 项。',
    still: '还差：{missing}。',
    allDone: '三项都已完成，谢谢！',
    already: '这一项你已经记录过了（已完成 {done}/3 项）。',
    expired: '这个按钮已失效。',
  },
  en: {
    title: 'The 国家反诈中心 app: install, register with your real name, turn on warnings',
    intro: 'When you have done a step, press its button to record your own progress.',
    reminderTitle: 'Reminder: {n} step(s) left on the 国家反诈中心 app',
    reminderIntro: 'Not done yet: {missing}. Here is how; press a button once done. This reminder comes at most once a week.',
    install: '已下载安装 Installed',
    register: '已实名注册 Registered',
    warning: '已开启预警 Warnings on',
    recorded: 'Recorded: {step}. You have done {done} of 3.',
    still: 'Still to do: {missing}.',
    allDone: 'All three done, thank you!',
    already: 'You had already recorded this one ({done} of 3 done).',
    expired: 'This button has expired.',
  },
});

const COLUMN: Record<AppStep, 'installed_at' | 'registered_at' | 'warning_at'> = {
  install: 'installed_at',
  register: 'registered_at',
  warning: 'warning_at',
};
const DAY_MS = 86_400_000;
/** A member is reminded at most once in this interval. */
export const REMINDER_INTERVAL_MS = 7 * DAY_MS;
/** New members get a day with the group before their first reminder. */
const GRACE_MS = DAY_MS;
/** Reminders claimed per pass: the adapters pace them, and the next tick takes the rest. */
const BATCH = 500;
/**
 * The roster scan runs at most this often: a weekly reminder needs no minute precision, and the
 * scan over every member is most of the duties' cost on an idle tick (bench/duties.bench.ts).
 */
export const REMINDER_PASS_MS = 3_600_000;

export type StepResult = { kind: 'recorded' | 'already'; done: AppStep[] } | { kind: 'unknown' };

/**
 * 三个100%: each member's own progress on the APP's three steps, and a private reminder to those
 * who have not done all three, at most once a week. The reminder is claimed with a conditional
 * upsert on `reminded_at`, so overlapping ticks (or processes) send it once.
 */
export class AppProgressService {
  private readonly statements;
  private nextPassAt = -Infinity;

  constructor(
    db: Db,
    private readonly clock: Clock,
    private readonly library: Library,
    private readonly transport: Transport,
    private readonly log: Logger,
  ) {
    const sqlite = db.$client;
    const record = (column: string) =>
      sqlite.prepare(
        `insert into app_progress (member_id, ${column}) values (?, ?)
         on conflict (member_id) do update set ${column} = excluded.${column} where app_progress.${column} is null`,
      );
    this.statements = {
      record: Object.fromEntries(APP_STEP_KEYS.map((k) => [k, record(COLUMN[k])])) as Record<AppStep, ReturnType<typeof record>>,
      status: sqlite.prepare('select installed_at as install, registered_at as register, warning_at as warning from app_progress where member_id = ?'),
      // No GROUP BY: the scan streams and stops at the batch; a member in two groups may come
      // twice, and the second claim finds the reminder already taken.
      due: sqlite.prepare(
        `select gm.member_id as memberId, g.locale as locale from group_members gm
           join groups g on g.id = gm.group_id
          where gm.active = 1 and g.active = 1 and g.setup_at is not null and gm.first_seen_at <= @seenBefore
            and not exists (select 1 from app_progress ap where ap.member_id = gm.member_id
                  and ((ap.installed_at is not null and ap.registered_at is not null and ap.warning_at is not null)
                       or ap.reminded_at > @remindedBefore))
          limit ${BATCH}`,
      ),
      claim: sqlite
        .prepare(
          `insert into app_progress (member_id, reminded_at) values (@member, @now)
           on conflict (member_id) do update set reminded_at = excluded.reminded_at
            where (app_progress.reminded_at is null or app_progress.reminded_at <= @remindedBefore)
              and (app_progress.installed_at is null or app_progress.registered_at is null or app_progress.warning_at is null)
           returning member_id`,
        )
        .pluck(),
    };
  }

  /** Records one step for the member who pressed (never for anyone the button names). */
  record(member: MemberId, step: string): StepResult {
    if (!(APP_STEP_KEYS as readonly string[]).includes(step)) return { kind: 'unknown' };
    const changed = this.statements.record[step as AppStep].run(member, this.clock.now().getTime()).changes;
    return { kind: changed === 1 ? 'recorded' : 'already', done: this.done(member) };
  }

  done(member: MemberId): AppStep[] {
    const row = this.statements.status.get(member) as Record<AppStep, number | null> | undefined;
    return APP_STEP_KEYS.filter((k) => row?.[k] != null);
  }

  /** Sends the weekly reminder to every member who is due one; returns how many were claimed. */
  async remind(): Promise<number> {
    const now = this.clock.now().getTime();
    if (now < this.nextPassAt) return 0;
    const remindedBefore = now - REMINDER_INTERVAL_MS;
    const due = this.statements.due.all({ seenBefore: now - GRACE_MS, remindedBefore }) as { memberId: MemberId; locale: Locale }[];
    // A full batch means more are waiting: take them on the next tick.
    this.nextPassAt = due.length === BATCH ? now : now + REMINDER_PASS_MS;
    let claimed = 0;
    for (const { memberId, locale } of due) {
      if (this.statements.claim.get({ member: memberId, now, remindedBefore }) === undefined) continue;
      claimed++;
      const outcome = await this.transport.send({ member: memberId }, this.message(locale, this.done(memberId)));
      // A member who never opened a private chat with the bot cannot be reached there; the group /app post stays.
      if (!outcome.ok) this.log.debug({ member: memberId, reason: outcome.reason }, 'app reminder not delivered');
    }
    return claimed;
  }

  /** The steps with their how-to from the reference and the three buttons; `done` makes it a reminder. */
  message(locale: Locale, done?: readonly AppStep[]): RichMessage {
    const steps = this.library.app.steps;
    const missing = steps.filter((s) => !done?.includes(s.key));
    const head = done
      ? { title: t(locale, 'reminderTitle', { n: missing.length }), intro: t(locale, 'reminderIntro', { missing: missing.map((s) => localized(s.title, locale)).join('、') }) }
      : { title: t(locale, 'title'), intro: t(locale, 'intro') };
    return {
      title: head.title,
      blocks: [p(head.intro), list(steps.map((s) => [b(localized(s.title, locale)), `：${localized(s.how, locale)}`]), true)],
      buttons: [APP_STEP_KEYS.map((k, i) => ({ label: t(locale, k), token: makeToken('appstep', i) }))],
    };
  }

  /** The private answer to a press. */
  answer(result: Exclude<StepResult, { kind: 'unknown' }>, step: AppStep, locale: Locale): string {
    const done = result.done.length;
    if (result.kind === 'already') return t(locale, 'already', { done });
    const missing = this.library.app.steps.filter((s) => !result.done.includes(s.key)).map((s) => localized(s.title, locale));
    return `${t(locale, 'recorded', { step: t(locale, step), done })}${missing.length ? t(locale, 'still', { missing: missing.join('、') }) : t(locale, 'allDone')}`;
  }

  expired(locale: Locale): string {
    return t(locale, 'expired');
  }
}

/** `appstep:<n>` → the step key, or undefined for a forged token. */
export function stepOfToken(n: number | undefined): AppStep | undefined {
  return n === undefined ? undefined : APP_STEP_KEYS[n];
}
