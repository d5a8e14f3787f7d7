import { once } from 'node:events';
import {
  ChannelType,
  Client,
  Events,
  GatewayIntentBits,
  MessageFlags,
  Partials,
  PermissionFlagsBits,
  Routes,
  type BaseMessageOptions,
  type Guild,
  type GuildBasedChannel,
  type RepliableInteraction,
  type TextChannel,
} from 'discord.js';
import type { Action, Adapter, EventHandle, EventSink, Outcome } from '../../src/core/adapter.ts';
import type { Chat, CoreEvent } from '../../src/core/events.ts';
import { groupId, memberId, splitId, type GroupId, type MemberId } from '../../src/core/ids.ts';
import { text as plainMessage, type RichMessage } from '../../src/core/message.ts';
import type { Catalogue } from '../../src/core/feature.ts';
import { silentLogger, type Logger } from '../../src/log.ts';
import { applicationCommands, menuCommands } from './commands.ts';
import { decodeInteraction, decodeMessage, type Decoded, type DiscordHandle } from './decode.ts';
import { encode } from './encode.ts';
import { asCredentialsRejected, lacksPermissions, loggable, outcomeOf } from './errors.ts';
import { missingPermissionsNotice } from './notices.ts';

export type { DiscordHandle } from './decode.ts';

export interface DiscordOptions {
  token: string;
  /** discord.js's REST base (`rest.api`), e.g. `http://127.0.0.1:PORT/api`; the gateway comes from its /gateway/bot. */
  apiRoot?: string;
  /** Every feature's commands and affordances (the app's catalogue), registered as application commands. */
  catalogue: Catalogue;
  /** Members with this role are advisors, as are those with Manage Server. */
  advisorRole: string;
  /** Register the commands globally instead of per guild on joining. */
  globalCommands?: boolean;
  log?: Logger;
  /** Called when a gateway event has been fully handled, with `kind:id` (tests wait on it). */
  onHandled?: (key: string) => void;
}

/** Shown ephemerally when a command's handler answered elsewhere (e.g. /quiz posts in the channel). */
const DONE = '✅';
const raw = (id: GroupId | MemberId) => splitId(id).raw;
const channelChat = (id: string, title: string): Chat => ({ id: groupId('discord', id), kind: 'group', title });
const isTextChannel = (c: GuildBasedChannel): c is TextChannel => c.type === ChannelType.GuildText;
/**
 * Whether the bot may see and post in a channel, from the cached roles and overwrites as Discord
 * computes them (https://discord.com/developers/docs/topics/permissions#permission-overwrites).
 */
const canPost = (c: TextChannel) => {
  const me = c.guild.members.me;
  return me !== null && c.permissionsFor(me).has([PermissionFlagsBits.ViewChannel, PermissionFlagsBits.SendMessages]);
};

/**
 * Discord on discord.js: a decoder (gateway event → core event) and an encoder (core action →
 * REST calls through discord.js's rate-limit queue), with Discord's embeds, components,
 * ephemeral replies, limits and errors. No campaign rules.
 */
export class DiscordAdapter implements Adapter {
  readonly platform = 'discord' as const;
  private readonly client: Client;
  private readonly log: Logger;
  private sink: EventSink | undefined;
  /** Users whose private chat is a DM channel the core knows by their member id. */
  private readonly dmUsers = new Set<string>();
  /**
   * Text channels per guild (id → name). discord.js empties a guild's channel cache before it
   * emits guildDelete, so the adapter keeps its own list to tell the core which groups went.
   */
  private readonly channelsOf = new Map<string, Map<string, string>>();
  /** The core command behind each message context-menu command, by name. */
  private readonly menus: ReadonlyMap<string, string>;

