import type { AdjustableClock } from '../core/clock.ts';
import type { Scheduler } from './scheduler.ts';

/**
 * Moves the clock to `to` as if the time went by with the bot running (the console's
 * `:advance`): it stops at each slot that falls due on the way and runs the tick there, so
 * eight days show eight tips in order. A jump with one tick at the end is downtime instead
 * (`:down`), where the catch-up window decides what is still sent.
 */
export async function passTime(clock: AdjustableClock, scheduler: Scheduler, to: Date, onStep?: (at: Date) => void): Promise<void> {
  for (;;) {
    const next = scheduler.nextDueAt(clock.now());
    const at = next === undefined || next > to.getTime() ? to : new Date(next);
    clock.set(at);
    onStep?.(at);
    await scheduler.tick();
    if (at === to) return;
  }
}
