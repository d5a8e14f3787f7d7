import type { Chat } from '../../src/core/events.ts';

/**
 * Passive replies (send.md, 主动消息与被动消息说明): a member's message may be answered within
 * 5 minutes in a group and 60 in a private chat, at most 5 times; each answer carries the message's
 * `msg_id` (or an event's `event_id`) and a `msg_seq` not used before with it.
 */
export const REPLY_WINDOW_MS = { group: 5 * 60_000, private: 60 * 60_000 } as const;
export const REPLIES_PER_MESSAGE = 5;
/** Kept clear of a window's end: a reply sent in its last seconds may arrive after it. */
const MARGIN_MS = 10_000;

export type PassiveRef = { msg_id: string; msg_seq: number } | { event_id: string; msg_seq: number };

interface Latest {
  msgId: string;
  at: number;
}

const MAX_TRACKED = 20_000;

/** The latest message of each chat, and the msg_seq used with each message answered. */
export class ReplyWindows {
  private readonly latest = new Map<string, Latest>();
  private readonly used = new Map<string, number>();

  constructor(private readonly now: () => number = Date.now) {}

  /** A member wrote in `chat`: their message can carry a due delivery for the next few minutes. */
  seen(chat: Chat, msgId: string): void {
    this.latest.delete(chat.id);
    this.latest.set(chat.id, { msgId, at: this.now() });
    if (this.latest.size > MAX_TRACKED) this.latest.delete(this.latest.keys().next().value!);
  }

  /** A reply to this message or event, or undefined when its five are used. */
  reply(ref: { msgId?: string; eventId?: string }): PassiveRef | undefined {
    const id = ref.msgId ?? ref.eventId;
    if (!id) return undefined;
    const seq = (this.used.get(id) ?? 0) + 1;
    if (seq > REPLIES_PER_MESSAGE) return undefined;
    this.used.set(id, seq);
    if (this.used.size > MAX_TRACKED) this.used.delete(this.used.keys().next().value!);
    return ref.msgId ? { msg_id: id, msg_seq: seq } : { event_id: id, msg_seq: seq };
  }

  /** A reply to the chat's latest message, while its window is open and replies are left. */
  fresh(chat: Chat): PassiveRef | undefined {
    const latest = this.latest.get(chat.id);
    if (!latest || this.now() - latest.at > REPLY_WINDOW_MS[chat.kind] - MARGIN_MS) return undefined;
    return this.reply({ msgId: latest.msgId });
  }
}
