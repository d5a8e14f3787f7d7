import type { Action, Adapter, EventHandle, EventSink, Outcome } from '../../src/core/adapter.ts';
import type { Chat, Sender } from '../../src/core/events.ts';
import type { GroupId, MemberId } from '../../src/core/ids.ts';
import { toPlainText, type Button, type RichMessage } from '../../src/core/message.ts';

/** The handle the test adapter passes with each event: where it happened and who did it. */
export interface TestHandle {
  chat: Chat;
  from: Sender;
}

/** One thing the bot did, with who could see it: the privacy tests read `visibleTo`. */
export interface Output {
  kind: Action['type'];
  /** `group:<id>` for a group post, `member:<id>` for anything only one member sees. */
  visibleTo: string;
  text: string;
  message?: RichMessage;
  messageId?: string;
  buttons: Button[];
  chat?: GroupId;
}

/**
 * An in-process adapter for tests: it records every action with its audience and can be told
 * to fail the next sends (403, 429) to exercise the core's error paths.
 */
export class TestAdapter implements Adapter {
  readonly platform = 'test' as const;
  readonly outputs: Output[] = [];
  readonly admins = new Set<string>();
  /** What `memberCount` answers per group (the platform's own count); absent means it cannot tell. */
  readonly memberCounts = new Map<string, number>();
  /** Outcomes to return for the next sends to a group, in order (then ok again). */
  readonly failures = new Map<string, Outcome[]>();
  sink: EventSink | undefined;
  private nextId = 1;

  async start(sink: EventSink): Promise<void> {
    this.sink = sink;
  }

  async stop(): Promise<void> {
    this.sink = undefined;
  }

  async isAdmin(group: GroupId, member: MemberId): Promise<boolean> {
    return this.admins.has(`${group}|${member}`);
  }

  async memberCount(group: GroupId): Promise<number | undefined> {
    return this.memberCounts.get(group);
  }

  async perform(action: Action, handle?: EventHandle): Promise<Outcome> {
    const h = handle as TestHandle | undefined;
    const record = (visibleTo: string, message: RichMessage | undefined, text: string, chat?: GroupId, messageId?: string): Outcome => {
      const id = messageId ?? String(this.nextId++);
      this.outputs.push({ kind: action.type, visibleTo, text, message, messageId: id, buttons: message?.buttons?.flat() ?? [], chat });
      return { ok: true, messageId: id };
    };
    switch (action.type) {
      case 'send': {
        const target = 'group' in action.to ? action.to.group : action.to.member;
        const queued = this.failures.get(target);
        if (queued?.length) return queued.shift()!;
        return 'group' in action.to
          ? record(`group:${action.to.group}`, action.message, toPlainText(action.message), action.to.group)
          : record(`member:${action.to.member}`, action.message, toPlainText(action.message), action.to.member as string as GroupId);
      }
      case 'edit': {
        const queued = this.failures.get(action.group);
        if (queued?.length) return queued.shift()!;
        return record(`group:${action.group}`, action.message, toPlainText(action.message), action.group, action.messageId);
      }
      case 'reply': {
        if (!h) return { ok: false, reason: 'rejected' };
        const visibleTo = action.private || h.chat.kind === 'private' ? `member:${h.from.id}` : `group:${h.chat.id}`;
        return record(visibleTo, action.message, toPlainText(action.message), h.chat.id);
      }
      case 'answer':
        return h ? record(`member:${h.from.id}`, undefined, action.text, h.chat.id) : { ok: false, reason: 'rejected' };
    }
  }
}
