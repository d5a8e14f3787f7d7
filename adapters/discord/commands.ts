import {
  ApplicationCommandOptionType,
  ApplicationCommandType,
  InteractionContextType,
  type LocalizationMap,
  type RESTPostAPIChatInputApplicationCommandsJSONBody,
  type RESTPutAPIApplicationCommandsJSONBody,
} from 'discord.js';
import type { CommandSpec } from '../../src/features/feature.ts';
import type { Localized } from '../../src/i18n/index.ts';

/** The message context-menu command that triages any message: the core's `check`. */
export const CHECK_MENU: Localized = { zh: '检查可疑消息', en: 'Check suspicious message' };
export const CHECK_COMMAND = 'check';
/** The one free-text option every slash command takes, passed on as the command's args. */
export const ARGS_OPTION = 'args';

const DESCRIPTION_LIMIT = 100;
const ARGS_DESCRIPTION: Localized = { zh: '参数', en: 'arguments' };

/** Chinese is the default for every client; English clients get English. */
function localizations(l: Localized, max = DESCRIPTION_LIMIT): { base: string; map: LocalizationMap } {
  const en = l.en.slice(0, max);
  return { base: l.zh.slice(0, max), map: { 'zh-CN': l.zh.slice(0, max), 'en-US': en, 'en-GB': en } };
}

const where = (chats: CommandSpec['chats']): InteractionContextType[] =>
  chats === 'group' ? [InteractionContextType.Guild] : chats === 'private' ? [InteractionContextType.BotDM] : [InteractionContextType.Guild, InteractionContextType.BotDM];

/**
 * The application commands for the core's commands: a slash command each (one optional `args`
 * text option), and the triage context menu when the core has `check`. Per guild, commands
 * that only work in private chats are left out (guild commands do not show in DMs; members
 * type them there as text). Who may use a command is the core's to check, not Discord's.
 */
export function applicationCommands(commands: readonly CommandSpec[], scope: 'guild' | 'global'): RESTPutAPIApplicationCommandsJSONBody {
  const specs = commands.filter((c) => /^[a-z0-9_-]{1,32}$/.test(c.name) && (scope === 'global' || c.chats !== 'private'));
  const slash = specs.map((c): RESTPostAPIChatInputApplicationCommandsJSONBody => {
    const description = localizations(c.description);
    const option = localizations(c.usage ?? ARGS_DESCRIPTION);
    return {
      type: ApplicationCommandType.ChatInput,
      name: c.name,
      description: description.base,
      description_localizations: description.map,
      options: [{ type: ApplicationCommandOptionType.String, name: ARGS_OPTION, description: option.base, description_localizations: option.map, required: false }],
      ...(scope === 'global' ? { contexts: where(c.chats) } : {}),
    };
  });
  if (!commands.some((c) => c.name === CHECK_COMMAND)) return slash;
  const menu = localizations(CHECK_MENU, 32);
  return [...slash, { type: ApplicationCommandType.Message, name: menu.base, name_localizations: menu.map, ...(scope === 'global' ? { contexts: where('any') } : {}) }];
}

/** Whether a context-menu command name is the triage menu's, in any of its languages. */
export function isCheckMenu(name: string): boolean {
  return name === CHECK_MENU.zh || name === CHECK_MENU.en;
}
