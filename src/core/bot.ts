import type { App } from '../app.ts';
import type { Adapter, EventHandle } from './adapter.ts';
import type { Middleware } from './composer.ts';
import { Context } from './context.ts';
import { HandlerError, UserError } from './errors.ts';
import { senderOf, type CoreEvent } from './events.ts';

/**
 * The runtime: adapters feed it events, it runs the handler chain inside an error boundary,
 * and it waits for in-flight events before shutting down.
 */
export class Bot {
  private readonly adapters: Adapter[] = [];
  private readonly inFlight = new Set<Promise<void>>();

  constructor(
    private readonly app: App,
    private readonly chain: Middleware,
    private readonly apology: (ctx: Context) => string,
  ) {}

  add(adapter: Adapter): this {
    this.adapters.push(adapter);
    this.app.transport.register(adapter);
    return this;
  }

  async start(): Promise<void> {
    for (const adapter of this.adapters) await adapter.start((event, handle) => this.handle(event, handle));
  }

  /** Handles one event. Never throws: a failure is logged with its context and apologised for. */
  handle(event: CoreEvent, handle?: EventHandle): Promise<void> {
    const run = this.run(event, handle);
    this.inFlight.add(run);
    return run.finally(() => this.inFlight.delete(run));
  }

  private async run(event: CoreEvent, handle: EventHandle): Promise<void> {
    const ctx = new Context(event, this.app, handle);
    try {
      await this.chain(ctx, async () => {});
    } catch (err) {
      if (err instanceof UserError) {
        await ctx.respond(err.reply).catch(() => undefined);
        return;
      }
      const failure = new HandlerError(err, {
        platform: event.platform,
        eventType: event.type,
        chat: event.chat.id,
        member: senderOf(event)?.id,
      });
      this.app.log.error({ err: failure.cause, ...failure.context, command: event.type === 'command' ? event.name : undefined }, 'handler failed');
      if (event.type === 'message' || event.type === 'command' || event.type === 'button') {
        await ctx.respond(this.apology(ctx)).catch(() => undefined);
      }
    }
  }

  /** Lets in-flight events finish their writes and replies, then stops the adapters. */
  async stop(): Promise<void> {
    await Promise.allSettled([...this.inFlight]);
    for (const adapter of this.adapters) {
      await adapter.stop().catch((err: unknown) => this.app.log.warn({ err, platform: adapter.platform }, 'adapter stop failed'));
      this.app.transport.unregister(adapter);
    }
  }
}