  constructor(private readonly opts: DiscordOptions) {
    this.menus = menuCommands(opts.catalogue);
    this.log = opts.log ?? silentLogger;
    this.client = new Client({
      // No privileged intents: commands are interactions, and DM content comes without Message Content.
      intents: [GatewayIntentBits.Guilds, GatewayIntentBits.DirectMessages],
      // DM channels are not cached at startup; without this their messages would be dropped.
      partials: [Partials.Channel],
      // No retries of 5xx and network errors: they come back as `transient` outcomes, and the core
      // decides on retries (src/core/retry-policy.ts). @discordjs/rest still paces, and that we keep:
      // SequentialHandler.runRequest waits while a bucket or the global limit is exhausted, and on a
      // 429 it sleeps for the bucket's reset or retry_after and sends the request again, without
      // counting it against `retries` (@discordjs/rest 2.6.3, src/lib/handlers/SequentialHandler.ts;
      // the 5xx and network retries that `retries` bounds are in src/lib/handlers/Shared.ts,
      // makeNetworkRequest and handleErrors). `rejectOnRateLimit` would turn the 429s into errors, but it also rejects the
      // waits before a request, which would end the pacing.
      rest: { retries: 0, ...(opts.apiRoot ? { api: opts.apiRoot } : {}) },
      allowedMentions: { parse: [] },
    });
    // An 'error' event without a listener would crash the process.
    this.client.on(Events.Error, (err) => this.log.error({ platform: 'discord', ...loggable(err) }, 'discord client error'));
    this.client.on(Events.InteractionCreate, (i) => void this.handle(`interaction:${i.id}`, () => this.onInteraction(i)));
    this.client.on(Events.MessageCreate, (m) => void this.handle(`message:${m.id}`, () => this.dispatch(decodeMessage(m))));
    this.client.on(Events.GuildCreate, (g) => void this.handle(`guildCreate:${g.id}`, () => this.onJoined(g)));
    this.client.on(Events.ChannelCreate, (c) => void (isTextChannel(c) && this.channelsOf.get(c.guildId)?.set(c.id, c.name)));
    // Permissions change with a channel's overwrites (CHANNEL_UPDATE) or a role's permissions
    // (GUILD_ROLE_UPDATE): https://discord.com/developers/docs/topics/gateway-events#channel-update,
    // #guild-role-update. Which channels were paused is the core's to know.
    this.client.on(Events.ChannelUpdate, (_, c) => void (!c.isDMBased() && this.handle(`channelUpdate:${c.id}`, () => this.reportCanPost([c]))));
    this.client.on(Events.GuildRoleUpdate, (_, r) => void this.handle(`roleUpdate:${r.id}`, () => this.reportCanPost(r.guild.channels.cache.values())));
    this.client.on(Events.GuildDelete, (g) => void this.handle(`guildDelete:${g.id}`, () => this.onRemoved(g.id)));
    this.client.on(Events.ChannelDelete, (c) => void this.handle(`channelDelete:${c.id}`, () => (!c.isDMBased() && isTextChannel(c) ? this.onRemoved(c.guildId, c.id) : undefined)));
  }

  async start(sink: EventSink): Promise<void> {
    this.sink = sink;
    const ready = once(this.client, Events.ClientReady);
    await this.client.login(this.opts.token).catch((err: unknown) => {
      throw asCredentialsRejected(err);
    });
    await ready;
    if (this.opts.globalCommands) await this.registerCommands();
    for (const guild of this.client.guilds.cache.values()) {
      this.remember(guild);
      if (!this.opts.globalCommands) await this.registerCommands(guild);
      // The guilds came in GUILD_CREATE after READY with their channels as they are now
      // (https://discord.com/developers/docs/topics/gateway-events#ready): permissions given
      // back while the bot was away show here.
      await this.reportCanPost(guild.channels.cache.values());
    }
    this.log.info({ platform: 'discord', bot: this.client.user?.id, guilds: this.client.guilds.cache.size }, 'discord adapter started');
  }

  async stop(): Promise<void> {
    this.sink = undefined;
    await this.client.destroy();
  }

