import type { Adapter, EventHandle } from './adapter.ts';
import type { Middleware } from './composer.ts';
import { Context, type CoreServices } from './context.ts';
import { UserError } from './errors.ts';
import type { CoreEvent } from './events.ts';
import type { Affordance } from './feature.ts';
import { ReplyCodes } from './reply-codes.ts';

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
    this.services.transport.register(adapter);
    return this;
  }

  async start(): Promise<void> {
    for (const adapter of this.adapters) await adapter.start((event, handle) => this.handle(event, handle));
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
