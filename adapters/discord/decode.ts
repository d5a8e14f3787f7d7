import { MessageReferenceType, PermissionFlagsBits, type Interaction, type Message, type RepliableInteraction, type User } from 'discord.js';
import { parseCommand, type Chat, type CoreEvent, type Sender } from '../../src/core/events.ts';
import { groupId, memberId } from '../../src/core/ids.ts';
import type { IncomingFile } from '../../src/core/incoming-file.ts';
import { downloadCapped } from '../shared/download.ts';
import { ARGS_OPTION } from './commands.ts';

/** What `perform` needs to answer an event: where it happened, who did it, and the interaction to reply to. */
export interface DiscordHandle {
  channelId: string;
  chatKind: Chat['kind'];
  userId: string;
  interaction?: RepliableInteraction;
  /** Every reply to it is for the member alone: a triage from the context menu stays private. */
  ephemeral?: boolean;
}

export interface Decoded {
  event: CoreEvent;
  handle: DiscordHandle;
}

function sender(user: User, isAdmin?: boolean, languageCode?: string): Sender {
  return { id: memberId('discord', user.id), name: user.globalName ?? user.username, isAdmin, languageCode };
}

/**
 * A private chat's id is the member's (as on Telegram): the DM channel is the adapter's detail.
 * A guild text channel is a group.
 */
function chatOf(channelId: string, user: User, guildChannel?: { name?: string | null }): Chat {
  if (!guildChannel) return { id: groupId('discord', user.id), kind: 'private' };
  return { id: groupId('discord', channelId), kind: 'group', title: guildChannel.name ?? undefined };
}

/**
 * Whether the member is an advisor: Manage Server (or Administrator) in the interaction's
 * resolved permissions, or the advisor role. Undefined when the guild is not cached, so the core asks.
 */
function isAdvisor(interaction: Interaction, advisorRole: string): boolean | undefined {
  if (!interaction.inGuild()) return undefined;
  if (interaction.memberPermissions.has(PermissionFlagsBits.ManageGuild)) return true;
  if (!interaction.inCachedGuild()) return undefined;
  return interaction.member.roles.cache.some((role) => role.name === advisorRole);
}

/**
 * Turns an interaction into a core event; the member is always Discord's record of who acted.
 * `menus` names the core command behind each message context-menu command (commands.ts).
 */
export function decodeInteraction(interaction: Interaction, advisorRole: string, menus: ReadonlyMap<string, string>): Decoded | undefined {
  if (!interaction.isRepliable() || !interaction.channelId) return undefined;
  const channel = interaction.inGuild() ? { name: interaction.channel && 'name' in interaction.channel ? interaction.channel.name : undefined } : undefined;
  const chat = chatOf(interaction.channelId, interaction.user, channel);
  const from = sender(interaction.user, isAdvisor(interaction, advisorRole), interaction.locale);
  const base = { platform: 'discord' as const, chat, from };
  const handle: DiscordHandle = { channelId: interaction.channelId, chatKind: chat.kind, userId: interaction.user.id, interaction };
  if (interaction.isChatInputCommand()) {
    const args = interaction.options.getString(ARGS_OPTION)?.trim() ?? '';
    return { event: { ...base, type: 'command', name: interaction.commandName.toLowerCase(), args }, handle };
  }
  const menuCommand = interaction.isMessageContextMenuCommand() ? menus.get(interaction.commandName) : undefined;
  if (interaction.isMessageContextMenuCommand() && menuCommand) {
    // What a member picks from a message's menu is answered to them alone.
    return { event: { ...base, type: 'command', name: menuCommand, args: '', replyTo: { text: textOf(interaction.targetMessage) } }, handle: { ...handle, ephemeral: true } };
  }
  if (interaction.isButton()) {
    return { event: { ...base, type: 'button', token: interaction.customId, messageId: interaction.message.id }, handle };
  }
  return undefined;
}

/** A message's text; a forwarded message's is in its snapshot. */
function textOf(message: Message): string {
  const snapshot = message.reference?.type === MessageReferenceType.Forward ? message.messageSnapshots.first() : undefined;
  return snapshot?.content ?? message.content;
}

/**
 * A message in a private chat: a command typed as text (guild slash commands do not show in
 * DMs), pasted text, or a forwarded message, which goes to triage. Guild messages are not read:
 * commands there are slash commands, and the bot does not ask for the message-content intent.
 */
export function decodeMessage(message: Message): Decoded | undefined {
  if (message.inGuild() || message.author.bot) return undefined;
  const forwarded = message.reference?.type === MessageReferenceType.Forward;
  const text = textOf(message);
  const file = fileOf(message);
  if (!text.trim() && !file) return undefined;
  const base = { platform: 'discord' as const, chat: chatOf(message.channelId, message.author), from: sender(message.author) };
  const handle: DiscordHandle = { channelId: message.channelId, chatKind: 'private', userId: message.author.id };
  // With a file, the text only says what the file is for (a class name): never a command.
  if (file) return { event: { ...base, type: 'message', text, forwarded, file }, handle };
  const command = forwarded ? undefined : parseCommand(text);
  if (command) return { event: { ...base, type: 'command', ...command }, handle };
  return { event: { ...base, type: 'message', text, forwarded }, handle };
}

/**
 * A DM's first attached file, fetched from its CDN url only when a feature asks. discord.js's
 * Attachment (src/structures/Attachment.js) carries Discord's attachment object
 * (https://discord.com/developers/docs/resources/message#attachment-object): `filename` as
 * `name`, `size` in bytes, `url` the signed CDN link.
 */
function fileOf(message: Message): IncomingFile | undefined {
  const attachment = message.attachments.first();
  if (!attachment) return undefined;
  return { name: attachment.name, size: attachment.size, fetch: (maxBytes) => downloadCapped(attachment.url, maxBytes) };
}
