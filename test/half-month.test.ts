import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { groupId, memberId } from '../src/core/ids.ts';
import { sendHalfMonthReports } from '../src/features/half-month.ts';
import { Harness } from './helpers/harness.ts';

const G = groupId('test', '软件2301');
const at = (iso: string) => new Date(iso);

describe('半月通报', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await Harness.start({ now: at('2026-11-15T23:00:00Z'), env: { ADMIN_IDS: 'test:校长' } });
    h.app.units.save({ id: 'jsj', name: '计算机学院', kind: 'college', parentId: null });
    const teacher = h.client('软件2301', '王老师', { admin: true });
    await teacher.send('/setup 软件2301');
    await teacher.send('/unit assign jsj');
    for (const n of ['张三', '李四']) await h.client('软件2301', n).send('到');
    h.app.roles.grant(memberId('test', '孙辅导员'), { kind: 'unit', id: 'jsj' }, memberId('test', '校长'));
    // Tips on 11-16 and 11-17 (08:00 Shanghai); 张三 acknowledges both.
    for (const day of ['2026-11-16', '2026-11-17']) {
      h.clock.set(at(`${day}T00:00:00Z`));
      await h.app.scheduler.tick();
      const tip = h.adapter.outputs.filter((o) => o.kind === 'send' && o.chat === G && o.buttons.length > 0).at(-1)!;
      await h.client('软件2301', '张三').press('已阅 ✅', tip);
    }
    await h.app.acks.flush();
  });
  afterEach(() => h.close());

  const received = (who: string) => h.outputsVisibleTo(`member:test:${who}`).filter((o) => o.text.includes('半月通报 · 计算机学院（2026年11月下半月）'));

  it('goes once on the 1st from 08:00 to the unit’s advisors and the school admins, with the chart and the workbook', async () => {
    h.clock.set(at('2026-11-30T23:30:00Z')); // 12-01 07:30
    await h.app.scheduler.tick();
    expect(received('校长')).toEqual([]);
    h.clock.set(at('2026-12-01T00:30:00Z')); // 08:30
    await Promise.all([h.app.scheduler.tick(), sendHalfMonthReports(h.app)]);
    await h.app.scheduler.tick();
    for (const who of ['校长', '孙辅导员']) {
      const got = received(who);
      expect(got).toHaveLength(1);
      expect(got[0]!.text).toContain('半月通报 · 计算机学院（2026年11月下半月）');
      expect(got[0]!.text).toContain('较2026年11月上半月：确认率 — 个百分点');
      expect(got[0]!.text).toContain('推送 2 条，确认率 50%');
      expect(got[0]!.message!.attachments!.map((a) => a.filename)).toEqual(['计算机学院_2026年11月下半月_反诈报告.png', '计算机学院_2026年11月下半月_反诈报告.xlsx']);
    }
    expect(received('王老师')).toEqual([]);
    h.clock.set(at('2026-12-01T06:00:00Z'));
    await h.app.scheduler.tick();
    expect(received('校长')).toHaveLength(1);
  });

  it('/halfmonth shows and sets a unit’s days, for its advisors only, and refuses days it cannot keep', async () => {
    const advisor = h.dm('孙辅导员');
    await advisor.shouldReply('/halfmonth jsj', '每月 1 日和 16 日 8:00 后私信发给该单位的辅导员');
    await advisor.shouldReply('/halfmonth jsj 2 17日', '每月 2 日和 17 日');
    expect(h.app.halfMonth.days('jsj')).toEqual([2, 17]);
    await advisor.shouldReply('/halfmonth jsj 3 5', '各至多选一天');
    await advisor.shouldReply('/halfmonth jsj 31', '1 到 28 之间');
    await advisor.shouldReply('/halfmonth jsj 二', '1 到 28 之间');
    await advisor.shouldReply('/halfmonth nowhere 2', '没有 ID 为“nowhere”的单位');
    await advisor.shouldReply('/halfmonth', '用法：/halfmonth <单位ID>');
    await h.dm('张三').shouldReply('/halfmonth jsj 5', '只有学校管理员和“计算机学院”的辅导员');
    expect(h.app.halfMonth.days('jsj')).toEqual([2, 17]);
    await h.dm('校长').shouldReply('/halfmonth jsj 默认', '每月 1 日和 16 日 8:00 后私信发给该单位的辅导员（学院和学校也发给学校管理员），内容是刚结束的半个月。（默认）');
    expect(h.app.halfMonth.days('jsj')).toEqual([1, 16]);
  });

  it('follows a unit’s own days', async () => {
    await h.dm('孙辅导员').send('/halfmonth jsj 2 17');
    h.clock.set(at('2026-12-01T01:00:00Z'));
    await h.app.scheduler.tick();
    expect(received('校长')).toEqual([]);
    h.clock.set(at('2026-12-02T01:00:00Z'));
    await h.app.scheduler.tick();
    expect(received('校长')).toHaveLength(1);
  });

  it('sends a class unit’s report to its advisors, not to the school admins', async () => {
    h.app.units.save({ id: 'rj2301', name: '软件2301班', kind: 'class', parentId: 'jsj' });
    h.app.units.assign(G, 'rj2301');
    h.app.roles.grant(memberId('test', '周老师'), { kind: 'unit', id: 'rj2301' }, memberId('test', '校长'));
    h.clock.set(at('2026-12-01T01:00:00Z'));
    await h.app.scheduler.tick();
    const classReports = (who: string) => h.outputsVisibleTo(`member:test:${who}`).filter((o) => o.text.includes('半月通报 · 软件2301班（2026年11月下半月）'));
    expect(classReports('周老师')).toHaveLength(1);
    expect(classReports('校长')).toEqual([]);
    expect(classReports('孙辅导员')).toHaveLength(1);
    expect(received('校长')).toHaveLength(1);
  });
});
