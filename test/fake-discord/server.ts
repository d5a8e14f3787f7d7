import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';

/**
 * A local Discord for end-to-end tests: a REST server under /api/v10 and a gateway (the ws
 * package) speaking the real protocol (HELLO, IDENTIFY, READY, heartbeats, dispatches) with
 * plain JSON, no compression. discord.js reaches it through `rest.api`; the gateway address
 * comes from GET /gateway/bot, as with Discord. Every REST call is recorded; tests can make
 * the next calls fail (429 storms, 403 Missing Permissions, 404 Unknown Channel, 500).
 */

export interface RestCall {
  method: string;
  /** The path after /api/v10, without the query. */
  path: string;
  body: any;
  files: string[];
  status: number;
  injected?: boolean;
}

export interface StoredMessage {
  id: string;
  channelId: string;
  content: string;
  embeds: any[];
  components: any[];
  files: string[];
  allowedMentions: any;
  ephemeral: boolean;
  /** How it was posted: a channel message, an interaction's reply, or a follow-up. */
  via: 'channel' | 'interaction' | 'followup';
  interactionId?: string;
  edits: number;
}

export interface FakeUser {
  id: string;
  username: string;
  global_name: string;
  discriminator: '0';
  avatar: null;
  bot?: boolean;
}

export interface FakeGuild {
  id: string;
  name: string;
  ownerId: string;
  roles: { id: string; name: string; permissions: string }[];
  channels: { id: string; name: string }[];
  /** Role ids per user id. */
  members: Map<string, string[]>;
}

interface Failure {
  status: number;
  code: number;
  message: string;
  retryAfter: number;
  match: (method: string, path: string) => boolean;
}

/** Permission bits (Discord's): Manage Server, and what a plain member has. */
export const MANAGE_GUILD = 1n << 5n;
const SEND_MESSAGES = 1n << 11n;
const MEMBER_PERMISSIONS = (1n << 10n) | SEND_MESSAGES | (1n << 16n); // view, send, read history

let counter = 1_300_000_000_000_000_000n;
export const snowflake = (): string => String(counter++);

export function user(id: string, name: string): FakeUser {
  return { id, username: name, global_name: name, discriminator: '0', avatar: null };
}

export class FakeDiscord {
  readonly token = 'FAKE.discord.token-for-tests';
  readonly appId = '1200000000000000001';
  readonly me: FakeUser = { ...user(this.appId, 'classguard_test'), bot: true };
  readonly calls: RestCall[] = [];
  readonly messages: StoredMessage[] = [];
  /** Application commands as last PUT, per guild id (`global` for global ones). */
  readonly commands = new Map<string, any[]>();
  readonly guilds = new Map<string, FakeGuild>();
  readonly users = new Map<string, FakeUser>();
  /** DM channel id per user id. */
  readonly dms = new Map<string, string>();
  /** Channels the bot may not post in (50013 Missing Permissions); see `setForbidden`. */
  readonly forbidden = new Set<string>();
  /** Files attached to DMs, by CDN path (`/attachments/<channel>/<attachment>/<filename>`). */
  readonly cdn = new Map<string, Uint8Array>();
  /** The CDN paths the bot downloaded, in order. */
  readonly downloads: string[] = [];
  /** Guilds the bot is in: READY lists them and GUILD_CREATE follows for each, on every IDENTIFY. */
  private readonly joined = new Set<FakeGuild>();
  identified = 0;
  private readonly interactions = new Map<string, { id: string; token: string; channelId: string }>();
  private readonly failures: Failure[] = [];
  private readonly sockets = new Set<WebSocket>();
  private readonly waiters: { check: () => boolean; resolve: () => void }[] = [];
  private seq = 0;

  private constructor(
    private readonly server: Server,
    private readonly wss: WebSocketServer,
  ) {}

