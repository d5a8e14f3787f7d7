import type { Context } from './context.ts';
import type { CoreEvent } from './events.ts';

export type Next = () => Promise<void>;
export type Middleware<C extends Context = Context> = (ctx: C, next: Next) => unknown;

/**
 * A middleware chain in the manner of grammY's Composer: each handler either handles the
 * event or calls `next()` to pass it on. Filters (`on`, `command`, `button`) narrow the event.
 */
export class Composer {
  private readonly stack: Middleware[] = [];

  use(...middleware: Middleware[]): this {
    this.stack.push(...middleware);
    return this;
  }

  on<T extends CoreEvent['type']>(types: T | T[], handler: Middleware<Context<Extract<CoreEvent, { type: T }>>>): this {
    const wanted = new Set<string>(Array.isArray(types) ? types : [types]);
    return this.use((ctx, next) => (wanted.has(ctx.event.type) ? handler(ctx as never, next) : next()));
  }

  /** Handles `/name`; several names may share a handler (aliases). */
  command(names: string | string[], handler: Middleware<Context<Extract<CoreEvent, { type: 'command' }>>>): this {
    const wanted = new Set((Array.isArray(names) ? names : [names]).map((n) => n.toLowerCase()));
    return this.use((ctx, next) =>
      ctx.event.type === 'command' && wanted.has(ctx.event.name) ? handler(ctx as never, next) : next(),
    );
  }

  /** Handles presses of buttons whose token starts with `kind:` (see tokens.ts). */
  button(kind: string, handler: Middleware<Context<Extract<CoreEvent, { type: 'button' }>>>): this {
    const prefix = `${kind}:`;
    return this.use((ctx, next) =>
      ctx.event.type === 'button' && ctx.event.token.startsWith(prefix) ? handler(ctx as never, next) : next(),
    );
  }

  middleware(): Middleware {
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
