import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMemoryStorage } from '../src/lib/storage';
import {
  contactBody,
  countRows,
  dutyStatus,
  enterpriseAt,
  registerEnterprise,
  riskBody,
  uploadPhoto,
  visitBody,
} from './helpers/duty-fixtures';
import { createTestApp, type TestApp } from './helpers/test-app';

/**
 * Work every grassroots coordinator can do, not only the enterprise's own or the township's:
 * reporting risks (seed §二(二), fifth duty) and the service to enterprises C5 evaluates
 * (seed §二(三) 技能比武和评价机制). 吴静 is the community coordinator of 翠苑一区社区 (330106005055).
 */
const CUIYUAN_1 = '330106005055';

let t: TestApp;
let communityEnterprise: string;
beforeAll(async () => {
  t = await createTestApp({ storage: createMemoryStorage() });
  communityEnterprise = (await registerEnterprise(t, CUIYUAN_1)).id;
});
afterAll(() => t.close());

const post = (url: string, as: string, payload: object) => t.request({ method: 'POST', url, as, payload });

describe('seed §二(二) 及时反映发现的影响劳动关系和谐稳定的风险隐患: every coordinator reports risks', () => {
  it('seed §二(二) fifth duty: a township coordinator files a 风险上报 for an enterprise of their township', async () => {
    const e = await enterpriseAt(t, '330106109000', 2);
    const res = await post('/api/v1/risk-reports', '刘芳', riskBody(e.id, '2026-11-10T02:00:00Z'));
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({ kind: 'risk_report', status: 'open', author: { name: '刘芳' } });
  });

  it('seed §二(二) fifth duty: a community coordinator files a 风险上报 for an enterprise of their community', async () => {
    const res = await post(
      '/api/v1/risk-reports',
      '吴静',
      riskBody(communityEnterprise, '2026-11-10T03:00:00Z', { severity: 'major' }),
    );
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json().riskReport).toMatchObject({ severity: 'major' });
  });

  it('outside their jurisdiction a coordinator cannot report (404), and nothing is written', async () => {
    const e = await enterpriseAt(t, '330106109000', 2);
    const before = await countRows(t, 'duty_logs');
    const res = await post('/api/v1/risk-reports', '吴静', riskBody(e.id, '2026-11-10T04:00:00Z'));
    expect(res.statusCode).toBe(404);
    expect(await countRows(t, 'duty_logs')).toBe(before);
  });
});

describe('seed §二(三) 技能比武和评价机制 (服务企业和劳动者频次): community coordinators log their service to enterprises', () => {
  it('seed §二(三) C5: a community coordinator logs a contact and a visit with an enterprise of their community', async () => {
    const contact = await post(
      '/api/v1/contacts',
      '吴静',
      contactBody(communityEnterprise, '2026-11-11T02:00:00Z'),
    );
    expect(contact.statusCode, contact.body).toBe(201);
    const photo = await uploadPhoto(t, '吴静');
    const visit = await post(
      '/api/v1/visits',
      '吴静',
      visitBody(communityEnterprise, '2026-11-11T03:00:00Z', [photo]),
    );
    expect(visit.statusCode, visit.body).toBe(201);
    // The enterprise was served: its C1 for the month is met, whoever did it.
    expect(await dutyStatus(t, 'C1', '2026-11', communityEnterprise)).not.toBe('due');
  });

  it('seed §二(三) C1/C2 stay the township’s: a community coordinator cannot log with an enterprise outside their community (403/404)', async () => {
    const e = await enterpriseAt(t, '330106005000', 0);
    const res = await post('/api/v1/contacts', '吴静', contactBody(e.id, '2026-11-11T04:00:00Z'));
    expect([403, 404]).toContain(res.statusCode);
  });

  it('seed §二(三) C1/C2 obligations are not a community coordinator’s: the duty lists name township/park coordinators only', async () => {
    const res = await t.request({
      method: 'GET',
      url: `/api/v1/duties?rule=C1&period=2026-11&jurisdiction=${CUIYUAN_1}`,
      as: '王海峰',
    });
    expect(res.statusCode, res.body).toBe(200);
    const row = res.json().items.find((i: { id: string }) => i.id === communityEnterprise);
    expect(row.responsible.map((p: { name: string }) => p.name)).not.toContain('吴静');
  });
});
