import { CredentialsRejected, type Adapter, type EventHandle } from './adapter.ts';
import type { Middleware } from './composer.ts';
import { Context, type CoreServices } from './context.ts';
import { UserError } from './errors.ts';
import type { CoreEvent } from './events.ts';
import type { Affordance } from './feature.ts';
import { ReplyCodes } from './reply-codes.ts';
import { connectBackoffMs } from './retry-policy.ts';

/**
 * A failure inside a handler, carrying the context of the event it was handling, as grammY's
 * BotError does: the error hook (`Bot.catch`) gets both, so it can log ids and answer the member.
 */
export class BotError<S extends CoreServices = CoreServices> extends Error {
  constructor(
    readonly error: unknown,
    readonly ctx: Context<S>,
  ) {
    super(error instanceof Error ? error.message : String(error));
    this.name = 'BotError';
  }

  /** What may be logged about the event: ids and kinds, never its text (docs/design.md, Privacy). */
  get where(): { platform: string; eventType: string; chat: string; member?: string; command?: string } {
    const { event } = this.ctx;
    return {
      platform: event.platform,
      eventType: event.type,
      chat: event.chat.id,
      member: this.ctx.from?.id,
      command: event.type === 'command' ? event.name : undefined,
    };
  }
}

/** The one error hook: every failure of a handler comes here with the context it failed in. */
export type ErrorHandler<S extends CoreServices> = (err: BotError<S>) => unknown;

/**
 * The runtime: adapters feed it events, it runs the handler chain inside an error boundary,
 * and it waits for in-flight events before shutting down. A user error becomes the member's
 * answer; anything else goes to the error hook (`catch`), which logs it by default.
 */
export class Bot<S extends CoreServices> {
  private readonly adapters: Adapter[] = [];
  private readonly inFlight = new Set<Promise<void>>();
  private readonly replyCodes: ReplyCodes;
  /** Set by stop(): adapters still trying to connect give up. */
  private stopped = false;
  /** The waits of adapters between attempts to connect, ended early by stop(). */
  private readonly retrying = new Map<NodeJS.Timeout, () => void>();
  private errorHandler: ErrorHandler<S> = logFailure;

  constructor(
    private readonly services: S,
    private readonly chain: Middleware<S>,
    affordances: readonly Affordance[] = [],
  ) {
    this.replyCodes = new ReplyCodes(affordances);
  }

  /** Sets the error hook, as grammY's `bot.catch`. A hook that throws is logged, never rethrown. */
  catch(handler: ErrorHandler<S>): this {
    this.errorHandler = handler;
    return this;
  }

  add(adapter: Adapter): this {
    this.adapters.push(adapter);
    return this;
  }

  /**
   * Connects every adapter, at once. While an adapter cannot connect, its platform is
   * unavailable, and the delivery ledger keeps what is due for it. A platform
   * that cannot be reached is tried again with backoff and a warning at most once a minute; one
   * that rejects the credentials stops startup (the promise rejects with CredentialsRejected).
   */
  async start(): Promise<void> {
    await Promise.all(this.adapters.map((adapter) => this.connect(adapter)));
  }

  private async connect(adapter: Adapter): Promise<void> {
    let warnedAt = -Infinity;
    for (let failures = 1; !this.stopped; failures++) {
      // Registered while it starts: events can arrive before start() returns, and their replies must go out.
      this.services.transport.register(adapter);
      try {
        await adapter.start((event, handle) => this.handle(event, handle));
        return;
      } catch (err) {
        this.services.transport.unregister(adapter);
        if (err instanceof CredentialsRejected) throw err;
        const waitMs = connectBackoffMs(failures);
        // Real time: how long a platform has been unreachable is the platform's wall time.
        if (performance.now() - warnedAt >= 60_000) {
          warnedAt = performance.now();
          this.services.log.warn({ platform: adapter.platform, failures, err: err instanceof Error ? err.message : String(err) }, 'platform unreachable; retrying');
        }
        await new Promise<void>((resolve) => {
          const timer = setTimeout(() => (this.retrying.delete(timer), resolve()), waitMs);
          this.retrying.set(timer, resolve);
        });
      }
    }
  }

  /** Handles one event. Never throws: a failure goes to the error hook. */
  handle(event: CoreEvent, handle?: EventHandle): Promise<void> {
    const run = this.run(this.replyCodes.resolve(event), handle);
    this.inFlight.add(run);
    return run.finally(() => this.inFlight.delete(run));
  }

  private async run(event: CoreEvent, handle: EventHandle): Promise<void> {
    const ctx = new Context(event, this.services, handle);
    try {
      await this.chain(ctx, async () => {});
    } catch (err) {
      if (err instanceof UserError) {
        await ctx.respond(err.reply).catch(() => undefined);
        return;
      }
      try {
        await this.errorHandler(new BotError(err, ctx));
      } catch (hookErr) {
        this.services.log.error({ err: hookErr }, 'error hook failed');
      }
    }
  }

  /** Lets in-flight events finish their writes and replies, then stops the adapters. */
  async stop(): Promise<void> {
    this.stopped = true;
    for (const [timer, wake] of this.retrying) (clearTimeout(timer), wake());
    this.retrying.clear();
    await Promise.allSettled([...this.inFlight]);
    for (const adapter of this.adapters) {
      await adapter.stop().catch((err: unknown) => this.services.log.warn({ err, platform: adapter.platform }, 'adapter stop failed'));
      this.services.transport.unregister(adapter);
    }
  }
}

/** The default error hook: the failure and where it happened, never the event's text. */
function logFailure(err: BotError<CoreServices>): void {
  err.ctx.services.log.error({ err: err.error, ...err.where }, 'handler failed');
}

/**
 * The error hook the bot runs with: log the failure with its context, and apologise to the
 * member when the event was theirs to answer.
 */
export function logAndApologise<S extends CoreServices>(apology: (ctx: Context<S>) => string): ErrorHandler<S> {
  return async (err) => {
    logFailure(err);
    const { type } = err.ctx.event;
    if (type === 'message' || type === 'command' || type === 'button') await err.ctx.respond(apology(err.ctx)).catch(() => undefined);
  };
}
