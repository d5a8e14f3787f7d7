import type { App } from '../app.ts';
import type { Composer } from '../core/composer.ts';
import type { Localized } from '../i18n/index.ts';

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

/** A part of the campaign: its commands (for /help and the menus) and its handlers. */
export interface Feature {
  name: string;
  commands: CommandSpec[];
  install(composer: Composer, app: App): void;
}
