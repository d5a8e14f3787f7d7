import type { Transformer } from 'grammy';
import { FloodGate, type FloodLimits } from '../shared/flood-gate.ts';

export const TELEGRAM_LIMITS: FloodLimits = { global: { max: 30, ms: 1000 }, group: { max: 20, ms: 60_000 } };

/** The calls that post or change a message, and so count against the flood limits. */
const PACED = new Set(['sendMessage', 'sendPhoto', 'sendDocument', 'sendMediaGroup', 'copyMessage', 'forwardMessage', 'editMessageText', 'editMessageCaption', 'editMessageReplyMarkup']);

/**
 * The grammY API transformer that paces the message calls through a FloodGate: groups (negative
 * ids, @channels) under both limits, private chats under the global one.
 */
export function floodTransformer(gate: FloodGate = new FloodGate(TELEGRAM_LIMITS)): Transformer {
  return async (prev, method, payload, signal) => {
    const chatId = payload && typeof payload === 'object' && 'chat_id' in payload ? String(payload.chat_id) : undefined;
    if (!PACED.has(method) || chatId === undefined) return prev(method, payload, signal);
    // Negative ids are groups, supergroups and channels; private chats have only the global limit.
    const release = await gate.acquire(chatId.startsWith('-') || chatId.startsWith('@') ? chatId : undefined);
    try {
      return await prev(method, payload, signal);
    } finally {
      release();
    }
  };
}
