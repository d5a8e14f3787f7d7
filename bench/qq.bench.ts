/**
 * Issue 15: broadcast one tip to 1,000 QQ groups through the real scheduler and the QQ adapter,
 * against the fake open platform with its limits (30 messages/s per bot, 5/s per group, code
 * 22009 beyond) and proactive messages allowed. Measures elapsed time ÷ the theoretical minimum
 * (1000/30 s; goal ≤ 1.1), and messages lost, duplicated and rate-limit answers the platform had
 * to give (goal 0 each).
 */
import { QQAdapter } from '../adapters/qq/index.ts';
import { groupId } from '../src/core/ids.ts';
import { qqOptions } from '../test/fake-qq/harness.ts';
import { FAKE_QQ_LIMITS, FakeQQ } from '../test/fake-qq/server.ts';
import { realApp, tempDatabase } from '../test/helpers/harness.ts';
import { broadcastTick, registerClasses } from './broadcast.ts';
import { report } from './report.ts';

const GROUPS = 1000;
const minimumSeconds = GROUPS / FAKE_QQ_LIMITS.perSecond;

const fake = await FakeQQ.listen();
fake.proactive = true;
const temp = tempDatabase();
// 07:00 in Shanghai when the classes register; the 08:00 tip is then due for all of them.
const { app, bot, clock } = realApp(temp.path, temp.db, { now: new Date('2026-11-30T23:00:00Z'), env: { QQ_APP_ID: fake.appId, QQ_APP_SECRET: fake.secret } });
bot.add(new QQAdapter(qqOptions(fake, { now: () => clock.now().getTime() })));
await bot.start();

const openids = Array.from({ length: GROUPS }, (_, i) => `G${String(i).padStart(31, '0')}`);
registerClasses(
  app,
  openids.map((openid) => groupId('qq', `group:${openid}`)),
);
await broadcastTick('qq.broadcast-1000', app, clock, { chats: openids, minimumSeconds, received: () => fake.sent.map((m) => m.chat) });
report({ bench: 'qq.broadcast-1000.unexpected-rate-limit', unit: 'responses', value: fake.rateLimited, baseline: null });

await bot.stop();
await fake.close();
temp.dispose();
