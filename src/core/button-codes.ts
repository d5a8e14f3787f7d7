import type { ButtonEvent, Chat, Sender } from './events.ts';
import type { Platform } from './ids.ts';
import type { Button } from './message.ts';

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
 * Numbered reply codes for buttons, for platforms that have no buttons (docs/design.md,
 * Buttons on platforms without buttons). The encoder numbers each button it shows as a line
 * (`[3] 已阅 ✅`); the decoder turns a member's numbered reply back into the press of that button,
 * with the same token, so features handle one `button` event however it was pressed.
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

  /**
   * The press a reply stands for when it is a code alone, or undefined. With `inChat`, only a
   * button shown in that chat can be pressed (a member of one group cannot press another's).
   */
  press(reply: string, from: Sender, inChat?: Chat['id']): ButtonEvent | undefined {
    if (!ButtonCodes.looksLikeCode(reply)) return undefined;
    const shown = this.shown.get(Number(reply.trim()));
    if (!shown || (inChat !== undefined && shown.chat.id !== inChat)) return undefined;
    return { type: 'button', platform: this.platform, chat: shown.chat, from, token: shown.token, messageId: shown.messageId };
  }

  /** Whether a reply looks like a code at all (so the adapter can say that no such button exists). */
  static looksLikeCode(reply: string): boolean {
    return CODE.test(reply.trim());
  }
}
