import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { groupId } from '../src/core/ids.ts';
import { deliveries } from '../src/db/schema.ts';
import { previewCalendar } from '../src/services/calendar.ts';
import { NO_REPEAT_MS } from '../src/services/picker.ts';
import { inWindow } from '../src/services/slots.ts';
import { Harness, realLibrary } from './helpers/harness.ts';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** 2026-12-01 07:00 in Shanghai. */
const START = new Date('2026-11-30T23:00:00Z');

/** How often each id comes, and the shortest distance in days between two sends of one id. */
function spread(sends: { contentId: string; dueAt: number }[]) {
  const counts = new Map<string, number>();
  const last = new Map<string, number>();
  let shortestGapDays = Infinity;
  for (const s of [...sends].sort((a, b) => a.dueAt - b.dueAt)) {
    counts.set(s.contentId, (counts.get(s.contentId) ?? 0) + 1);
    const before = last.get(s.contentId);
    if (before !== undefined) shortestGapDays = Math.min(shortestGapDays, Math.round((s.dueAt - before) / DAY));
    last.set(s.contentId, s.dueAt);
  }
  return { counts: [...counts.values()], shortestGapDays };
}

const pool = (audience: 'students' | 'staff' | 'parents') => realLibrary().tips.filter((t) => t.audiences.includes(audience));

describe('the picker over a year', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await Harness.start({ now: START });
  });
  afterEach(() => h.close());

  it('sends a staff group every tip before any repeat, then repeats evenly, oldest first, through the scheduler', async () => {
    const teacher = h.client('保卫处', '王老师', { admin: true });
    await teacher.send('/setup 保卫处 教职工');
    // A tick just after each day's 08:00 tip and each Monday's 20:00 article (Shanghai).
    for (let day = 0; day < 365; day++) {
      for (const at of [START.getTime() + day * DAY + 1.5 * HOUR, START.getTime() + day * DAY + 13.5 * HOUR]) {
        h.clock.set(new Date(at));
        await h.app.scheduler.tick();
      }
    }
    const rows = h.db.select().from(deliveries).all().filter((d) => d.groupId === groupId('test', '保卫处'));
    const tips = rows.filter((d) => d.kind === 'tip');
    expect(tips).toHaveLength(365);
    expect(tips.every((d) => d.status === 'sent')).toBe(true);

    const size = pool('staff').length;
    const { counts, shortestGapDays } = spread(tips);
    // No tip twice within the pool's length (or a year, for a pool of a year or more) ...
    expect(shortestGapDays).toBeGreaterThanOrEqual(Math.min(size, 365));
    // ... and when the pool runs out, repeats go round it evenly: no tip is hammered for its season.
    expect(counts.length).toBe(Math.min(size, 365));
    expect(Math.max(...counts) - Math.min(...counts)).toBeLessThanOrEqual(1);

    const articles = spread(rows.filter((d) => d.kind === 'article'));
    const articleSize = realLibrary().articles.filter((a) => a.audiences.includes('staff')).length;
    expect(articles.shortestGapDays).toBeGreaterThanOrEqual(Math.min(articleSize, 52) * 7);
    expect(Math.max(...articles.counts) - Math.min(...articles.counts)).toBeLessThanOrEqual(1);
  });

  it('prefers an item last sent over a year ago to a repeat of one sent within the year, even out of season', async () => {
    const teacher = h.client('软件2301', '李老师', { admin: true });
    await teacher.send('/setup 软件2301');
    const group = h.app.groups.get(groupId('test', '软件2301'))!;
    const tips = pool('students');
    // Every student tip was sent in the last year (in-season ones yesterday), one of them 400 days ago.
    const now = h.clock.now().getTime();
    const old = tips.find((t) => !t.season)!;
    const history = tips.map((t, i) => ({
      groupId: group.id,
      kind: 'tip' as const,
      slot: `old-${i}`,
      contentId: t.id,
      status: 'sent' as const,
      dueAt: t === old ? now - 400 * DAY : t.season && inWindow('12-01', t.season) ? now - DAY : now - 2 * DAY - Math.floor((i * 300 * DAY) / tips.length),
      createdAt: now - 400 * DAY,
    }));
    h.db.insert(deliveries).values(history).run();

    const [first, second] = previewCalendar(h.db, realLibrary(), h.app.picker, group, h.clock.now(), 2).filter((e) => e.kind === 'tip');
    expect(first!.contentId).toBe(old.id);
    // Then the pool is exhausted within the year: the one sent longest ago, not yesterday's in-season tip.
    const oldest = [...history].filter((r) => r.contentId !== old.id).sort((a, b) => a.dueAt - b.dueAt)[0]!;
    expect(second!.contentId).toBe(oldest.contentId);
    expect(now - oldest.dueAt).toBeLessThan(NO_REPEAT_MS);
  });
});
