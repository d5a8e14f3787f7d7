import type { CoreEvent } from './events.ts';
import type { Affordance } from './feature.ts';

/**
 * The commands that reply codes run, by code (docs/design.md, Affordances): a message that is
 * only a declared code, sent as a reply to another message, runs the command on the message
 * replied to, as `/check` sent as a reply does. Codes are matched case-insensitively, trimmed.
 */
export class ReplyCodes {
  private readonly commands = new Map<string, string>();

  constructor(affordances: readonly Affordance[]) {
    for (const a of affordances) if (a.kind === 'reply-code') for (const code of a.codes) this.commands.set(code.trim().toLowerCase(), a.command);
  }

  /** The command event a reply code stands for, or the event as it came. */
  resolve(event: CoreEvent): CoreEvent {
    if (event.type !== 'message' || !event.replyTo || event.forwarded) return event;
    const name = this.commands.get(event.text.trim().toLowerCase());
    if (!name) return event;
    return { type: 'command', platform: event.platform, chat: event.chat, from: event.from, name, args: '', replyTo: event.replyTo };
  }
}
