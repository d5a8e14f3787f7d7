import type { Audience } from '../../content/schema.ts';
import type { GroupId } from '../../core/ids.ts';
import type { Locale } from '../../i18n/index.ts';
import type { ContentPicker } from '../picker.ts';
import { SlotCalculator, type ScheduledKind, type Slot } from '../slots.ts';

export type DeliveryStatus = 'pending' | 'sent' | 'failed' | 'missed' | 'skipped';

/** A group as the scheduler plans its slots. */
export interface ScheduledGroup {
  id: GroupId;
  audience: Audience;
  locale: Locale;
  /** As SCHEDULE_SQL builds it: the key of the slot cache. */
  schedule: string;
  /** Active and not paused: a due slot is sent (else it is recorded as skipped). */
  live: boolean;
  setupAt: number;
}

export interface Candidate {
  group: ScheduledGroup;
  slot: Slot;
}

/** Per kind, per group: when each content item was last sent. */
export type Histories = Map<ScheduledKind, Map<GroupId, Map<string, number>>>;

const EMPTY_HISTORY: ReadonlyMap<string, number> = new Map();

/**
 * Which slots are due for which groups, and what becomes of each (docs/design.md, Delivery):
 * sent with a content pick, missed when too late, skipped when the group is not live or the
 * library has nothing for it. No I/O: what the ledger has recorded and what each group has
 * received come in as arguments.
 */
export class SlotPlanner {
  private readonly slots: SlotCalculator;

  constructor(
    private readonly picker: ContentPicker,
    /** A slot this late is still sent; later, it is recorded as missed. */
    private readonly catchupMs: number,
    lookbackDays: number,
  ) {
    this.slots = new SlotCalculator(lookbackDays);
  }

  /**
   * The (group, slot) pairs due at `now` that `recorded` does not know of, oldest slot first,
   * so that a group's earlier slot takes its content before a later one. Adds the ids of the
   * slots looked at to `slotsSeen`.
   */
  due(groups: readonly ScheduledGroup[], now: number, recorded: (slot: Slot, group: GroupId) => boolean, slotsSeen: Set<string>): Candidate[] {
    const at = new Date(now);
    const out: Candidate[] = [];
    let schedule: string | undefined;
    let slots: Slot[] = [];
    for (const group of groups) {
      // Neighbouring groups mostly share their schedule: look the slots up once for the run of them.
      if (group.schedule !== schedule) {
        schedule = group.schedule;
        slots = this.slots.due(schedule, at);
        for (const slot of slots) slotsSeen.add(slot.id);
      }
      for (const slot of slots) if (slot.dueAt >= group.setupAt && !recorded(slot, group.id)) out.push({ group, slot });
    }
    return out.sort((a, b) => a.slot.dueAt - b.slot.dueAt);
  }

  /**
   * The groups, per kind, whose histories decide() needs: those with a slot to be sent. A group
   * with several such slots of a kind gets a history even if it has received nothing, so that
   * decide() can add its earlier picks to it; the others need one only if they have received
   * something. Returns the ids to look up and the histories to fill.
   */
  historiesNeeded(candidates: readonly Candidate[], now: number): { ids: Map<ScheduledKind, Set<GroupId>>; histories: Histories } {
    const histories: Histories = new Map();
    const ids = new Map<ScheduledKind, Set<GroupId>>();
    for (const { group, slot } of candidates) {
      if (!this.sendable(group, slot, now)) continue;
      let ofKindIds = ids.get(slot.kind);
      let ofKind = histories.get(slot.kind);
      if (!ofKindIds || !ofKind) {
        ids.set(slot.kind, (ofKindIds = new Set()));
        histories.set(slot.kind, (ofKind = new Map()));
      }
      if (!ofKindIds.has(group.id)) ofKindIds.add(group.id);
      else if (!ofKind.has(group.id)) ofKind.set(group.id, new Map());
    }
    return { ids, histories };
  }

  /** A candidate's ledger status and content; a pick is added to the group's history for its later slots. */
  decide({ group, slot }: Candidate, now: number, histories: Histories): [DeliveryStatus, string] {
    if (!group.live) return ['skipped', ''];
    if (now - slot.dueAt > this.catchupMs) return ['missed', ''];
    const history = histories.get(slot.kind)?.get(group.id);
    const picked = this.picker.pick(slot.kind, group.audience, slot, history ?? EMPTY_HISTORY);
    if (!picked) return ['skipped', '']; // nothing in the library for this audience
    history?.set(picked, slot.dueAt);
    return ['pending', picked];
  }

  private sendable(group: ScheduledGroup, slot: Slot, now: number): boolean {
    return group.live && now - slot.dueAt <= this.catchupMs;
  }
}
