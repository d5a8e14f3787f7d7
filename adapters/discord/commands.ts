import {
  ApplicationCommandOptionType,
  ApplicationCommandType,
  InteractionContextType,
  type LocalizationMap,
  type RESTPostAPIChatInputApplicationCommandsJSONBody,
  type RESTPutAPIApplicationCommandsJSONBody,
} from 'discord.js';
import type { Affordance, Catalogue, CommandSpec } from '../../src/core/feature.ts';
import type { Localized } from '../../src/i18n/index.ts';

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

/** A message-menu affordance: a core command run on the message a member picked. */
type MessageMenu = Extract<Affordance, { kind: 'message-menu' }>;

/** Message commands' names are at most 32 characters (Discord, Application Commands: "Message Commands"). */
const MENU_NAME_LIMIT = 32;

const messageMenus = (catalogue: Catalogue): MessageMenu[] => catalogue.affordances.filter((a): a is MessageMenu => a.kind === 'message-menu');

/**
 * The application commands for the core's catalogue: a slash command each (one optional `args`
 * text option), and a message context-menu command for each message-menu affordance. Per guild,
 * commands that only work in private chats are left out (guild commands do not show in DMs;
 * members type them there as text). Who may use a command is the core's to check, not Discord's.
 */
export function applicationCommands(catalogue: Catalogue, scope: 'guild' | 'global'): RESTPutAPIApplicationCommandsJSONBody {
  const specs = catalogue.commands.filter((c) => /^[a-z0-9_-]{1,32}$/.test(c.name) && (scope === 'global' || c.chats !== 'private'));
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
  const menus = messageMenus(catalogue).map((m) => {
    const name = localizations(m.label, MENU_NAME_LIMIT);
    return { type: ApplicationCommandType.Message, name: name.base, name_localizations: name.map, ...(scope === 'global' ? { contexts: where('any') } : {}) } as const;
  });
  return [...slash, ...menus];
}

/** The core command behind a message context-menu command, by the name Discord sends in any of its languages. */
export function menuCommands(catalogue: Catalogue): ReadonlyMap<string, string> {
  const byName = new Map<string, string>();
  for (const m of messageMenus(catalogue)) for (const label of [m.label.zh, m.label.en]) byName.set(label.slice(0, MENU_NAME_LIMIT), m.command);
  return byName;
}
