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
chats.forEach((id, n) => {
  const chat = { id: groupId('telegram', id), kind: 'group' as const, title: `班级${n + 1}` };
  app.groups.ensure(chat);
  app.groups.setup(chat.id, { className: chat.title });
});

clock.set(new Date('2026-12-01T00:00:00Z'));
const start = performance.now();
const tick = await app.scheduler.tick();
const seconds = (performance.now() - start) / 1000;

const received = new Map<number, number>();
for (const m of fake.messages) received.set(m.chatId, (received.get(m.chatId) ?? 0) + 1);
const lost = chats.filter((id) => !received.has(id)).length;
const duplicated = chats.reduce((n, id) => n + Math.max(0, (received.get(id) ?? 0) - 1), 0);
if (tick.sent + tick.failed !== GROUPS) throw new Error(`tick handled ${tick.sent + tick.failed} of ${GROUPS}`);

report({ bench: 'telegram.broadcast-1000', unit: 'x-of-minimum', value: seconds / minimumSeconds, baseline: minimumSeconds });
report({ bench: 'telegram.broadcast-1000.elapsed', unit: 's', value: seconds, baseline: minimumSeconds });
report({ bench: 'telegram.broadcast-1000.lost', unit: 'messages', value: lost, baseline: null });
report({ bench: 'telegram.broadcast-1000.duplicated', unit: 'messages', value: duplicated, baseline: null });
report({ bench: 'telegram.broadcast-1000.unexpected-429', unit: 'responses', value: fake.floodRejections, baseline: null });

await bot.stop();
await fake.close();
temp.dispose();
