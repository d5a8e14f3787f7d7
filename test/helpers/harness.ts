import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'vitest';
import type { App } from '../../src/app.ts';
import { createApp } from '../../src/compose.ts';
import type { Feature } from '../../src/core/feature.ts';
import type { Bot } from '../../src/core/bot.ts';
import { AdjustableClock } from '../../src/core/clock.ts';
import { parseCommand, type Chat, type CoreEvent, type Sender } from '../../src/core/events.ts';
import { groupId, memberId, type GroupId } from '../../src/core/ids.ts';
import { loadConfig, type Config } from '../../src/config.ts';
import { loadLibraryOrThrow, type Library } from '../../src/content/library.ts';
import { closeDatabase, openDatabase, type Db } from '../../src/db/client.ts';
import { FEATURES } from '../../src/features/index.ts';
import { silentLogger, type Logger } from '../../src/log.ts';
import { PROJECT_ROOT } from '../../src/paths.ts';
import { loadTriageOrThrow, type TriageContent } from '../../src/triage/index.ts';
import { TestAdapter, type Output, type TestHandle } from './test-adapter.ts';

let library: Library | undefined;
let triage: TriageContent | undefined;
const contentDir = () => process.env.TMP_CONTENT ?? join(PROJECT_ROOT, 'content');

/** The real content library, loaded once per test file. */
export function realLibrary(): Library {
  return (library ??= loadLibraryOrThrow(contentDir()));
}

/** The real content/triage, loaded once per test file. */
export function realTriage(): TriageContent {
  return (triage ??= loadTriageOrThrow(contentDir()));
}

export interface HarnessOptions {
  env?: Record<string, string>;
  /** The frozen clock's start; defaults to 2026-12-01 08:00 in Asia/Shanghai. */
  now?: Date;
  /** Where the app logs; quiet by default. */
  log?: Logger;
}

/** The real core on the real content and a database file, as every test harness builds it: a frozen clock (2026-12-01 08:00 in Shanghai by default), quiet logs unless `log` is given. */
export function realApp(
  path: string,
  db: Db,
  opts: { now?: Date; env?: Record<string, string>; features?: readonly Feature<App>[]; log?: Logger } = {},
): { app: App; bot: Bot<App>; clock: AdjustableClock; config: Config } {
  const clock = new AdjustableClock().freeze(opts.now ?? new Date('2026-12-01T00:00:00Z'));
  const config = loadConfig({ DATABASE_PATH: path, CONSOLE: 'off', ...opts.env });
  const deps = { config, clock, db, library: realLibrary(), log: opts.log ?? silentLogger, triage: realTriage() };
  return { ...createApp(deps, opts.features ?? FEATURES), clock, config };
}

/** The real core of an adapter's harness: its fake platform's tests read these. */
export interface CoreHarness {
  app: App;
  bot: Bot<App>;
  clock: AdjustableClock;
  db: Db;
  close(): Promise<void>;
}

/** Stops the core as a shutdown does: pending live-count edits first, then the adapters. */
export async function stopCore(app: App, bot: Bot<App>): Promise<void> {
  await app.acks.flush();
  await app.quizEdits.flush();
  await bot.stop();
}

/** A temporary SQLite file with the real migrations. */
export function tempDatabase(): { path: string; db: Db; dispose: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'classguard-'));
  const path = join(dir, 'test.db');
  const db = openDatabase(path);
  return { path, db, dispose: () => (closeDatabase(db), rmSync(dir, { recursive: true, force: true })) };
}

/**
 * The real core on a real database, driven through the test adapter, in the manner of
 * Koishi's mock client: `await client.shouldReply('/help', '可用命令')`.
 */
export class Harness {
  readonly adapter = new TestAdapter();
  readonly clock: AdjustableClock;
  readonly app: App;
  readonly bot: Bot<App>;
  readonly db: Db;
  private readonly disposeDb: () => void;

