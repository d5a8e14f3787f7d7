/**
 * Random and malformed Telegram updates for the fuzz test and the memory bench: well-formed
 * messages, commands and presses in a pool of groups and private chats, and the same with
 * fields of the wrong type, null, missing or huge, strange Unicode, forged callback data,
 * kinds the bot never asked for and deep objects. Seeded, so a failure can be replayed.
 */

export type Rng = () => number;

/** mulberry32: a small seeded PRNG, good enough to pick test inputs. */
export function seededRng(seed: number): Rng {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type Obj = { [key: string]: Json };

const int = (rng: Rng, n: number) => Math.floor(rng() * n);
const pick = <T>(rng: Rng, items: readonly T[]): T => items[int(rng, items.length)]!;

/** Strings that have broken parsers: bidi overrides, zero-width joiners, lone surrogates, combining marks, NUL. */
const STRANGE = ['\u202e', '\u200d', '\u200b', '\ud800', '\udfff', '👨‍👩‍👧‍👦', 'e\u0301\u0301\u0301', '\u0000', '\ufeff', '𝕏', '﷽', '<b>', '&amp;', '\\', '"', '\n\r', '𠜎', '🇨🇳'];
const WORDS = ['你好', '转账', '刷单', '返利', '验证码', 'http://t.cn/abc', '安全账户', 'hello', '老师', '客服', '退款'];
const COMMANDS = ['/help', '/start', '/quiz', '/practice', '/exam', '/check', '/paid', '/settings', '/calendar', '/app', '/report', '/setup', '/pledge', '/nonsense', '/help@classguard_test_bot', '/help@otherbot', '/start g-1001'];
const STATUSES = ['creator', 'administrator', 'member', 'restricted', 'left', 'kicked', 'banned', ''];
const TOKEN_KINDS = ['ack', 'appstep', 'pledge', 'qz', 'qp', 'tp', 'ts', 'ta', 'x', ''];

/** A group's or a member's id from small pools, so that chats see several updates each. */
const groupIdOf = (rng: Rng) => -1001000000000 - int(rng, 60);
const userIdOf = (rng: Rng) => 100 + int(rng, 150);

function strange(rng: Rng, length: number): string {
  let s = '';
  while (s.length < length) s += rng() < 0.5 ? pick(rng, STRANGE) : pick(rng, WORDS);
  return s;
}

function text(rng: Rng): string {
  const r = rng();
  if (r < 0.3) return pick(rng, COMMANDS) + (rng() < 0.3 ? ` ${strange(rng, 10)}` : '');
  if (r < 0.6) return Array.from({ length: 1 + int(rng, 6) }, () => pick(rng, WORDS)).join(' ');
  if (r < 0.97) return strange(rng, 1 + int(rng, 80));
  return strange(rng, 4000 + int(rng, 60_000)); // over Telegram's limits
}

function user(rng: Rng, id = userIdOf(rng)): Obj {
  return { id, is_bot: rng() < 0.05, first_name: strange(rng, 1 + int(rng, 8)), ...(rng() < 0.5 ? { language_code: pick(rng, ['zh-hans', 'en', 'ru', '']) } : {}) };
}

function chat(rng: Rng, from: Obj): Obj {
  const r = rng();
  if (r < 0.35) return { id: from.id as number, type: 'private', first_name: from.first_name as string };
  if (r < 0.97) return { id: groupIdOf(rng), type: 'supergroup', title: strange(rng, 1 + int(rng, 12)) };
  return { id: -1002000000000 - int(rng, 5), type: 'channel', title: 'channel' };
}

function message(rng: Rng): Obj {
  const from = user(rng);
  const m: Obj = { message_id: 1 + int(rng, 1e6), date: 1_700_000_000, chat: chat(rng, from), from, text: text(rng) };
  if (rng() < 0.1) m.reply_to_message = { message_id: 1, date: 0, chat: m.chat!, text: text(rng) };
  if (rng() < 0.05) m.forward_origin = { type: 'hidden_user', date: 0, sender_user_name: 'x' };
  if (rng() < 0.05) [m.is_topic_message, m.message_thread_id] = [true, int(rng, 100)];
  if (rng() < 0.02) m.migrate_to_chat_id = -1009000000000 - int(rng, 10);
  if (rng() < 0.05) m.sender_chat = { id: (m.chat as Obj).id!, type: 'supergroup', title: 'x' };
  return m;
}

/** A press: real-looking tokens with random ids, and forged ones. */
function callbackData(rng: Rng): string {
  const r = rng();
  if (r < 0.6) return [pick(rng, TOKEN_KINDS), ...Array.from({ length: int(rng, 4) }, () => String(int(rng, 1000)))].join(':');
  if (r < 0.9) return strange(rng, 1 + int(rng, 40));
  return `${pick(rng, TOKEN_KINDS)}:${'9'.repeat(1 + int(rng, 30))}`;
}

function callbackQuery(rng: Rng): Obj {
  const from = user(rng);
  return {
    id: `fz${int(rng, 1e9)}`,
    from,
    chat_instance: '1',
    data: callbackData(rng),
    message: { message_id: 1 + int(rng, 1e6), date: rng() < 0.1 ? 0 : 1_700_000_000, chat: chat(rng, from) },
  };
}

function member(rng: Rng, subject: Obj): Obj {
  const status = pick(rng, STATUSES);
  return { status, user: subject, ...(status === 'restricted' ? { is_member: rng() < 0.7, can_send_messages: rng() < 0.7 } : {}) };
}

function memberUpdate(rng: Rng, subject: Obj): Obj {
  return { chat: { id: groupIdOf(rng), type: pick(rng, ['supergroup', 'group', 'private', 'channel']), title: 'g' }, from: user(rng), date: 0, old_chat_member: member(rng, subject), new_chat_member: member(rng, subject) };
}

const me = () => ({ id: 7000000001, is_bot: true, first_name: 'ClassGuard', username: 'classguard_test_bot' });

function wellFormed(rng: Rng): Obj {
  const r = rng();
  if (r < 0.55) return { message: message(rng) };
  if (r < 0.8) return { callback_query: callbackQuery(rng) };
  if (r < 0.9) return { my_chat_member: memberUpdate(rng, me()) };
  return { chat_member: memberUpdate(rng, user(rng)) };
}

function deep(rng: Rng, depth: number): Json {
  let v: Json = strange(rng, 3);
  for (let i = 0; i < depth; i++) v = rng() < 0.5 ? { [pick(rng, ['a', 'chat', 'id', 'text', 'data', '__proto__', 'constructor'])]: v } : [v];
  return v;
}

/** A value of any JSON type, often the wrong one for the field it lands in. */
function junk(rng: Rng): Json {
  const values: (() => Json)[] = [
    () => null,
    () => rng() < 0.5,
    () => 0,
    () => -1,
    () => 1.5,
    () => 2 ** 60,
    () => Number.MAX_VALUE,
    () => '',
    () => strange(rng, 1 + int(rng, 20)),
    () => strange(rng, 20_000),
    () => String(int(rng, 1000)),
    () => [],
    () => [1, 'a', null],
    () => ({}),
    () => deep(rng, 1 + int(rng, 200)),
  ];
  return pick(rng, values)();
}

/** Every object in the tree with its keys, for picking a place to break. */
function places(value: Json, out: Obj[] = [], depth = 0): Obj[] {
  if (value === null || typeof value !== 'object' || depth > 6) return out;
  if (!Array.isArray(value)) out.push(value);
  for (const child of Object.values(value)) places(child, out, depth + 1);
  return out;
}

/** Breaks the update in one to three places: a field of the wrong type or null, a missing field, an extra one. */
function mutate(rng: Rng, update: Obj): void {
  for (let n = 1 + int(rng, 3); n > 0; n--) {
    const target = pick(rng, places(update));
    const keys = Object.keys(target);
    const r = rng();
    if (r < 0.55 && keys.length > 0) target[pick(rng, keys)] = junk(rng);
    else if (r < 0.85 && keys.length > 0) delete target[pick(rng, keys)];
    // defineProperty, so that `__proto__` becomes a key of the JSON rather than the object's prototype.
    else Object.defineProperty(target, pick(rng, ['data', 'text', 'entities', 'extra', '__proto__']), { value: junk(rng), enumerable: true, writable: true, configurable: true });
  }
}

/** One update without its update_id (the fake numbers them). */
export function randomUpdate(rng: Rng): Obj {
  const r = rng();
  if (r < 0.45) return wellFormed(rng);
  if (r < 0.85) {
    const update = wellFormed(rng);
    mutate(rng, update);
    return update;
  }
  if (r < 0.9) return { [pick(rng, ['edited_message', 'channel_post', 'poll', 'inline_query', 'message_reaction', 'nonsense'])]: rng() < 0.5 ? message(rng) : junk(rng) };
  if (r < 0.95) return { ...wellFormed(rng), ...wellFormed(rng) }; // two kinds in one update
  return rng() < 0.5 ? {} : { message: junk(rng) };
}
