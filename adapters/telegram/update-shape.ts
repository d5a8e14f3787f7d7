import type { MiddlewareFn } from 'grammy';
import { z } from 'zod';
import type { Logger } from '../../src/log.ts';

/**
 * The parts of an update that decode.ts and the adapter read, checked before anything reads
 * them: an update that does not have this shape is dropped, not half-decoded. Objects are loose
 * (Telegram adds fields), but an update must be one of the kinds the bot asks for, since
 * grammY's own getters (ctx.chat, used to sequentialize) read the other kinds too.
 */

/** Telegram's ids fit in 52 bits; anything else is not an id. */
const id = z.int();
/** Generous bounds on what Telegram itself bounds (names 64, texts 4096, captions 1024 characters). */
const name = z.string().max(256);
const text = z.string().max(16_384);

const user = z.looseObject({
  id,
  is_bot: z.boolean(),
  first_name: name,
  last_name: name.optional(),
  language_code: z.string().max(35).optional(),
});

const chat = z.looseObject({
  id,
  type: z.enum(['private', 'group', 'supergroup', 'channel']),
  title: name.optional(),
});

const message = z.looseObject({
  message_id: id,
  chat,
  from: user.optional(),
  text: text.optional(),
  caption: text.optional(),
  /** A file sent as a document (https://core.telegram.org/bots/api#document): decode.ts reads these three. */
  document: z.looseObject({ file_id: z.string().max(256), file_name: name.optional(), file_size: z.number().int().nonnegative().optional() }).optional(),
  migrate_to_chat_id: id.optional(),
  sender_chat: z.looseObject({ id }).optional(),
  reply_to_message: z.looseObject({ text: text.optional(), caption: text.optional() }).optional(),
  message_thread_id: id.optional(),
  is_topic_message: z.boolean().optional(),
});

const callbackQuery = z.looseObject({
  id: z.string().max(64),
  from: user,
  /** The button's data: at most 64 bytes when the bot set it, but a forged press may carry anything of that type. */
  data: z.string().max(256).optional(),
  /** Also an inaccessible message (date 0), which still has its chat and id. */
  message: z.looseObject({ message_id: id, chat, message_thread_id: id.optional(), is_topic_message: z.boolean().optional() }).optional(),
});

const chatMember = z.looseObject({
  status: z.enum(['creator', 'administrator', 'member', 'restricted', 'left', 'kicked']),
  user,
  is_member: z.boolean().optional(),
  can_send_messages: z.boolean().optional(),
});

const chatMemberUpdated = z.looseObject({ chat, from: user, old_chat_member: chatMember, new_chat_member: chatMember });

const updateId = z.int().nonnegative();

/** One update of a kind the bot asks for (ALLOWED_UPDATES), and nothing else beside it. */
const updateSchema = z.union([
  z.strictObject({ update_id: updateId, message }),
  z.strictObject({ update_id: updateId, callback_query: callbackQuery }),
  z.strictObject({ update_id: updateId, my_chat_member: chatMemberUpdated }),
  z.strictObject({ update_id: updateId, chat_member: chatMemberUpdated }),
]);

/**
 * Middleware that stops a malformed update before anything reads it, with one debug line (its
 * id only); `onDropped` hears of it as the adapter's onHandled hears of the others.
 */
export function dropMalformed(log: Logger, onDropped?: (updateId: number) => void): MiddlewareFn {
  return (ctx, next) => {
    if (updateSchema.safeParse(ctx.update).success) return next();
    const id: unknown = ctx.update.update_id;
    log.debug({ platform: 'telegram', update: typeof id === 'number' ? id : undefined }, 'malformed telegram update dropped');
    if (typeof id === 'number') onDropped?.(id);
  };
}