  static async start(): Promise<FakeDiscord> {
    const server = createServer();
    const wss = new WebSocketServer({ server, path: '/gateway', perMessageDeflate: false });
    const fake = new FakeDiscord(server, wss);
    server.on('request', (req, res) => void fake.onRequest(req, res));
    wss.on('connection', (ws, req) => fake.onConnection(ws, req));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return fake;
  }

  private get port(): number {
    return (this.server.address() as AddressInfo).port;
  }

  /** What DISCORD_API_ROOT is set to: discord.js appends /v10. */
  get apiRoot(): string {
    return `http://127.0.0.1:${this.port}/api`;
  }

  get gatewayUrl(): string {
    return `ws://127.0.0.1:${this.port}/gateway`;
  }

  async close(): Promise<void> {
    for (const ws of this.sockets) ws.terminate();
    await new Promise<void>((resolve) => this.wss.close(() => resolve()));
    await new Promise<void>((resolve) => {
      this.server.close(() => resolve());
      this.server.closeAllConnections();
    });
  }

  // ── Test controls ──────────────────────────────────────────────────────────

  /** The next `n` calls matching `path` (a substring, e.g. `/messages`) fail with `status`. */
  failNext(n: number, status: number, opts: { code?: number; message?: string; retryAfter?: number; method?: string; path?: string } = {}): void {
    for (let i = 0; i < n; i++) {
      this.failures.push({
        status,
        code: opts.code ?? (status === 429 ? 0 : status),
        message: opts.message ?? (status === 429 ? 'You are being rate limited.' : `Error ${status}`),
        retryAfter: opts.retryAfter ?? 0.05,
        match: (method, path) => (!opts.method || opts.method === method) && (!opts.path || path.includes(opts.path)),
      });
    }
  }

  private settle(): void {
    for (const w of [...this.waiters]) if (w.check()) (this.waiters.splice(this.waiters.indexOf(w), 1), w.resolve());
  }

