import type { Clock } from './core/clock.ts';
import type { Context } from './core/context.ts';
import type { CoreEvent } from './core/events.ts';
import type { Catalogue } from './core/feature.ts';
import { Transport } from './core/transport.ts';
import type { Config } from './config.ts';
import type { Library } from './content/library.ts';
import type { Db } from './db/client.ts';
import type { Logger } from './log.ts';
import { AckService, EDIT_INTERVAL_MS } from './services/acks.ts';
import { DebouncedEdits } from './services/live-edits.ts';
import { QuizService } from './services/quiz.ts';
import { groupQuizEditor } from './services/quiz-message.ts';
import { contentRenderers } from './services/delivery-message.ts';
import { Duties } from './services/duties/index.ts';
import { GroupService } from './services/groups.ts';
import { WebhookGroupService } from './services/webhook-groups.ts';
import { ContentPicker } from './services/picker.ts';
import { Scheduler } from './services/scheduler.ts';
import { TriageLog } from './services/triage-log.ts';
import { createTriage, type Triage, type TriageContent } from './triage/index.ts';
import { ReportService } from './services/reports.ts';
import { ClassListService } from './services/class-lists.ts';
import { CaseService } from './services/cases.ts';
import { HalfMonthService } from './services/half-month.ts';
import { RoleService } from './services/roles.ts';
import { UnitService } from './services/units.ts';
import { WebAccess } from './services/web-access.ts';

/** How late a minute tick may run after a slot's due time and still count as on time. */
const TICK_GRACE_MS = 60_000;

/**
 * The campaign's services: everything a handler or a service may need, built once by the
 * composition root (src/compose.ts). The core sees them only as its CoreServices.
 */
export interface App {
  config: Config;
  clock: Clock;
  db: Db;
  library: Library;
  log: Logger;
  transport: Transport;
  /** The commands and affordances of every installed feature, for /help and the platforms' menus. */
  catalogue: Catalogue;
  groups: GroupService;
  /** Push-only DingTalk and WeCom groups and their robots' credentials. */
  webhooks: WebhookGroupService;
  picker: ContentPicker;
  scheduler: Scheduler;
  acks: AckService;
  quiz: QuizService;
  /** Live "已作答 N 人" counts on group questions, debounced per question. */
  quizEdits: DebouncedEdits<number>;
  /** The triage engine and the content it was built from (advice texts). */
  triage: { analyse: Triage; content: TriageContent };
  triageLog: TriageLog;
  /** 三个100%, pledges, class-meeting kits, urgent alerts, local early warning. */
  duties: Duties;
  units: UnitService;
  roles: RoleService;
  reports: ReportService;
  /** Sign-in links and sessions of the web console (web/). */
  webAccess: WebAccess;
  /** Class lists (花名册) and /bind. */
  classLists: ClassListService;
  /** The case ledger (台账). */
  cases: CaseService;
  /** 半月通报: what is owed to whom, and the claims that send each once. */
  halfMonth: HalfMonthService;
}

/** What a feature's handler sees: the event and the campaign's services. */
export type AppContext<E extends CoreEvent = CoreEvent> = Context<App, E>;

export interface AppDeps {
  config: Config;
  clock: Clock;
  db: Db;
  library: Library;
  log: Logger;
  /** content/triage, validated (loadTriageOrThrow). */
  triage: TriageContent;
}

/** Builds the services; the features that will be installed on them are in the catalogue. */
export function createServices(deps: AppDeps, catalogue: Catalogue): App {
  const transport = new Transport();
  const groups = new GroupService(deps.db, deps.clock, deps.config);
  const picker = new ContentPicker(deps.library);
  const scheduler = new Scheduler(deps.db, deps.clock, picker, transport, deps.log, {
    // 0 means "on time": a tick runs a little after the minute a slot falls due, so it gets a tick's grace.
    catchupMs: deps.config.CATCHUP_WINDOW_HOURS * 3_600_000 + TICK_GRACE_MS,
  });
  const units = new UnitService(deps.db, deps.clock);
  const roles = new RoleService(deps.db, deps.clock, deps.config, units);
  roles.syncAdvisorFlags();
  const renderers = contentRenderers(deps.library);
  scheduler.render('tip', renderers.tip);
  scheduler.render('article', renderers.article);
  const app: App = {
    ...deps,
    transport,
    catalogue,
    groups,
    webhooks: new WebhookGroupService(deps.db, deps.clock, groups),
    picker,
    scheduler,
    acks: new AckService(deps.db, deps.clock, transport, scheduler, deps.log),
    quiz: new QuizService(deps.db, deps.clock, deps.library),
    quizEdits: new DebouncedEdits(deps.clock, EDIT_INTERVAL_MS, (id) => groupQuizEditor(app)(id)),
    triage: { analyse: createTriage(deps.triage), content: deps.triage },
    triageLog: new TriageLog(deps.db, deps.clock),
    duties: new Duties({ ...deps, transport, picker, scheduler, units, advisorsOf: (group) => roles.advisorsOf(group) }),
    units,
    roles,
    reports: new ReportService(deps.db, deps.clock, deps.config, deps.library, units, transport),
    webAccess: new WebAccess(deps.db, deps.clock),
    classLists: new ClassListService(deps.db, deps.clock, deps.config.CLASS_LIST_STUDENT_NUMBERS),
    cases: new CaseService(deps.db, deps.clock),
    halfMonth: new HalfMonthService(deps.db, deps.clock, deps.config, units),
  };
  // The reports' ledger moves on at each group's local midnight and follows DST, minute by minute.
  scheduler.onTick(() => app.reports.days.sync());
  // A 403 (kicked, blocked) on any send to a group makes it inactive: no more sends, no retry storm.
  transport.observe((action, outcome) => {
    if (outcome.ok || (outcome.reason !== 'kicked' && outcome.reason !== 'blocked')) return;
    const group = action.type === 'send' && 'group' in action.to ? action.to.group : action.type === 'edit' ? action.group : undefined;
    if (group) groups.setActive(group, false);
  });
  return app;
}
