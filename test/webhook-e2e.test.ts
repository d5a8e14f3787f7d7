/**
 * Push-only webhook groups through `npm start`'s bundle: two robots registered with the CLI on a
 * new database (a deployment's first step), then the console's time travel runs a week of
 * tips and an alert into them, posted over HTTP to the fake robots in this process.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemClock } from '../src/core/clock.ts';
import { closeDatabase, openDatabase } from '../src/db/client.ts';
import { PROJECT_ROOT } from '../src/paths.ts';
import { UnitService } from '../src/services/units.ts';
import { FakeWebhookServer } from './fake-webhook/server.ts';
import { spawnMain } from './helpers/spawn-main.ts';

const TSX = join(PROJECT_ROOT, 'node_modules', '.bin', 'tsx');
const DING_TOKEN = 'e2e0dingtalk0token0123456789';
const DING_SECRET = 'SECe2e0secret0abcdefabcdefabcdef';
const WECOM_KEY = 'e2e0wecom-0000-1111-2222-333344445555';

function cli(env: Record<string, string>, args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((done) => {
    execFile(TSX, [join(PROJECT_ROOT, 'scripts', 'webhook.ts'), ...args], { cwd: PROJECT_ROOT, env: { ...process.env, ...env }, encoding: 'utf8' }, (err, stdout, stderr) =>
      done({ code: err ? Number(err.code) : 0, stdout, stderr }),
    );
  });
}

describe('push-only webhook groups through npm start', () => {
  let dir: string;
  let fake: FakeWebhookServer;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'classguard-webhook-'));
    fake = await new FakeWebhookServer().start();
  });
  afterAll(async () => {
    await fake.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('posts a week of tips, the article and an alert to each robot once, none lost to a rate-limit answer', async () => {
    const env = { DATABASE_PATH: join(dir, 'bot.db') };
    const first = await cli(env, ['add', '软件2301', '学生', fake.addDingtalk(DING_TOKEN, DING_SECRET), DING_SECRET]);
    expect(first).toMatchObject({ code: 0, stderr: '' });
    const db = openDatabase(env.DATABASE_PATH);
    new UnitService(db, systemClock).save({ id: 'xx', name: '信息学院', kind: 'college', parentId: null });
    closeDatabase(db);
    expect(await cli(env, ['add', '会计2302', '家长', fake.addWecom(WECOM_KEY), '--unit', 'xx'])).toMatchObject({ code: 0, stderr: '' });
    expect(await cli(env, ['remove', '软件2301'])).toMatchObject({ code: 0 });
    expect(await cli(env, ['add', '软件2301', '学生', fake.addDingtalk(DING_TOKEN, DING_SECRET), DING_SECRET, '--unit', 'xx'])).toMatchObject({ code: 0 });
    fake.rateLimit(DING_TOKEN, 1);
    fake.rateLimit(WECOM_KEY, 1);

    // The CLI set the groups up at the real time: the week simulated starts after it.
    const script = [':time 2027-03-02 07:55', ':advance 3d', '/alert xx 紧急预警：冒充“教务处”发送退费链接，切勿点击。', ':advance 4d'].join('\n');
    const child = spawnMain({ ...env, CONSOLE: 'on', ADMIN_IDS: 'console:张三' }, ['pipe', 'pipe', 'pipe']);
    let stdout = '';
    let stderr = '';
    child.stdout!.on('data', (c: Buffer) => (stdout += c.toString('utf8')));
    child.stderr!.on('data', (c: Buffer) => (stderr += c.toString('utf8')));
    child.stdin!.end(`${script}\n`);
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    expect(code).toBe(0);
    // The console logs warnings only: the two rate-limit answers, which the ledger retried.
    expect(stderr).toContain('"failed":{"rate-limited":2}');
    expect(stdout).toContain('已发往 2 个班级群（成功 2，失败 0');

    expect(fake.refused.map((r) => r.errcode).sort()).toEqual([130101, 45009]);
    for (const robot of [DING_TOKEN, WECOM_KEY]) {
      const posts = fake.received.filter((r) => r.robot === robot).map((r) => r.body.markdown.text ?? r.body.markdown.content ?? '');
      // 2–8 March at 08:00, Monday the 8th's article, and the alert: each once.
      expect(posts.filter((p) => p.includes('每日反诈提示'))).toHaveLength(7);
      expect(posts.filter((p) => p.includes('每周反诈文章'))).toHaveLength(1);
      expect(posts.filter((p) => p.includes('冒充“教务处”'))).toHaveLength(1);
      expect(posts).toHaveLength(9);
      expect(new Set(posts).size).toBe(9);
    }
    expect(fake.overLimit).toEqual([]);
    for (const secret of [DING_TOKEN, DING_SECRET, WECOM_KEY]) expect(stdout + stderr).not.toContain(secret);
  });
});
