import type { Context, CoreServices } from './context.ts';
import type { CoreEvent, EventOf } from './events.ts';

export type Next = () => Promise<void>;
export type Middleware<S extends CoreServices = CoreServices, E extends CoreEvent = CoreEvent> = (ctx: Context<S, E>, next: Next) => unknown;

/**
 * A middleware chain in the manner of grammY's Composer: each handler either handles the
 * event or calls `next()` to pass it on. Filters (`on`, `command`, `button`) narrow the event.
 */
export class Composer<S extends CoreServices = CoreServices> {
  private readonly stack: Middleware<S>[] = [];

  use(...middleware: Middleware<S>[]): this {
    this.stack.push(...middleware);
    return this;
  }

  on<T extends CoreEvent['type']>(types: T | T[], handler: Middleware<S, EventOf<T>>): this {
    const wanted = new Set<string>(Array.isArray(types) ? types : [types]);
    return this.use((ctx, next) => (wanted.has(ctx.event.type) ? handler(ctx as Context<S, EventOf<T>>, next) : next()));
  }

  /** Handles `/name`; several names may share a handler (aliases). */
  command(names: string | string[], handler: Middleware<S, EventOf<'command'>>): this {
    const wanted = new Set((Array.isArray(names) ? names : [names]).map((n) => n.toLowerCase()));
    return this.use((ctx, next) =>
      ctx.event.type === 'command' && wanted.has(ctx.event.name) ? handler(ctx as Context<S, EventOf<'command'>>, next) : next(),
    );
  }

  /** Handles presses of buttons whose token starts with `kind:` (see tokens.ts). */
  button(kind: string, handler: Middleware<S, EventOf<'button'>>): this {
    const prefix = `${kind}:`;
    return this.use((ctx, next) =>
      ctx.event.type === 'button' && ctx.event.token.startsWith(prefix) ? handler(ctx as Context<S, EventOf<'button'>>, next) : next(),
    );
  }

  middleware(): Middleware<S> {
    const stack = [...this.stack];
    return (ctx, next) => {
      const run = async (i: number): Promise<void> => {
        if (i === stack.length) return void (await next());
        await stack[i]!(ctx, () => run(i + 1));
      };
      return run(0);
    };
  }
}
