import type { ButtonEvent, Chat, Sender } from '../../src/core/events.ts';
import type { Platform } from '../../src/core/ids.ts';
import type { Button } from '../../src/core/message.ts';

interface Shown {
  token: string;
  chat: Chat;
  messageId: string;
}

/** A reply that is a number alone. */
const CODE = /^\d{1,9}$/;

/** Codes kept at most: the oldest are forgotten first, so a long-running bot's memory stays bounded. */
const DEFAULT_CAPACITY = 10_000;

/**
 * The console's buttons, numbered across the whole session (`[3] 已阅 ✅`): one person plays every
 * member there, so a number names one button anywhere, and typing it presses that button in its
 * own chat (docs/design.md, Buttons on platforms without buttons). Real platforms without buttons
 * use the core's per-chat reply codes (src/core/chat-reply-codes.ts) instead.
 */
export class ButtonCodes {
  private readonly shown = new Map<number, Shown>();
  private next = 1;

  constructor(
    private readonly platform: Platform,
    private readonly capacity = DEFAULT_CAPACITY,
  ) {}

  /** The code a button shown in `chat` on message `messageId` is pressed with. */
  number(button: Button, chat: Chat, messageId: string): number {
    const code = this.next++;
    this.shown.set(code, { token: button.token, chat, messageId });
    if (this.shown.size > this.capacity) this.shown.delete(this.shown.keys().next().value!);
    return code;
  }

  /** The press a reply stands for when it is a number alone, or undefined; pressed in its own chat, whichever the console is in. */
  press(reply: string, from: Sender): ButtonEvent | undefined {
    if (!ButtonCodes.looksLikeCode(reply)) return undefined;
    const shown = this.shown.get(Number(reply.trim()));
    if (!shown) return undefined;
    return { type: 'button', platform: this.platform, chat: shown.chat, from, token: shown.token, messageId: shown.messageId };
  }

  /** Whether a reply looks like a code at all (so the adapter can say that no such button exists). */
  static looksLikeCode(reply: string): boolean {
    return CODE.test(reply.trim());
  }
}
