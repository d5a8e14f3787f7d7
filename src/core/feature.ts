import type { Localized } from '../i18n/index.ts';
import type { Composer } from './composer.ts';
import type { CoreServices } from './context.ts';

/** Who may use a command: shown in /help and in the platforms' command menus. */
export type CommandScope = 'everyone' | 'advisor' | 'admin';

export interface CommandSpec {
  name: string;
  description: Localized;
  /** Usage after the command name, e.g. `<班级名> [学生|教职工|家长]`. */
  usage?: Localized;
  scope: CommandScope;
  /** Where the command makes sense. */
  chats: 'group' | 'private' | 'any';
}

/**
 * A way into a command that a platform may offer besides typing it (docs/design.md,
 * Affordances). A feature declares what it wants; each adapter offers what its platform has
 * and ignores the rest, so no adapter names a feature's command.
 */
export type Affordance =
  /** An entry in a message's context menu that runs `command` on that message (Discord's message commands). */
  | { kind: 'message-menu'; command: string; label: Localized }
  /**
   * A short code sent as a reply to a message that runs `command` on the message replied to:
   * the way in on platforms with neither menus nor slash commands (QQ through OneBot, DingTalk).
   */
  | { kind: 'reply-code'; command: string; codes: readonly string[] };

/** Every installed feature's commands and affordances: for /help, and for the adapters' menus. */
export interface Catalogue {
  readonly commands: readonly CommandSpec[];
  readonly affordances: readonly Affordance[];
}

/** A part of the campaign: its commands and affordances (for /help and the menus) and its handlers. */
export interface Feature<S extends CoreServices> {
  name: string;
  commands: CommandSpec[];
  affordances?: Affordance[];
  install(composer: Composer<S>, services: S): void;
}

/** The catalogue of a list of features, in their order. */
export function catalogueOf(features: readonly Pick<Feature<CoreServices>, 'commands' | 'affordances'>[]): Catalogue {
  return { commands: features.flatMap((f) => f.commands), affordances: features.flatMap((f) => f.affordances ?? []) };
}