  constructor(opts: HarnessOptions = {}) {
    const temp = tempDatabase();
    this.db = temp.db;
    this.disposeDb = temp.dispose;
    const built = realApp(temp.path, this.db, opts);
    this.clock = built.clock;
    this.app = built.app;
    this.bot = built.bot.add(this.adapter);
  }

  static async start(opts?: HarnessOptions): Promise<Harness> {
    const h = new Harness(opts);
    await h.bot.start();
    return h;
  }

  client(group: string, member: string, opts: { admin?: boolean } = {}): TestClient {
    const client = new TestClient(this, { id: groupId('test', group), kind: 'group', title: group }, { id: memberId('test', member), name: member });
    if (opts.admin) this.adapter.admins.add(`${client.chat.id}|${client.sender.id}`);
    return client;
  }

  /** A member's private chat with the bot. */
  dm(member: string): TestClient {
    const sender: Sender = { id: memberId('test', member), name: member };
    return new TestClient(this, { id: sender.id as string as GroupId, kind: 'private' }, sender);
  }

  /** Delivers an event as if the platform sent it, and returns what the bot did meanwhile. */
  async emit(event: CoreEvent, handle: TestHandle): Promise<Output[]> {
    const before = this.adapter.outputs.length;
    await this.adapter.sink!(event, handle);
    return this.adapter.outputs.slice(before);
  }

  outputsVisibleTo(audience: string): Output[] {
    return this.adapter.outputs.filter((o) => o.visibleTo === audience);
  }

  /** Stops as a shutdown does (pending live-count edits first), so no timer outlives the database. */
  async close(): Promise<void> {
    await stopCore(this.app, this.bot);
    this.disposeDb();
  }
}

export class TestClient {
  constructor(
    readonly harness: Harness,
    readonly chat: Chat,
    readonly sender: Sender,
  ) {}

  get handle(): TestHandle {
    return { chat: this.chat, from: this.sender };
  }

  /** Sends a message or a command, as the member typed it. */
  send(input: string, opts: { forwarded?: boolean; replyTo?: string } = {}): Promise<Output[]> {
    const command = parseCommand(input);
    const replyTo = opts.replyTo === undefined ? undefined : { text: opts.replyTo };
    const event: CoreEvent = command
      ? { type: 'command', platform: 'test', chat: this.chat, from: this.sender, ...command, replyTo }
      : { type: 'message', platform: 'test', chat: this.chat, from: this.sender, text: input, forwarded: opts.forwarded ?? false, replyTo };
    return this.harness.emit(event, this.handle);
  }

  /**
   * Presses a button by its label, on `on` or on the latest output that has it, in the chat
   * where that output is. `{ token }` presses a raw (perhaps forged) token in this client's chat.
   */
  press(label: string | { token: string }, on?: Output): Promise<Output[]> {
    if (typeof label !== 'string') {
      return this.harness.emit({ type: 'button', platform: 'test', chat: this.chat, from: this.sender, token: label.token, messageId: '0' }, this.handle);
    }
    const source = (on ? [on] : [...this.harness.adapter.outputs].reverse()).find((o) => o.buttons.some((b) => b.label === label));
    const token = source?.buttons.find((b) => b.label === label)?.token;
    if (!source || !token) throw new Error(`no button labelled ${label}`);
    const chat: Chat = source.visibleTo.startsWith('group:') && source.chat ? { id: source.chat, kind: 'group' } : this.chat;
    return this.harness.emit({ type: 'button', platform: 'test', chat, from: this.sender, token, messageId: source.messageId ?? '0' }, { chat, from: this.sender });
  }

  async shouldReply(input: string, expected: string | RegExp): Promise<Output[]> {
    const outputs = await this.send(input);
    const texts = outputs.map((o) => o.text);
    expect(texts.some((t) => (typeof expected === 'string' ? t.includes(expected) : expected.test(t))), `replies to ${input}: ${JSON.stringify(texts)}`).toBe(true);
    return outputs;
  }

  async shouldNotReply(input: string): Promise<void> {
    expect(await this.send(input)).toEqual([]);
  }
}
