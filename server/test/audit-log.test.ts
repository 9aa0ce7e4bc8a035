import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { enterprisesAt } from './helpers/duty-fixtures';
import { createTestApp, type TestApp } from './helpers/test-app';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ now: '2026-11-16T02:00:00Z' });
  // 王海峰 reveals a township coordinator's mobile (an unmasked read) and 刘芳 logs a contact.
  const posts = (
    await t.request({ method: 'GET', url: '/api/v1/coordinators?jurisdiction=330106109000', as: '王海峰' })
  ).json().items as { roleId: string; kind: string }[];
  const reveal = await t.request({
    method: 'POST',
    url: `/api/v1/coordinators/${posts.find((p) => p.kind === 'township')!.roleId}/reveal-mobile`,
    as: '王海峰',
  });
  expect(reveal.statusCode).toBe(200);
  const e = (await enterprisesAt(t, '330106109000'))[3]!;
  const contact = await t.request({
    method: 'POST',
    url: '/api/v1/contacts',
    as: '刘芳',
    payload: {
      clientId: randomUUID(),
      enterpriseId: e.id,
      occurredAt: '2026-11-16T01:00:00Z',
      channel: 'phone',
      duties: ['law_publicity'],
    },
  });
  expect(contact.statusCode).toBe(201);
});
afterAll(() => t.close());

const list = (query: string, as = '王海峰') =>
  t.request({ method: 'GET', url: `/api/v1/audit-log?${query}`, as });
type Item = {
  action: string;
  actor: { name: string } | null;
  sensitive: boolean;
  ip: string | null;
  at: string;
};

describe('GET /api/v1/audit-log (操作日志, docs/domain.md §6)', () => {
  it('a county manager sees who did what, when and from where; unmasked reads are flagged', async () => {
    const res = await list('');
    expect(res.statusCode, res.body).toBe(200);
    const items = res.json().items as Item[];
    const reveal = items.find((i) => i.action === 'coordinator.mobile_revealed')!;
    expect(reveal).toMatchObject({ actor: { name: '王海峰' }, sensitive: true });
    expect(reveal.ip).toBeTruthy();
    expect(items.find((i) => i.action === 'contact.create')).toMatchObject({
      actor: { name: '刘芳' },
      sensitive: false,
    });
  });

  it('filters by group, action, person and date', async () => {
    const sensitive = (await list('group=sensitive')).json().items as Item[];
    expect(sensitive.length).toBeGreaterThan(0);
    expect(sensitive.every((i) => i.sensitive)).toBe(true);
    const contacts = (await list('action=contact')).json().items as Item[];
    expect(contacts.map((i) => i.action)).toEqual(contacts.map(() => 'contact.create'));
    const byName = (await list('q=刘芳')).json().items as Item[];
    expect(byName.length).toBeGreaterThan(0);
    expect(byName.every((i) => i.actor?.name === '刘芳')).toBe(true);
    expect((await list('from=2099-01-01')).json().items).toEqual([]);
    expect(((await list('from=2023-06-30&to=2099-12-31')).json().items as Item[]).length).toBeGreaterThan(1);
    const page = (await list('limit=1')).json();
    expect(page.items).toHaveLength(1);
    const next = (await list(`limit=1&cursor=${page.nextCursor}`)).json();
    expect(next.items[0].id).toBeLessThan(page.items[0].id);
  });

  it('scope: another county’s manager does not see 西湖区’s people; viewers and coordinators get 403', async () => {
    const other = (await list('', '孙立新')).json().items as Item[];
    expect(other.some((i) => i.actor?.name === '刘芳' || i.actor?.name === '王海峰')).toBe(false);
    for (const who of ['赵敏', '刘芳', '郑磊']) {
      const res = await list('', who);
      expect(res.statusCode, who).toBe(403);
      expect(res.json().message).toMatch(/[\u4e00-\u9fa5]/);
    }
  });

  it('bad input is a 400 with a Chinese message', async () => {
    for (const q of [
      'from=2026-11-17&to=2026-11-01',
      'from=16/11/2026',
      'actor=me',
      'group=all',
      'action=DROP TABLE',
      'limit=0',
      'x=1',
    ]) {
      const res = await list(q);
      expect(res.statusCode, q).toBe(400);
      expect(res.json().message).toMatch(/[\u4e00-\u9fa5]/);
    }
  });
});
