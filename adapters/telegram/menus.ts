import type { BotCommand, BotCommandScope, LanguageCode } from 'grammy/types';
import type { CommandSpec } from '../../src/core/feature.ts';
import { localized, type Locale } from '../../src/i18n/index.ts';

export interface Menu {
  scope: BotCommandScope;
  language_code?: LanguageCode;
  commands: BotCommand[];
}

const isMemberCommand = (c: CommandSpec) => c.scope === 'everyone';
const inGroups = (c: CommandSpec) => c.chats !== 'private';
const inPrivate = (c: CommandSpec) => c.chats !== 'group';

/**
 * The command menus for setMyCommands: members' commands by default (what group members see)
 * and in private chats, and in groups the advisor commands too for chat administrators.
 * Chinese is the fallback for every client language; English clients get English.
 */
export function commandMenus(commands: readonly CommandSpec[]): Menu[] {
  const valid = commands.filter((c) => /^[a-z0-9_]{1,32}$/.test(c.name));
  const scopes: [BotCommandScope, CommandSpec[]][] = [
    [{ type: 'default' }, valid.filter((c) => isMemberCommand(c) && inGroups(c))],
    [{ type: 'all_private_chats' }, valid.filter((c) => isMemberCommand(c) && inPrivate(c))],
    [{ type: 'all_chat_administrators' }, valid.filter(inGroups)],
  ];
  const languages: [LanguageCode | undefined, Locale][] = [[undefined, 'zh-CN'], ['zh', 'zh-CN'], ['en', 'en']];
  return scopes.flatMap(([scope, specs]) =>
    languages.map(([language_code, locale]) => ({
      scope,
      language_code,
      commands: specs.map((c) => ({ command: c.name, description: localized(c.description, locale).slice(0, 256) })),
    })),
  );
}
