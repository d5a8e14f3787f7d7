import type { Locale } from '../i18n/index.ts';
import type { Logger } from '../log.ts';
import type { EventHandle, Outcome, Target } from './adapter.ts';
import { UserError } from './errors.ts';
import { senderOf, type CoreEvent, type Sender } from './events.ts';
import type { GroupId, MemberId } from './ids.ts';
import { text, type RichMessage } from './message.ts';
import type { Transport } from './transport.ts';

/**
 * What the core itself needs of the services a context carries. The composition root passes
 * more (the campaign's services), and features see them typed, as grammY's context flavours
 * do: `Context<App>` (docs/design.md, The shape). The core never names the app.
 */
export interface CoreServices {
  readonly transport: Transport;
  readonly log: Logger;
  readonly config: { readonly ADMIN_IDS: readonly string[]; readonly DEFAULT_LOCALE: Locale };
  /** Where the platform's word on a member's admin rights is remembered, so advisors can be reached later. */
  readonly groups: { setAdmin(group: GroupId, member: MemberId, isAdmin: boolean): void };
}

/** What a handler sees: the event, the services, and ways to answer. */
export class Context<S extends CoreServices = CoreServices, E extends CoreEvent = CoreEvent> {
  /** Resolved by the roster middleware from the group's settings or the member's client. */
  locale: Locale;

  constructor(
    readonly event: E,
    readonly services: S,
    private readonly handle: EventHandle,
  ) {
    this.locale = services.config.DEFAULT_LOCALE;
  }

  get chat() {
    return this.event.chat;
  }

  get from(): Sender | undefined {
    return senderOf(this.event);
  }

  get isPrivate(): boolean {
    return this.event.chat.kind === 'private';
  }

  /** Answers in the event's own context; `private` goes to the member alone (DM or ephemeral). */
  reply(message: RichMessage | string, opts: { private?: boolean } = {}): Promise<Outcome> {
    const m = typeof message === 'string' ? text(message) : message;
    return this.services.transport.perform(this.event.platform, { type: 'reply', message: m, private: opts.private }, this.handle);
  }

  /** Answers a button press privately: a Telegram alert, a Discord ephemeral reply, a console line. */
  answer(textToShow: string, opts: { alert?: boolean } = {}): Promise<Outcome> {
    return this.services.transport.perform(this.event.platform, { type: 'answer', text: textToShow, alert: opts.alert }, this.handle);
  }

  /** Answers in the right way for the event: a button press privately, anything else as a reply. */
  respond(textToShow: string): Promise<Outcome> {
    return this.event.type === 'button' ? this.answer(textToShow, { alert: true }) : this.reply(textToShow);
  }

  send(to: Target, message: RichMessage): Promise<Outcome> {
    return this.services.transport.send(to, message);
  }

  edit(group: GroupId, messageId: string, message: RichMessage): Promise<Outcome> {
    return this.services.transport.edit(group, messageId, message);
  }

  /** Whether the sender administers this group: the platform's admins and the school admins. */
  async senderIsAdmin(): Promise<boolean> {
    const from = this.from;
    if (!from) return false;
    if (this.services.config.ADMIN_IDS.includes(from.id)) return true;
    if (this.isPrivate) return false;
    const isAdmin = from.isAdmin ?? (await this.services.transport.isAdmin(this.chat.id, from.id));
    this.services.groups.setAdmin(this.chat.id, from.id, isAdmin);
    return isAdmin;
  }

  async requireAdmin(refusal: string): Promise<void> {
    if (!(await this.senderIsAdmin())) throw new UserError(refusal);
  }
}
