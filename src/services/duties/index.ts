import type { Clock } from '../../core/clock.ts';
import type { GroupId, MemberId } from '../../core/ids.ts';
import type { UnitService } from '../units.ts';
import type { Transport } from '../../core/transport.ts';
import type { Config } from '../../config.ts';
import type { Library } from '../../content/library.ts';
import type { Db } from '../../db/client.ts';
import type { Logger } from '../../log.ts';
import type { ContentPicker } from '../picker.ts';
import type { Scheduler } from '../scheduler.ts';
import { AlertService } from './alerts.ts';
import { AppProgressService } from './app-progress.ts';
import { EarlyWarningService } from './early-warning.ts';
import { MeetingService } from './meetings.ts';
import { PledgeService } from './pledges.ts';
import type { UnitScope } from '../report-queries.ts';
import { DutiesReporter, type CountedPeople, type DutiesReport, type ReportPeriod } from './report.ts';

export interface DutiesDeps {
  config: Config;
  clock: Clock;
  db: Db;
  library: Library;
  log: Logger;
  transport: Transport;
  picker: ContentPicker;
  scheduler: Scheduler;
  units: UnitService;
  /** Who receives a group's meeting kit. */
  advisorsOf: (group: GroupId) => MemberId[];
}

/**
 * The campaign duties of the school plans (issue 10). Built once by createApp: it registers the
 * `alert` delivery kind with the scheduler and runs its periodic work (APP reminders, meeting
 * kits) on the scheduler's tick.
 */
export class Duties {
  readonly app: AppProgressService;
  readonly pledges: PledgeService;
  readonly meetings: MeetingService;
  readonly alerts: AlertService;
  /** Told of every triage report (the duties feature listens to the triage log). */
  readonly earlyWarning: EarlyWarningService;
  private readonly reporter: DutiesReporter;

  constructor(private readonly deps: DutiesDeps) {
    const { db, clock, library, transport, log } = deps;
    this.app = new AppProgressService(db, clock, library, transport, log);
    this.pledges = new PledgeService(db, clock, library, transport, log);
    this.meetings = new MeetingService(db, clock, library, deps.picker, transport, log, deps.advisorsOf);
    this.alerts = new AlertService(db, clock, deps.scheduler, deps.units);
    this.earlyWarning = new EarlyWarningService(db, clock, deps.config, library, transport, deps.units, log);
    this.reporter = new DutiesReporter(db);
    // Two listeners, so that a failure in one (logged by the scheduler) does not stop the other.
    deps.scheduler.onTick(async () => void (await this.meetings.sendDueKits()));
    deps.scheduler.onTick(async () => void (await this.app.remind()));
  }

  /** The periodic duties, as the tick runs them; each is at most once by its own claim, so overlapping ticks are safe. */
  async tick(): Promise<{ reminders: number; kits: number }> {
    const kits = await this.meetings.sendDueKits();
    const reminders = await this.app.remind();
    return { reminders, kits };
  }

  /** The duties' figures for /report over these groups (see report.ts). */
  report(groupIds: readonly GroupId[], period: ReportPeriod): DutiesReport {
    return this.reporter.report(groupIds, period, this.reportOptions());
  }

  /** The same, summed over a unit, without figures per group. */
  totals(scope: UnitScope, period: ReportPeriod, counted?: CountedPeople): DutiesReport {
    return this.reporter.totals(scope, period, this.reportOptions(), counted);
  }

  private reportOptions() {
    return { termStarts: this.deps.config.TERM_STARTS, timezone: this.deps.config.DEFAULT_TIMEZONE };
  }

  /** Makes every debounced live-count edit now (at shutdown, and in tests). */
  flush(): Promise<void> {
    return this.pledges.flush();
  }
}
