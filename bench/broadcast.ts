import type { App } from '../src/app.ts';
import type { AdjustableClock } from '../src/core/clock.ts';
import type { GroupId } from '../src/core/ids.ts';
import { report } from './report.ts';

/** Registers `ids` as set-up classes (班级1…), at whatever time the clock says. */
export function registerClasses(app: App, ids: GroupId[]): void {
  ids.forEach((id, n) => {
    const chat = { id, kind: 'group' as const, title: `班级${n + 1}` };
    app.groups.ensure(chat);
    app.groups.setup(chat.id, { className: chat.title });
  });
}

/**
 * One tick at 08:00 in Shanghai, when every class's tip is due, and what came of it: elapsed time
 * ÷ the theoretical minimum, and the messages lost and duplicated, by the chats the fake platform
 * received them in (`received` lists one entry per message).
 */
export async function broadcastTick(
  name: string,
  app: App,
  clock: AdjustableClock,
  opts: { chats: string[]; minimumSeconds: number; received: () => string[] },
): Promise<void> {
  clock.set(new Date('2026-12-01T00:00:00Z'));
  const start = performance.now();
  const tick = await app.scheduler.tick();
  const seconds = (performance.now() - start) / 1000;
  const received = new Map<string, number>();
  for (const chat of opts.received()) received.set(chat, (received.get(chat) ?? 0) + 1);
  const lost = opts.chats.filter((id) => !received.has(id)).length;
  const duplicated = opts.chats.reduce((n, id) => n + Math.max(0, (received.get(id) ?? 0) - 1), 0);
  if (tick.sent + tick.failed !== opts.chats.length) throw new Error(`tick handled ${tick.sent + tick.failed} of ${opts.chats.length}`);
  report({ bench: name, unit: 'x-of-minimum', value: seconds / opts.minimumSeconds, baseline: opts.minimumSeconds });
  report({ bench: `${name}.elapsed`, unit: 's', value: seconds, baseline: opts.minimumSeconds });
  report({ bench: `${name}.lost`, unit: 'messages', value: lost, baseline: null });
  report({ bench: `${name}.duplicated`, unit: 'messages', value: duplicated, baseline: null });
}
