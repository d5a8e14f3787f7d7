/**
 * Issue 8: broadcast one tip to 1,000 Telegram groups through the real scheduler, the real
 * adapter and grammY, against the fake Bot API server with Telegram's limits (30 messages/s
 * overall, 20/min per chat, 429 beyond). Measures the scheduler → adapter handoff and pacing:
 * elapsed time ÷ the theoretical minimum (1000/30 s; goal ≤ 1.1), and messages lost,
 * duplicated, and 429s the server had to send (goal 0 each).
 */
import { TelegramAdapter } from '../adapters/telegram/index.ts';
import { groupId } from '../src/core/ids.ts';
import { realApp, tempDatabase } from '../test/helpers/harness.ts';
import { FakeTelegram, TELEGRAM_FLOOD_LIMITS } from '../test/fake-telegram/server.ts';
import { broadcastTick, registerClasses } from './broadcast.ts';
import { report } from './report.ts';

const GROUPS = 1000;
const minimumSeconds = GROUPS / TELEGRAM_FLOOD_LIMITS.global.max;

const fake = await FakeTelegram.start(TELEGRAM_FLOOD_LIMITS);
const temp = tempDatabase();
// 07:00 in Shanghai when the classes register; the 08:00 tip is then due for all of them.
const { app, bot, clock } = realApp(temp.path, temp.db, {
  now: new Date('2026-11-30T23:00:00Z'),
  env: { TELEGRAM_BOT_TOKEN: fake.token, TELEGRAM_API_ROOT: fake.apiRoot },
});
bot.add(new TelegramAdapter({ token: fake.token, apiRoot: fake.apiRoot, commands: app.catalogue.commands, clock }));
await bot.start();

const chats = Array.from({ length: GROUPS }, (_, i) => -1003000000000 - i);
registerClasses(
  app,
  chats.map((id) => groupId('telegram', id)),
);
await broadcastTick('telegram.broadcast-1000', app, clock, { chats: chats.map(String), minimumSeconds, received: () => fake.messages.map((m) => String(m.chatId)) });
report({ bench: 'telegram.broadcast-1000.unexpected-429', unit: 'responses', value: fake.floodRejections, baseline: null });

await bot.stop();
await fake.close();
temp.dispose();