  async perform(action: Action, handle?: EventHandle): Promise<Outcome> {
    const h = handle as DiscordHandle | undefined;
    try {
      switch (action.type) {
        case 'send':
          if ('member' in action.to) return await this.toMember(raw(action.to.member), action.message);
          return await this.toGroup(raw(action.to.group), action.message);
        case 'reply':
          if (!h) return { ok: false, reason: 'rejected', detail: 'reply without an event' };
          if (h.interaction) return await this.respond(h.interaction, action.message, Boolean(action.private || h.ephemeral));
          if (action.private && h.chatKind === 'group') return await this.toMember(h.userId, action.message);
          return await this.post(h.channelId, action.message);
        case 'edit':
          return await this.edit(raw(action.group), action.messageId, action.message);
        case 'answer':
          if (!h?.interaction) return { ok: false, reason: 'rejected', detail: 'answer without a button press' };
          return await this.respond(h.interaction, plainMessage(action.text), true);
      }
    } catch (err) {
      return outcomeOf(err, action.type === 'send' && 'member' in action.to ? 'member' : 'group');
    }
  }

  async isAdmin(group: GroupId, member: MemberId): Promise<boolean> {
    const channel = await this.client.channels.fetch(raw(group));
    if (!channel || channel.isDMBased()) return false;
    // Forced: without the privileged members intent the cache would miss role changes.
    const m = await channel.guild.members.fetch({ user: raw(member), force: true });
    return m.permissions.has(PermissionFlagsBits.ManageGuild) || m.roles.cache.some((r) => r.name === this.opts.advisorRole);
  }

  async memberCount(group: GroupId): Promise<number | undefined> {
    const channel = this.client.channels.cache.get(raw(group));
    return channel && !channel.isDMBased() ? channel.guild.memberCount : undefined;
  }

  /** Runs one gateway event's work; a failure is logged, never thrown into discord.js. */
  private async handle(key: string, work: () => Promise<unknown> | unknown): Promise<void> {
    try {
      await work();
    } catch (err) {
      this.log.error({ platform: 'discord', event: key.split(':')[0], ...loggable(err) }, 'discord event failed');
    } finally {
      this.opts.onHandled?.(key);
    }
  }

  private async dispatch(decoded: Decoded | undefined): Promise<void> {
    if (!decoded || !this.sink) return;
    if (decoded.handle.chatKind === 'private') this.dmUsers.add(decoded.handle.userId);
    await this.sink(decoded.event, decoded.handle);
  }

  private async emit(event: CoreEvent, channelId: string): Promise<void> {
    await this.sink?.(event, { channelId, chatKind: 'group', userId: '' } satisfies DiscordHandle);
  }

  /** Discord wants every interaction answered: a press nobody answered is acknowledged silently. */
  private async onInteraction(interaction: Parameters<typeof decodeInteraction>[0]): Promise<void> {
    await this.dispatch(decodeInteraction(interaction, this.opts.advisorRole, this.menus));
    if (!interaction.isRepliable() || interaction.replied || interaction.deferred) return;
    if (interaction.isButton()) await interaction.deferUpdate();
    else await interaction.reply({ content: DONE, flags: MessageFlags.Ephemeral });
  }

  /**
   * Joining a guild: its commands are registered, and one channel (the system channel, or
   * the first the bot may post in) is told the bot is there. Other channels become groups
   * when someone uses a command in them.
   */
  private async onJoined(guild: Guild): Promise<void> {
    this.remember(guild);
    if (!this.opts.globalCommands) await this.registerCommands(guild);
    const channels = [...guild.channels.cache.filter(isTextChannel).values()].sort((a, b) => a.rawPosition - b.rawPosition);
    const welcome = [guild.systemChannel, ...channels].find((c): c is TextChannel => Boolean(c) && canPost(c as TextChannel));
    if (welcome) await this.emit({ type: 'bot-added', platform: 'discord', chat: channelChat(welcome.id, welcome.name) }, welcome.id);
  }

  /** Each text channel the bot may post in: the core resumes those it paused for missing permissions. */
  private async reportCanPost(channels: Iterable<GuildBasedChannel>): Promise<void> {
    for (const c of channels) {
      if (isTextChannel(c) && canPost(c)) await this.emit({ type: 'bot-can-post', platform: 'discord', chat: channelChat(c.id, c.name) }, c.id);
    }
  }

  private remember(guild: Guild): void {
    this.channelsOf.set(guild.id, new Map(guild.channels.cache.filter(isTextChannel).map((c) => [c.id, c.name])));
  }

