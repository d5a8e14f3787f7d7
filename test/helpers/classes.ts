import type { Harness, TestClient } from './harness.ts';

/** A class with its teacher (a group admin, who sets it up) and members who have all spoken once. */
export async function classOf(h: Harness, group: string, teacher: string, students: string[]): Promise<TestClient[]> {
  const admin = h.client(group, teacher, { admin: true });
  await admin.send(`/setup ${group}`);
  const clients = [admin, ...students.map((s) => h.client(group, s))];
  for (const c of clients.slice(1)) await c.send('大家好');
  return clients;
}
