import type { ButtonEvent, Chat, Sender } from './events.ts';
import type { Platform } from './ids.ts';
import type { Button, RichMessage } from './message.ts';

/** The reply code of each button of a message: its own `code`, or its place in the message from 1. */
export function replyCodes(message: RichMessage): { button: Button; code: string }[] {
  return (message.buttons ?? []).flat().map((button, i) => ({ button, code: (button.code ?? String(i + 1)).toUpperCase() }));
}

/**
 * The buttons as lines a member can answer: `回复 1 已阅 ✅`, or `回复 A/B/C/D` when every button
 * is labelled by its code (a quiz's options).
 */
export function replyCodeLines(message: RichMessage, verb = '回复'): string[] {
  const codes = replyCodes(message);
  if (codes.length === 0) return [];
  if (codes.every(({ button, code }) => button.label.toUpperCase() === code)) return [`${verb} ${codes.map((c) => c.code).join('/')}`];
  return codes.map(({ button, code }) => `${verb} ${code} ${button.label}`);
}

interface Shown {
  chat: Chat;
  messageId: string;
  codes: Map<string, string>;
  reactable?: string;
}

/** A reply that is a code alone: a number or a letter, with an optional leading 回复. */
const CODE = /^(?:回复\s*)?([0-9]{1,2}|[A-Za-z])$/;

/** Messages with buttons remembered per chat, and in all: the oldest are forgotten first. */
const PER_CHAT = 50;
const DEFAULT_CAPACITY = 10_000;

/**
 * Reply codes for platforms without buttons, per chat (docs/design.md, Buttons on platforms
 * without buttons). Codes repeat from message to message (every tip is `1`), so which message
 * a bare code presses is decided by a rule: a quote-reply presses a button of the quoted
 * message; otherwise the latest message in that chat with a button of that code. A code never
 * reaches another chat's messages.
 */
export class ChatReplyCodes {
  private readonly byChat = new Map<string, Shown[]>();
  private readonly byMessage = new Map<string, Shown>();

  constructor(
    private readonly platform: Platform,
    private readonly capacity = DEFAULT_CAPACITY,
  ) {}

  /** Remembers a message with buttons the adapter has shown in `chat`. */
  shown(message: RichMessage, chat: Chat, messageId: string): void {
    const codes = replyCodes(message);
    if (codes.length === 0) return;
    const shown: Shown = { chat, messageId, codes: new Map(codes.map((c) => [c.code, c.button.token])), reactable: codes.find((c) => c.button.reactable)?.button.token };
    const list = this.byChat.get(chat.id) ?? [];
    list.push(shown);
    if (list.length > PER_CHAT) this.byMessage.delete(key(chat, list.shift()!.messageId));
    this.byChat.set(chat.id, list);
    this.byMessage.set(key(chat, messageId), shown);
    if (this.byMessage.size > this.capacity) this.forget(this.byMessage.keys().next().value!);
  }

  /**
   * The press a message stands for when it is a code alone, or undefined. `quoted` is the id of
   * the message it replies to, when it is a quote-reply.
   */
  press(text: string, from: Sender, chat: Chat, quoted?: string): ButtonEvent | undefined {
    const code = CODE.exec(text.trim())?.[1]?.toUpperCase();
    if (!code) return undefined;
    const shown = quoted !== undefined ? this.byMessage.get(key(chat, quoted)) : this.byChat.get(chat.id)?.findLast((s) => s.codes.has(code));
    const token = shown?.codes.get(code);
    return shown && token ? this.event(shown, from, token) : undefined;
  }

  /** A reaction on a message presses its reactable button (the 已阅 of a tip), when it has one. */
  react(from: Sender, chat: Chat, messageId: string): ButtonEvent | undefined {
    const shown = this.byMessage.get(key(chat, messageId));
    return shown?.reactable ? this.event(shown, from, shown.reactable) : undefined;
  }

  private event(shown: Shown, from: Sender, token: string): ButtonEvent {
    return { type: 'button', platform: this.platform, chat: shown.chat, from, token, messageId: shown.messageId };
  }

  private forget(k: string): void {
    const shown = this.byMessage.get(k);
    this.byMessage.delete(k);
    if (!shown) return;
    const list = this.byChat.get(shown.chat.id)?.filter((s) => s !== shown) ?? [];
    if (list.length) this.byChat.set(shown.chat.id, list);
    else this.byChat.delete(shown.chat.id);
  }
}

function key(chat: Chat, messageId: string): string {
  return `${chat.id}|${messageId}`;
}
