export interface Window {
  max: number;
  ms: number;
}

export interface FloodLimits {
  /** Messages per window over all chats (Telegram: about 30 a second). */
  global: Window;
  /** Messages per window in one group (Telegram: 20 a minute). */
  group: Window;
}

interface Slot {
  /** When the slot is free again: one window after the call's response; Infinity while in flight. */
  until: number;
}

interface Waiter {
  chat: string | undefined;
  start: (release: () => void) => void;
}

/**
 * Paces message calls under sliding-window limits, globally and per chat (Telegram, through a
 * grammY API transformer; QQ, around its REST sends). A slot is held from the moment a call is made until one window after its
 * response arrives; the server timestamps the request between those two moments, so it never
 * counts more than `max` calls in any window of its own — no 429 for honest jitter, and no
 * burst across a window boundary (which a fixed-window reservoir allows: up to 2 × max).
 * Waiting calls start in arrival order, except that a full group does not hold up the others.
 *
 * Real time (performance.now), not the app clock: flood limits are the platform's wall time.
 */
export class FloodGate {
  private readonly queue: Waiter[] = [];
  private readonly global: Slot[] = [];
  private readonly groups = new Map<string, Slot[]>();
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly limits: FloodLimits,
    private readonly now: () => number = () => performance.now(),
  ) {}

  /** How many calls are waiting for a slot. */
  get waiting(): number {
    return this.queue.length;
  }

  acquire(chat: string | undefined): Promise<() => void> {
    return new Promise((start) => {
      this.queue.push({ chat, start });
      this.pump();
    });
  }

  private busy(slots: Slot[], now: number): Slot[] {
    for (let i = slots.length - 1; i >= 0; i--) if (slots[i]!.until <= now) slots.splice(i, 1);
    return slots;
  }

  private groupSlots(chat: string, now: number): Slot[] {
    let slots = this.groups.get(chat);
    if (!slots) this.groups.set(chat, (slots = []));
    return this.busy(slots, now);
  }

  private pump(): void {
    const now = this.now();
    const { global: g, group } = this.limits;
    this.busy(this.global, now);
    for (let i = 0; i < this.queue.length && this.global.length < g.max; ) {
      const waiter = this.queue[i]!;
      const chatSlots = waiter.chat === undefined ? undefined : this.groupSlots(waiter.chat, now);
      if (chatSlots && chatSlots.length >= group.max) {
        i++;
        continue;
      }
      this.queue.splice(i, 1);
      const globalSlot: Slot = { until: Infinity };
      const chatSlot: Slot = { until: Infinity };
      this.global.push(globalSlot);
      chatSlots?.push(chatSlot);
      waiter.start(() => {
        const done = this.now();
        globalSlot.until = done + g.ms;
        chatSlot.until = done + group.ms;
        this.pump();
      });
    }
    this.wakeUp(now);
  }

  /** Sets a timer for the earliest moment a slot a waiter needs comes free. */
  private wakeUp(now: number): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    if (this.queue.length === 0) {
      for (const [chat, slots] of this.groups) if (this.busy(slots, now).length === 0) this.groups.delete(chat);
      return;
    }
    let next = Infinity;
    const consider = (slots: Slot[]) => slots.forEach((s) => (next = Math.min(next, s.until)));
    if (this.global.length >= this.limits.global.max) consider(this.global);
    for (const waiter of this.queue) if (waiter.chat !== undefined) consider(this.groups.get(waiter.chat) ?? []);
    // Infinity: every slot that matters is in flight, and the next response will pump again.
    if (next !== Infinity) this.timer = setTimeout(() => this.pump(), Math.max(0, Math.ceil(next - now)));
  }
}
