import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { createInterface, type Interface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import type { Action, Adapter, EventHandle, EventSink, Outcome } from '../../src/core/adapter.ts';
import { parseDuration, type AdjustableClock } from '../../src/core/clock.ts';
import { parseCommand, type Chat, type CoreEvent, type Sender } from '../../src/core/events.ts';
import { groupId, memberId, splitId, type GroupId, type MemberId } from '../../src/core/ids.ts';
import { footerLine, type RichMessage } from '../../src/core/message.ts';
import { formatLocal, parseLocalDateTime } from '../../src/core/time.ts';
import { ButtonCodes } from './button-numbers.ts';
import { renderPlain } from './render.ts';

export interface ConsoleOptions {
  clock: AdjustableClock;
  timezone: string;
  input?: Readable;
  output?: Writable;
  /** Where files and images the bot sends are saved. */
  filesDir: string;
  /** Called after `:time` / `:down` (a jump, as downtime is), so the scheduler can run at once. */
  onTimeChanged?: () => Promise<void>;
  /** `:advance`: moves the clock to `to` as if the time went by, running each slot that falls due on the way. */
  passTime?: (to: Date) => Promise<void>;
  /** Called at end of input or `:quit`. */
  onEnd: () => void;
}

interface Handle {
  chat: Chat;
  from: Sender;
}

/** An `:advance` longer than this shows one line a day instead of every message. */
const SUMMARY_AFTER_MS = 14 * 86_400_000;

/** Counts the messages of each local day by what they are, and prints a line when the day is over. */
class DaySummaries {
  private day: string | undefined;
  private readonly counts = new Map<string, number>();

  constructor(private readonly print: (line: string) => void) {}

  add(day: string, what: string): void {
    if (day !== this.day) this.end();
    this.day = day;
    this.counts.set(what, (this.counts.get(what) ?? 0) + 1);
  }

  end(): void {
    if (this.day === undefined) return;
    this.print(`📅 ${this.day}  ${[...this.counts].map(([what, n]) => `${what} ×${n}`).join('，')}`);
    this.day = undefined;
    this.counts.clear();
  }
}

const HELP = `控制台命令 (console commands):
  :group <名称>     切换到某个班级群 (switch group)
  :as <名字>        切换成员身份 (switch member)
  :admin on|off     当前成员是否为本群管理员 (toggle admin)
  :dm               切换到与机器人的私聊，再次输入回到群聊 (toggle private chat)
  :time 2026-12-01 08:00   设置机器人的时钟 (set the bot's clock)
  :advance 1d       时间流逝 1d / 3h / 30m，途中每条推送按时发出 (time passes; every slot on the way is sent)
                    超过 14 天时每天只显示一行摘要 (over 14 days: one summary line a day)
  :down 5h          模拟停机 5h：时钟直接跳过，补发窗口内的才补发 (downtime: a jump; only slots within the catch-up window are sent)
  <数字>            按下对应编号的按钮 (press the numbered button)
  :quit             退出 (quit)`;

/**
 * The embedded default: a chat in the terminal. On a TTY it is interactive; with piped stdin
 * it runs the lines as a script, prints the bot's output as plain text and exits at the end.
 */
export class ConsoleAdapter implements Adapter {
  readonly platform = 'console' as const;
  private readonly input: Readable;
  private readonly output: Writable;
  private readonly interactive: boolean;
  private rl: Interface | undefined;
  private group = '软件2301';
  private member = '张三';
  private inPrivate = false;
  private readonly admins = new Set<string>();
  /** The console shows buttons as numbers; a member presses one by typing it, in whichever chat (the console plays everyone). */
  private readonly buttons = new ButtonCodes('console');
  private nextMessage = 1;
  /** Set during a long `:advance`: messages are counted per day instead of shown. */
  private summary: DaySummaries | undefined;

  constructor(private readonly opts: ConsoleOptions) {
    this.input = opts.input ?? process.stdin;
    this.output = opts.output ?? process.stdout;
    this.interactive = Boolean((this.input as { isTTY?: boolean }).isTTY);
  }

  async start(sink: EventSink): Promise<void> {
    this.rl = createInterface({ input: this.input, output: this.interactive ? this.output : undefined, terminal: this.interactive });
    if (this.interactive) {
      this.print('ClassGuard 无诈班级助手 · 控制台聊天。输入 /help 查看命令，:help 查看控制台命令。');
      this.prompt();
    }
    // Lines are handled one at a time, in order, so a script behaves like a person typing.
    void (async () => {
      for await (const line of this.rl!) {
        const keepGoing = await this.handleLine(line, sink).catch((err: unknown) => {
          this.print(`⚠️ ${err instanceof Error ? err.message : String(err)}`);
          return true;
        });
        if (!keepGoing) break;
        if (this.interactive) this.prompt();
      }
      this.opts.onEnd();
    })();
  }

  async stop(): Promise<void> {
    this.rl?.close();
  }

  async isAdmin(group: GroupId, member: MemberId): Promise<boolean> {
    return this.admins.has(`${group}|${member}`);
  }

  async perform(action: Action, handle?: EventHandle): Promise<Outcome> {
    const h = handle as Handle | undefined;
    switch (action.type) {
      case 'send': {
        const to = 'group' in action.to ? `→ ${splitId(action.to.group).raw}` : `私信 → ${splitId(action.to.member).raw}`;
        return this.show(to, action.message, { id: 'group' in action.to ? action.to.group : (action.to.member as string as GroupId), kind: 'group' in action.to ? 'group' : 'private' });
      }
      case 'reply': {
        if (!h) return { ok: false, reason: 'rejected', detail: 'reply without an event' };
        const to = action.private && h.chat.kind === 'group' ? `（仅 ${h.from.name} 可见）` : '';
        return this.show(to, action.message, h.chat);
      }
      case 'edit':
        this.print(`🤖 ↻ 更新消息 #${action.messageId}：${footerLine(action.message) ?? action.message.title ?? ''}`);
        return { ok: true, messageId: action.messageId };
      case 'answer':
        this.print(`🤖（仅你可见）${action.text}`);
        return { ok: true };
    }
  }

  private show(label: string, message: RichMessage, chat: Chat): Outcome {
    const messageId = String(this.nextMessage++);
    if (this.summary) {
      // An article's title names its topic; the summary counts the kind (每周反诈文章), before the ｜.
      const kind = (message.title ?? '消息').split('｜')[0]!;
      this.summary.add(formatLocal(this.opts.clock.now(), this.opts.timezone).slice(0, 10), `${label} ${kind}`.trim());
      return { ok: true, messageId };
    }
    const body = renderPlain(message, (button) => this.buttons.number(button, chat, messageId));
    this.print(`🤖 ${label}`.trimEnd() + '\n' + body);
    for (const file of message.attachments ?? []) {
      mkdirSync(this.opts.filesDir, { recursive: true });
      const path = join(this.opts.filesDir, file.filename);
      writeFileSync(path, file.data);
      this.print(`📎 ${file.kind === 'image' ? '图片' : '文件'}已保存：${resolve(path)}`);
    }
    return { ok: true, messageId };
  }

  private async handleLine(raw: string, sink: EventSink): Promise<boolean> {
    const line = raw.trim();
    if (!line) return true;
    if (line.startsWith(':')) return this.meta(line);
    const chat = this.currentChat();
    const from = this.currentSender();
    const handle: Handle = { chat, from };
    if (ButtonCodes.looksLikeCode(line)) {
      const press = this.buttons.press(line, from);
      if (!press) {
        this.print(`⚠️ 没有编号为 ${line} 的按钮。`);
        return true;
      }
      await sink(press, { chat: press.chat, from });
      return true;
    }
    const command = parseCommand(line);
    const event: CoreEvent = command
      ? { type: 'command', platform: 'console', chat, from, ...command }
      : { type: 'message', platform: 'console', chat, from, text: line, forwarded: false };
    await sink(event, handle);
    return true;
  }

  private async meta(line: string): Promise<boolean> {
    const [cmd, ...rest] = line.split(/\s+/);
    const arg = rest.join(' ');
    switch (cmd) {
      case ':quit':
      case ':exit':
        return false;
      case ':help':
        this.print(HELP);
        return true;
      case ':group':
        if (arg) this.group = arg;
        this.inPrivate = false;
        this.print(`📍 当前群：${this.group}`);
        return true;
      case ':as':
        if (arg) this.member = arg;
        this.print(`👤 当前成员：${this.member}${this.isCurrentAdmin() ? '（管理员）' : ''}`);
        return true;
      case ':admin': {
        const key = `${groupId('console', this.group)}|${memberId('console', this.member)}`;
        if (arg === 'off') this.admins.delete(key);
        else this.admins.add(key);
        this.print(`👤 ${this.member} 在 ${this.group} ${this.admins.has(key) ? '是' : '不是'}管理员`);
        return true;
      }
      case ':dm':
        this.inPrivate = !this.inPrivate;
        this.print(this.inPrivate ? `💬 与机器人私聊（${this.member}）` : `📍 回到群：${this.group}`);
        return true;
      case ':time': {
        const at = parseLocalDateTime(arg, this.opts.timezone);
        if (!at) {
          this.print('⚠️ 用法：:time 2026-12-01 08:00');
          return true;
        }
        this.opts.clock.set(at);
        return this.timeChanged();
      }
      case ':advance':
      case ':down': {
        const ms = parseDuration(arg || '1d');
        if (ms === undefined) {
          this.print(`⚠️ 用法：${cmd} 1d（或 3h、30m、1w）`);
          return true;
        }
        if (cmd === ':down' || !this.opts.passTime) {
          this.opts.clock.advance(ms);
          return this.timeChanged();
        }
        return this.advance(ms);
      }
      default:
        this.print(`⚠️ 未知的控制台命令 ${cmd}。输入 :help 查看。`);
        return true;
    }
  }

  /** Time passes; over a long span the messages of each day become one line, so the screen does not scroll away. */
  private async advance(ms: number): Promise<boolean> {
    const to = new Date(this.opts.clock.now().getTime() + ms);
    if (ms > SUMMARY_AFTER_MS) this.summary = new DaySummaries((line) => this.print(line));
    try {
      await this.opts.passTime!(to);
    } finally {
      this.summary?.end();
      this.summary = undefined;
    }
    this.print(`🕒 ${formatLocal(this.opts.clock.now(), this.opts.timezone)} (${this.opts.timezone})`);
    return true;
  }

  private async timeChanged(): Promise<boolean> {
    this.print(`🕒 ${formatLocal(this.opts.clock.now(), this.opts.timezone)} (${this.opts.timezone})`);
    await this.opts.onTimeChanged?.();
    return true;
  }

  private currentChat(): Chat {
    if (this.inPrivate) return { id: memberId('console', this.member) as string as GroupId, kind: 'private' };
    return { id: groupId('console', this.group), kind: 'group', title: this.group };
  }

  private isCurrentAdmin(): boolean {
    return this.admins.has(`${groupId('console', this.group)}|${memberId('console', this.member)}`);
  }

  private currentSender(): Sender {
    return { id: memberId('console', this.member), name: this.member, isAdmin: this.inPrivate ? undefined : this.isCurrentAdmin() };
  }

  private prompt(): void {
    const where = this.inPrivate ? `私聊 · ${this.member}` : `${this.group} · ${this.member}${this.isCurrentAdmin() ? ' · 管理员' : ''}`;
    this.rl?.setPrompt(`[${where}] > `);
    this.rl?.prompt();
  }

  private print(text: string): void {
    this.output.write(`${text}\n`);
  }
}