  /** Resolves when `check` holds, re-checked after every REST call and every IDENTIFY. */
  waitFor(check: () => boolean, timeoutMs = 15_000): Promise<void> {
    if (check()) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('waitFor timed out')), timeoutMs);
      this.waiters.push({ check, resolve: () => (clearTimeout(timer), resolve()) });
    });
  }

  messagesIn(channelId: string): StoredMessage[] {
    return this.messages.filter((m) => m.channelId === channelId);
  }

  addUser(u: FakeUser): FakeUser {
    this.users.set(u.id, u);
    return u;
  }

  /** A guild with an @everyone role, the advisor role, and its text channels. */
  addGuild(g: { id: string; name: string; owner: FakeUser; channels: { id: string; name: string }[]; advisorRole?: string }): FakeGuild {
    const roles = [{ id: g.id, name: '@everyone', permissions: String(MEMBER_PERMISSIONS) }];
    if (g.advisorRole) roles.push({ id: snowflake(), name: g.advisorRole, permissions: String(MEMBER_PERMISSIONS) });
    const guild: FakeGuild = { id: g.id, name: g.name, ownerId: g.owner.id, roles, channels: g.channels, members: new Map([[g.owner.id, []]]) };
    this.guilds.set(g.id, guild);
    this.addUser(g.owner);
    return guild;
  }

  join(guild: FakeGuild, u: FakeUser, roleNames: string[] = []): void {
    this.addUser(u);
    guild.members.set(u.id, roleNames.map((n) => guild.roles.find((r) => r.name === n)!.id));
  }

  /** The member's permissions as Discord computes them (the owner has all). */
  permissionsOf(guild: FakeGuild, userId: string): bigint {
    if (guild.ownerId === userId) return (1n << 41n) - 1n;
    const roleIds = [guild.id, ...(guild.members.get(userId) ?? [])];
    return guild.roles.filter((r) => roleIds.includes(r.id)).reduce((acc, r) => acc | BigInt(r.permissions), 0n);
  }

  /** A new role with Manage Server for `u`; the gateway announces the role, as Discord does. */
  grantManageGuild(guild: FakeGuild, u: FakeUser): void {
    const role = { id: snowflake(), name: 'manager', permissions: String(MEMBER_PERMISSIONS | MANAGE_GUILD) };
    guild.roles.push(role);
    guild.members.get(u.id)!.push(role.id);
    this.dispatch('GUILD_ROLE_CREATE', { guild_id: guild.id, role: this.roleObject(guild, role) });
  }

  /** Gives @everyone (the bot's only role) Send Messages or takes it away; the gateway announces the role. */
  setEveryoneCanSend(guild: FakeGuild, can: boolean): void {
    const everyone = guild.roles.find((r) => r.id === guild.id)!;
    const permissions = BigInt(everyone.permissions);
    everyone.permissions = String(can ? permissions | SEND_MESSAGES : permissions & ~SEND_MESSAGES);
    this.dispatch('GUILD_ROLE_UPDATE', { guild_id: guild.id, role: this.roleObject(guild, everyone) });
  }

  private roleObject(guild: FakeGuild, role: FakeGuild['roles'][number]) {
    return { ...role, position: guild.roles.indexOf(role), color: 0, hoist: false, managed: false, mentionable: false, flags: 0 };
  }

  // ── Gateway dispatches ─────────────────────────────────────────────────────

  dispatch(t: string, d: unknown): void {
    const packet = JSON.stringify({ op: 0, t, s: ++this.seq, d });
    for (const ws of this.sockets) ws.send(packet);
  }

  /** The bot joins the guild (or is added back). */
  guildCreate(guild: FakeGuild): void {
    this.joined.add(guild);
    this.dispatch('GUILD_CREATE', this.guildObject(guild));
  }

  private guildObject(guild: FakeGuild) {
    return {
      id: guild.id,
      name: guild.name,
      owner_id: guild.ownerId,
      icon: null,
      features: [],
      roles: guild.roles.map((r) => this.roleObject(guild, r)),
      channels: guild.channels.map((c) => this.channelObject(guild, c.id)),
      members: [this.memberObject(guild, this.me.id)],
      member_count: guild.members.size + 1,
      joined_at: new Date(0).toISOString(),
      large: false,
      unavailable: false,
      emojis: [],
      stickers: [],
      threads: [],
      presences: [],
      voice_states: [],
      stage_instances: [],
      guild_scheduled_events: [],
      soundboard_sounds: [],
      preferred_locale: 'zh-CN',
    };
  }

  /** A text channel as Discord sends it: a forbidden one carries an overwrite denying the bot Send Messages. */
  private channelObject(guild: FakeGuild, channelId: string) {
    const position = guild.channels.findIndex((c) => c.id === channelId);
    const overwrites = this.forbidden.has(channelId) ? [{ id: this.me.id, type: 1, allow: '0', deny: String(SEND_MESSAGES) }] : [];
    return { id: channelId, type: 0, name: guild.channels[position]!.name, guild_id: guild.id, position, permission_overwrites: overwrites, nsfw: false, parent_id: null };
  }

  /**
   * Takes away (or gives back) the bot's Send Messages in a channel. With `announce`, the
   * gateway tells the bot (a CHANNEL_UPDATE with the overwrite), as Discord does; without, the
   * change went unseen (it happened while the bot was offline).
   */
  setForbidden(guild: FakeGuild, channelId: string, forbidden: boolean, announce = true): void {
    if (forbidden) this.forbidden.add(channelId);
    else this.forbidden.delete(channelId);
    if (announce) this.dispatch('CHANNEL_UPDATE', this.channelObject(guild, channelId));
  }

  guildDelete(guild: FakeGuild): void {
    this.joined.delete(guild);
    this.dispatch('GUILD_DELETE', { id: guild.id });
  }

  channelDelete(guild: FakeGuild, channelId: string): void {
    this.dispatch('CHANNEL_DELETE', this.channelObject(guild, channelId));
  }

  /** A slash command in a guild channel; returns the interaction id. */
  slash(guild: FakeGuild, channelId: string, u: FakeUser, name: string, args?: string): string {
    const options = args === undefined ? [] : [{ name: 'args', type: 3, value: args }];
    return this.interaction(2, { id: snowflake(), name, type: 1, options }, { guild, channelId, user: u });
  }

  /** The message context-menu command on `target` (a message by `author`). */
  messageCommand(guild: FakeGuild, channelId: string, u: FakeUser, name: string, target: { content: string; author: FakeUser }): string {
    const message = this.messageObject({ id: snowflake(), channelId, content: target.content, author: target.author, guildId: guild.id });
    return this.interaction(2, { id: snowflake(), name, type: 3, target_id: message.id, resolved: { messages: { [message.id]: message } } }, { guild, channelId, user: u });
  }

  /** A press on a button of a stored message, as `u`. */
  press(stored: StoredMessage, u: FakeUser, label: string): string {
    const button = stored.components.flatMap((row) => row.components).find((c: any) => c.label === label);
    if (!button) throw new Error(`no button ${label}`);
    return this.pressData(stored, u, button.custom_id);
  }

  pressData(stored: StoredMessage, u: FakeUser, customId: string): string {
    const guild = [...this.guilds.values()].find((g) => g.channels.some((c) => c.id === stored.channelId));
    const message = this.messageObject({ id: stored.id, channelId: stored.channelId, content: stored.content, author: this.me, guildId: guild?.id, components: stored.components, embeds: stored.embeds });
    return this.interaction(3, { custom_id: customId, component_type: 2 }, { guild, channelId: stored.channelId, user: u, message });
  }

  /** A message a user writes to the bot in their DM; returns its id. */
  dm(u: FakeUser, content: string, forwarded?: { content: string }): string {
    this.addUser(u);
    const channelId = this.dmChannelOf(u.id);
    const id = snowflake();
    // channel_type tells discord.js it is a DM channel it has not cached.
    const message: any = { ...this.messageObject({ id, channelId, content: forwarded ? '' : content, author: u }), channel_type: 1 };
    if (forwarded) {
      message.message_reference = { type: 1, channel_id: snowflake(), message_id: snowflake() };
      message.message_snapshots = [{ message: { type: 0, content: forwarded.content, embeds: [], attachments: [], timestamp: new Date(0).toISOString(), edited_timestamp: null, flags: 0, mentions: [], mention_roles: [] } }];
    }
    this.dispatch('MESSAGE_CREATE', message);
    return id;
  }

  /**
   * A user sends the bot a file in their DM, with optional text: the attachment object as
   * https://discord.com/developers/docs/resources/message#attachment-object gives it, its url on
   * this server's CDN path. `size` is what Discord reports (the file's length unless a test says otherwise).
   */
  dmFile(u: FakeUser, filename: string, data: Uint8Array, opts: { content?: string; size?: number } = {}): string {
    this.addUser(u);
    const channelId = this.dmChannelOf(u.id);
    const id = snowflake();
    const attachmentId = snowflake();
    const path = `/attachments/${channelId}/${attachmentId}/${encodeURIComponent(filename)}`;
    this.cdn.set(path, data);
    const url = `http://127.0.0.1:${this.port}${path}?ex=0&is=0&hm=fake`;
    const attachment = { id: attachmentId, filename, size: opts.size ?? data.length, url, proxy_url: url, content_type: 'application/octet-stream' };
    this.dispatch('MESSAGE_CREATE', { ...this.messageObject({ id, channelId, content: opts.content ?? '', author: u }), attachments: [attachment], channel_type: 1 });
    return id;
  }

  dmChannelOf(userId: string): string {
    let id = this.dms.get(userId);
    if (!id) this.dms.set(userId, (id = snowflake()));
    return id;
  }

  private interaction(type: number, data: unknown, at: { guild?: FakeGuild; channelId: string; user: FakeUser; message?: unknown }): string {
    const id = snowflake();
    const token = `itoken-${id}`;
    this.interactions.set(token, { id, token, channelId: at.channelId });
    const where = at.guild
      ? { guild_id: at.guild.id, member: { ...this.memberObject(at.guild, at.user.id), permissions: String(this.permissionsOf(at.guild, at.user.id)) } }
      : { user: at.user };
    this.dispatch('INTERACTION_CREATE', {
      id,
      application_id: this.appId,
      type,
      data,
      token,
      version: 1,
      channel_id: at.channelId,
      channel: { id: at.channelId, type: at.guild ? 0 : 1 },
      app_permissions: String(MEMBER_PERMISSIONS),
      locale: 'zh-CN',
      guild_locale: at.guild ? 'zh-CN' : undefined,
      entitlements: [],
      authorizing_integration_owners: { 0: at.guild?.id ?? '0' },
      context: at.guild ? 0 : 1,
      message: at.message,
      ...where,
    });
    return id;
  }

  private memberObject(guild: FakeGuild, userId: string) {
    const u = userId === this.me.id ? this.me : this.users.get(userId)!;
    return { user: u, roles: guild.members.get(userId) ?? [], joined_at: new Date(0).toISOString(), deaf: false, mute: false, flags: 0, nick: null };
  }

  private messageObject(m: { id: string; channelId: string; content: string; author: FakeUser; guildId?: string; components?: any[]; embeds?: any[]; flags?: number }) {
    return {
      id: m.id,
      channel_id: m.channelId,
      guild_id: m.guildId,
      author: m.author,
      content: m.content,
      timestamp: new Date(0).toISOString(),
      edited_timestamp: null,
      tts: false,
      mention_everyone: false,
      mentions: [],
      mention_roles: [],
      attachments: [],
      embeds: m.embeds ?? [],
      components: m.components ?? [],
      pinned: false,
      type: 0,
      flags: m.flags ?? 0,
    };
  }

  // ── The gateway ────────────────────────────────────────────────────────────

  private onConnection(ws: WebSocket, req: IncomingMessage): void {
    const query = new URL(req.url ?? '/', 'http://localhost').searchParams;
    // JSON only: the client must not ask for zlib-stream.
    if (query.get('encoding') !== 'json' || query.has('compress')) return void ws.close(4002, 'compression not supported');
    this.sockets.add(ws);
    ws.on('close', () => this.sockets.delete(ws));
    ws.send(JSON.stringify({ op: 10, d: { heartbeat_interval: 41_250 } }));
    ws.on('message', (raw) => {
      const packet = JSON.parse(String(raw)) as { op: number; d: any };
      if (packet.op === 1) ws.send(JSON.stringify({ op: 11 }));
      if (packet.op === 2) {
        if (packet.d.token !== this.token) return void ws.close(4004, 'Authentication failed.');
        this.identified++;
        const ready = {
          v: 10,
          user: { ...this.me, verified: true, mfa_enabled: false, flags: 0 },
          guilds: [...this.joined].map((g) => ({ id: g.id, unavailable: true })),
          session_id: `session-${this.identified}`,
          resume_gateway_url: this.gatewayUrl,
          shard: [0, 1],
          application: { id: this.appId, flags: 0 },
        };
        ws.send(JSON.stringify({ op: 0, t: 'READY', s: ++this.seq, d: ready }));
        // https://discord.com/developers/docs/topics/gateway-events#guild-create: each guild of READY follows, lazily.
        for (const g of this.joined) ws.send(JSON.stringify({ op: 0, t: 'GUILD_CREATE', s: ++this.seq, d: this.guildObject(g) }));
        this.settle();
      }
    });
  }

  // ── REST ───────────────────────────────────────────────────────────────────

  /** The CDN: an attachment's bytes, without the bot's token (Discord's CDN links are signed instead). */
  private serveCdn(path: string, res: ServerResponse): void {
    const data = this.cdn.get(path);
    if (!data) return void res.writeHead(404).end();
    this.downloads.push(path);
    res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': data.length }).end(data);
  }

  private async onRequest(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (url.pathname.startsWith('/attachments/')) return this.serveCdn(url.pathname, res);
    const path = url.pathname.replace(/^\/api\/v10/, '');
    const method = req.method ?? 'GET';
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const { body, files } = await parseBody(Buffer.concat(chunks), req.headers['content-type']);
    const call: RestCall = { method, path, body, files, status: 200 };
    this.calls.push(call);
    const reply = (status: number, data?: unknown, headers: Record<string, string> = {}) => {
      call.status = status;
      res.writeHead(status, data === undefined ? headers : { 'content-type': 'application/json', ...headers });
      res.end(data === undefined ? undefined : JSON.stringify(data));
      this.settle();
    };
    const bot = !path.startsWith('/interactions/') && !path.startsWith('/webhooks/');
    if (bot && req.headers.authorization !== `Bot ${this.token}`) return reply(401, { code: 0, message: '401: Unauthorized' });
    const failure = this.failures.findIndex((f) => f.match(method, path));
    if (failure >= 0 && path !== '/gateway/bot') {
      const f = this.failures.splice(failure, 1)[0]!;
      call.injected = true;
      const headers: Record<string, string> =
        f.status === 429 ? { 'retry-after': String(f.retryAfter), 'x-ratelimit-limit': '5', 'x-ratelimit-remaining': '0', 'x-ratelimit-reset-after': String(f.retryAfter), 'x-ratelimit-scope': 'user' } : {};
      return reply(f.status, f.status === 429 ? { message: f.message, retry_after: f.retryAfter, global: false } : { code: f.code, message: f.message }, headers);
    }
    try {
      const result = this.route(method, path, body, files);
      if (result === undefined) return reply(404, { code: 0, message: `404: Not Found ${method} ${path}` });
      if (result === NO_CONTENT) return reply(204);
      reply(200, result);
    } catch (err) {
      if (err instanceof ApiError) return reply(err.status, { code: err.code, message: err.message });
      reply(500, { code: 0, message: String(err) });
    }
  }

  private route(method: string, path: string, body: any, files: string[]): unknown {
    const m = (pattern: RegExp) => pattern.exec(path);
    let r: RegExpExecArray | null;
    if (method === 'GET' && path === '/gateway/bot') {
      return { url: this.gatewayUrl, shards: 1, session_start_limit: { total: 1000, remaining: 999, reset_after: 0, max_concurrency: 1 } };
    }
    if (method === 'GET' && path === '/users/@me') return this.me;
    if (method === 'PUT' && (r = m(/^\/applications\/(\d+)\/(?:guilds\/(\d+)\/)?commands$/))) {
      this.commands.set(r[2] ?? 'global', body);
      return (body as any[]).map((c) => ({ ...c, id: snowflake(), application_id: this.appId, version: '1' }));
    }
    if (method === 'POST' && path === '/users/@me/channels') {
      const u = this.users.get(body.recipient_id);
      if (!u) throw new ApiError(400, 50007, 'Cannot send messages to this user');
      return { id: this.dmChannelOf(u.id), type: 1, recipients: [u], last_message_id: null };
    }
    if (method === 'GET' && (r = m(/^\/channels\/(\d+)$/))) {
      const dm = [...this.dms].find(([, c]) => c === r![1]);
      if (dm) return { id: r[1], type: 1, recipients: [this.users.get(dm[0])], last_message_id: null };
      return this.channelObject(this.guildOf(r[1]!), r[1]!);
    }
    if (method === 'GET' && (r = m(/^\/guilds\/(\d+)\/members\/(\d+)$/))) {
      const guild = this.guilds.get(r[1]!);
      if (!guild?.members.has(r[2]!)) throw new ApiError(404, 10007, 'Unknown Member');
      return this.memberObject(guild, r[2]!);
    }
    if (method === 'POST' && (r = m(/^\/channels\/(\d+)\/messages$/))) {
      this.checkChannel(r[1]!);
      return this.store(r[1]!, body, files, 'channel');
    }
    if (method === 'PATCH' && (r = m(/^\/channels\/(\d+)\/messages\/(\d+)$/))) {
      this.checkChannel(r[1]!);
      const stored = this.messages.find((x) => x.id === r![2]);
      if (!stored) throw new ApiError(404, 10008, 'Unknown Message');
      Object.assign(stored, { content: body.content ?? stored.content, embeds: body.embeds ?? stored.embeds, components: body.components ?? stored.components, edits: stored.edits + 1 });
      return this.messageObject({ ...stored, author: this.me });
    }
    if (method === 'POST' && (r = m(/^\/interactions\/(\d+)\/([^/]+)\/callback$/))) {
      const interaction = this.interactions.get(r[2]!);
      if (!interaction || interaction.id !== r[1]) throw new ApiError(404, 10062, 'Unknown interaction');
      if (body.type === 4) this.store(interaction.channelId, body.data ?? {}, files, 'interaction', interaction.id);
      return NO_CONTENT;
    }
    if (method === 'POST' && (r = m(/^\/webhooks\/(\d+)\/([^/]+)$/))) {
      const interaction = this.interactions.get(r[2]!);
      if (!interaction) throw new ApiError(404, 10015, 'Unknown Webhook');
      return this.store(interaction.channelId, body, files, 'followup', interaction.id);
    }
    return undefined;
  }

  private guildOf(channelId: string): FakeGuild {
    const guild = [...this.guilds.values()].find((g) => g.channels.some((c) => c.id === channelId));
    if (!guild) throw new ApiError(404, 10003, 'Unknown Channel');
    return guild;
  }

  private checkChannel(channelId: string): void {
    if ([...this.dms.values()].includes(channelId)) return;
    const guild = this.guildOf(channelId);
    const roleAllows = (this.permissionsOf(guild, this.me.id) & SEND_MESSAGES) !== 0n;
    if (this.forbidden.has(channelId) || !roleAllows) throw new ApiError(403, 50013, 'Missing Permissions');
  }

  private store(channelId: string, body: any, files: string[], via: StoredMessage['via'], interactionId?: string) {
    const content: string = body.content ?? '';
    const embeds: any[] = body.embeds ?? [];
    if (content.length > 2000) throw new ApiError(400, 50035, 'Invalid Form Body: content longer than 2000');
    if (embeds.some((e) => (e.description ?? '').length > 4096 || (e.title ?? '').length > 256)) throw new ApiError(400, 50035, 'Invalid Form Body: embed too long');
    if (!content && embeds.length === 0 && files.length === 0) throw new ApiError(400, 50006, 'Cannot send an empty message');
    const stored: StoredMessage = {
      id: snowflake(),
      channelId,
      content,
      embeds,
      components: body.components ?? [],
      files,
      allowedMentions: body.allowed_mentions,
      ephemeral: ((body.flags ?? 0) & 64) !== 0,
      via,
      interactionId,
      edits: 0,
    };
    this.messages.push(stored);
    return this.messageObject({ ...stored, author: this.me, flags: body.flags });
  }
}

const NO_CONTENT = Symbol('no content');

class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: number,
    message: string,
  ) {
    super(message);
  }
}

/** JSON, or multipart with `payload_json` and `files[n]` (how discord.js uploads attachments). */
async function parseBody(raw: Buffer, type: string | undefined): Promise<{ body: any; files: string[] }> {
  if (raw.length === 0) return { body: undefined, files: [] };
  if (!type?.startsWith('multipart/form-data')) return { body: JSON.parse(raw.toString('utf8')), files: [] };
  const form = await new Response(raw, { headers: { 'content-type': type } }).formData();
  const files: string[] = [];
  let body: any = {};
  for (const [key, value] of form) {
    if (key === 'payload_json') body = JSON.parse(String(value));
    else if (typeof value !== 'string') files.push(value.name);
  }
  return { body, files };
}
