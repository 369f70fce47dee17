import type { Viewer } from '../../src/domain/access/viewer';
import { takeExportSlot } from '../../src/services/export-slots';

const staff = (userId: number): Viewer => ({ kind: 'staff', userId, role: 'SALES', departmentId: null, departmentPath: null });
const key = (apiKeyId: number): Viewer => ({ kind: 'partner', apiKeyId, scopes: ['segments:read', 'customers:read'] });

describe('takeExportSlot', () => {
  it('gives one viewer at most its own number of exports at once, and a slot back once released', () => {
    const limits = { perViewer: 2, poolMax: 40 };
    const a = takeExportSlot(staff(901), limits);
    const b = takeExportSlot(staff(901), limits);
    expect([a.ok, b.ok]).toEqual([true, true]);
    expect(takeExportSlot(staff(901), limits)).toEqual({ ok: false, reason: 'VIEWER' });
    const other = takeExportSlot(key(901), limits); // a key and a user with the same number are different viewers
    expect(other.ok).toBe(true);
    if (a.ok) a.release();
    if (a.ok) a.release(); // twice is harmless
    const c = takeExportSlot(staff(901), limits);
    expect(c.ok).toBe(true);
    expect(takeExportSlot(staff(901), limits)).toEqual({ ok: false, reason: 'VIEWER' });
    for (const s of [b, c, other]) if (s.ok) s.release();
  });

  it('gives all viewers together at most a quarter of the pool, and a refused one keeps no slot of its own', () => {
    const limits = { perViewer: 2, poolMax: 8 }; // 2 for the server
    const held = [takeExportSlot(staff(911), limits), takeExportSlot(staff(912), limits)];
    expect(held.every((s) => s.ok)).toBe(true);
    expect(takeExportSlot(staff(913), limits)).toEqual({ ok: false, reason: 'SERVER' });
    expect(takeExportSlot(staff(913), limits)).toEqual({ ok: false, reason: 'SERVER' });
    for (const s of held) if (s.ok) s.release();
    const mine = [takeExportSlot(staff(913), limits), takeExportSlot(staff(913), limits)];
    expect(mine.map((s) => s.ok)).toEqual([true, true]);
    for (const s of mine) if (s.ok) s.release();
  });

  it('leaves at least one slot for a small pool', () => {
    const s = takeExportSlot(staff(921), { perViewer: 1, poolMax: 2 });
    expect(s.ok).toBe(true);
    expect(takeExportSlot(staff(922), { perViewer: 1, poolMax: 2 })).toEqual({ ok: false, reason: 'SERVER' });
    if (s.ok) s.release();
  });
});