  /** Removed from a guild (every channel), or one channel deleted: each is a group the bot left. */
  private async onRemoved(guildId: string, only?: string): Promise<void> {
    const known = this.channelsOf.get(guildId);
    for (const [id, title] of [...(known ?? [])].filter(([id]) => !only || id === only)) {
      known?.delete(id);
      await this.emit({ type: 'bot-removed', platform: 'discord', chat: channelChat(id, title), reason: 'kicked' }, id);
    }
    if (!only) this.channelsOf.delete(guildId);
  }

  private async registerCommands(guild?: Guild): Promise<void> {
    const appId = this.client.application!.id;
    const route = guild ? Routes.applicationGuildCommands(appId, guild.id) : Routes.applicationCommands(appId);
    await this.client.rest
      .put(route, { body: applicationCommands(this.opts.catalogue, guild ? 'guild' : 'global') })
      .catch((err: unknown) => this.log.warn({ platform: 'discord', guild: guild?.id, ...loggable(err) }, 'registering commands failed'));
  }

  /** Answers an interaction: the first part as its reply, the rest as follow-ups; `ephemeral` for the member alone. */
  private async respond(interaction: RepliableInteraction, message: RichMessage, ephemeral: boolean): Promise<Outcome> {
    const flags = ephemeral ? MessageFlags.Ephemeral : undefined;
    let messageId: string | undefined;
    for (const payload of this.encoded(message)) {
      if (interaction.replied || interaction.deferred) messageId = (await interaction.followUp({ ...payload, flags })).id;
      else await interaction.reply({ ...payload, flags });
    }
    return { ok: true, messageId };
  }

  private async toGroup(channelId: string, message: RichMessage): Promise<Outcome> {
    // The core knows a private chat by the member's id.
    if (this.dmUsers.has(channelId)) return this.toMember(channelId, message);
    try {
      return await this.post(channelId, message);
    } catch (err) {
      if (lacksPermissions(err)) await this.reportMissingPermissions(channelId);
      throw err;
    }
  }

  private async toMember(userId: string, message: RichMessage): Promise<Outcome> {
    const dm = await this.client.users.createDM(userId);
    this.dmUsers.add(userId);
    return this.post(dm.id, message);
  }

  private async post(channelId: string, message: RichMessage): Promise<Outcome> {
    const channel = await this.client.channels.fetch(channelId);
    if (!channel?.isSendable()) return { ok: false, reason: 'rejected', detail: 'not a text channel' };
    let messageId = '';
    for (const payload of this.encoded(message)) messageId = (await channel.send(payload)).id;
    return { ok: true, messageId };
  }

  /** Edits the message with the buttons: the last part, when the message was split. */
  private async edit(channelId: string, messageId: string, message: RichMessage): Promise<Outcome> {
    const channel = await this.client.channels.fetch(this.dmUsers.has(channelId) ? (await this.client.users.createDM(channelId)).id : channelId);
    if (!channel?.isTextBased()) return { ok: false, reason: 'rejected', detail: 'not a text channel' };
    const { files: _files, ...last } = this.encoded(message).at(-1)!;
    await channel.messages.edit(messageId, last);
    return { ok: true, messageId };
  }

  private encoded(message: RichMessage): BaseMessageOptions[] {
    const payloads = encode(message);
    if (payloads.length === 0) throw new Error('empty message');
    return payloads;
  }

  /**
   * Discord refused a post for Missing Access or Missing Permissions (50001, 50013:
   * https://discord.com/developers/docs/topics/opcodes-and-status-codes#json-json-error-codes).
   * The core pauses the group and, once per pause, has the server owner told privately.
   */
  private async reportMissingPermissions(channelId: string): Promise<void> {
    const channel = this.client.channels.cache.get(channelId);
    if (!channel || channel.isDMBased() || !isTextChannel(channel)) return;
    const notify = { member: memberId('discord', channel.guild.ownerId), message: missingPermissionsNotice(channel.guild.name, channel.name) };
    await this.emit({ type: 'bot-removed', platform: 'discord', chat: channelChat(channelId, channel.name), reason: 'missing-permissions', notify }, channelId);
  }
}
