import { randomUUID } from 'node:crypto';
import { and, asc, eq, sql } from 'drizzle-orm';
import { makeUscc } from '@coordnet/shared/domain/uscc';
import { enterprises } from '../../src/db/schema/enterprises';
import { dutyBookkeepingMismatches as tallyMismatches } from '../../src/db/tally-check';
import type { TestApp } from './test-app';

/**
 * Tiny real images (8×6 pixels, decodable: the server re-encodes every upload), and byte strings
 * that only look like HEIC (HEVC, which the server's prebuilt libvips cannot decode) and GIF.
 */
export const IMAGES = {
  png: Buffer.from(
    'iVBORw0KGgoAAAANSUhEUgAAAAgAAAAGCAIAAABxZ0isAAAACXBIWXMAAAPoAAAD6AG1e1JrAAAAEUlEQVQImWM4EaCBFTEMpAQAs5U8Aes99OYAAAAASUVORK5CYII=',
    'base64',
  ),
  jpeg: Buffer.from(
    '/9j/2wBDABALDA4MChAODQ4SERATGCgaGBYWGDEjJR0oOjM9PDkzODdASFxOQERXRTc4UG1RV19iZ2hnPk1xeXBkeFxlZ2P/2wBDARESEhgVGC8aGi9jQjhCY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2P/wAARCAAGAAgDASIAAhEBAxEB/8QAFQABAQAAAAAAAAAAAAAAAAAAAAT/xAAUEAEAAAAAAAAAAAAAAAAAAAAA/8QAFAEBAAAAAAAAAAAAAAAAAAAABf/EABQRAQAAAAAAAAAAAAAAAAAAAAD/2gAMAwEAAhEDEQA/AJgBh5//2Q==',
    'base64',
  ),
  webp: Buffer.from(
    'UklGRjoAAABXRUJQVlA4IC4AAADQAQCdASoIAAYAAUAmJaACdLoB+AADsAD+6Di/+YJX5Bu1D/7B384D84D+igAA',
    'base64',
  ),
  heic: Buffer.concat([Buffer.from([0, 0, 0, 0x18]), Buffer.from('ftypheic'), Buffer.alloc(32, 4)]),
  gif: Buffer.concat([Buffer.from('GIF89a'), Buffer.alloc(32, 5)]),
};

export function multipart(
  file: Buffer,
  { filename = 'photo.png', contentType = 'image/png', field = 'file' } = {},
) {
  const boundary = `----coordnet${randomUUID().replace(/-/g, '')}`;
  const payload = Buffer.concat([
    Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="${field}"; filename="${filename}"\r\nContent-Type: ${contentType}\r\n\r\n`,
    ),
    file,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  return { payload, headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

export async function uploadPhoto(t: TestApp, as: string, file: Buffer = IMAGES.png): Promise<string> {
  const res = await t.request({ method: 'POST', url: '/api/v1/uploads', as, ...multipart(file) });
  if (res.statusCode !== 201) throw new Error(`upload failed: ${res.statusCode} ${res.body}`);
  return res.json().id as string;
}

export async function uploadPhotoAsUser(
  t: TestApp,
  userId: string,
  file: Buffer = IMAGES.png,
): Promise<string> {
  const body = multipart(file);
  const res = await t.app.inject({
    method: 'POST',
    url: '/api/v1/uploads',
    payload: body.payload,
    headers: { ...body.headers, authorization: `Bearer ${t.app.signSession(userId).token}` },
  });
  if (res.statusCode !== 201) throw new Error(`upload failed: ${res.statusCode} ${res.body}`);
  return res.json().id as string;
}

/** Active, in-scope demo enterprises registered exactly at `code`, by name. */
export async function enterprisesAt(t: TestApp, code: string) {
  return t.database.db
    .select({
      id: enterprises.id,
      name: enterprises.name,
      size: enterprises.size,
      isKey: enterprises.isKey,
      latitude: enterprises.latitude,
      longitude: enterprises.longitude,
    })
    .from(enterprises)
    .where(and(eq(enterprises.jurisdictionCode, code), eq(enterprises.status, 'active')))
    .orderBy(asc(enterprises.name));
}

export async function enterpriseAt(t: TestApp, code: string, index = 0) {
  const rows = await enterprisesAt(t, code);
  const row = rows[index];
  if (!row) throw new Error(`no enterprise #${index} at ${code}`);
  return row;
}

export const contactBody = (
  enterpriseId: string,
  occurredAt: string,
  extra: Record<string, unknown> = {},
) => ({
  clientId: randomUUID(),
  enterpriseId,
  occurredAt,
  channel: 'phone',
  duties: ['law_publicity'],
  notes: '电话联络企业劳动关系协调员，了解本月用工情况',
  ...extra,
});

export const visitBody = (
  enterpriseId: string,
  occurredAt: string,
  photos: string[],
  extra: Record<string, unknown> = {},
) => ({
  clientId: randomUUID(),
  enterpriseId,
  occurredAt,
  checkIn: { latitude: 30.3, longitude: 120.1, accuracy: 15, address: '杭州市西湖区', isFromMock: false },
  photos,
  duties: ['standards_contracts', 'dispute_mediation'],
  findings: '实地查看劳动合同签订和工资支付情况，未发现问题',
  riskLevel: 'none',
  ...extra,
});

export const guidanceBody = (
  enterpriseId: string,
  occurredAt: string,
  extra: Record<string, unknown> = {},
) => ({
  clientId: randomUUID(),
  enterpriseId,
  occurredAt,
  method: 'onsite',
  topics: ['collective_bargaining'],
  notes: '指导企业劳动关系协调员开展集体协商',
  coordinatorUserIds: [] as string[],
  ...extra,
});

/** The enterprise coordinators in post at an enterprise (C3 guides them). */
export async function enterpriseCoordinatorIds(t: TestApp, enterpriseId: string): Promise<string[]> {
  const rows = await t.database.db.execute<{ user_id: string }>(sql`
    select distinct cr.user_id from coordinator_roles cr join users u on u.id = cr.user_id
     where cr.enterprise_id = ${enterpriseId}::uuid and cr.kind = 'enterprise' and u.active
       and cr.valid_to is null order by cr.user_id`);
  return rows.rows.map((r) => r.user_id);
}

/** A C3 guidance body naming the enterprise's coordinators (it must have one). */
export async function guidanceFor(
  t: TestApp,
  enterpriseId: string,
  occurredAt: string,
  extra: Record<string, unknown> = {},
) {
  const coordinatorUserIds = await enterpriseCoordinatorIds(t, enterpriseId);
  if (coordinatorUserIds.length === 0) throw new Error(`enterprise ${enterpriseId} has no coordinator`);
  return guidanceBody(enterpriseId, occurredAt, { coordinatorUserIds, ...extra });
}

/** Active enterprises of a jurisdiction with (`true`) or without a coordinator of their own, by name. */
export async function enterprisesWithCoordinator(t: TestApp, code: string, has = true) {
  const rows = await t.database.db.execute<{ id: string; name: string }>(sql`
    select e.id, e.name from enterprises e
     where e.jurisdiction_code = ${code} and e.status = 'active'
       and ${has ? sql`` : sql`not`} exists (
         select 1 from coordinator_roles cr where cr.enterprise_id = e.id and cr.kind = 'enterprise'
            and cr.valid_to is null)
     order by e.name`);
  return rows.rows;
}

export const riskBody = (enterpriseId: string, occurredAt: string, extra: Record<string, unknown> = {}) => ({
  clientId: randomUUID(),
  enterpriseId,
  occurredAt,
  riskKind: 'wage_arrears',
  severity: 'general',
  peopleAffected: 12,
  description: '部分员工反映上月工资未按时发放',
  ...extra,
});

/** Rows of a table, for "nothing was written" checks. */
export async function countRows(t: TestApp, table: string): Promise<number> {
  const result = await t.database.db.execute<{ n: number }>(
    sql.raw(`select count(*)::int as n from ${table}`),
  );
  return result.rows[0]!.n;
}

/** The enterprise an enterprise coordinator serves (郑磊's, in the demo). */
export async function enterpriseOf(t: TestApp, name: string) {
  const rows = await t.database.db.execute<{ id: string; jurisdiction_code: string }>(sql`
    select e.id, e.jurisdiction_code from coordinator_roles cr
      join users u on u.id = cr.user_id
      join enterprises e on e.id = cr.enterprise_id
     where u.name = ${name} and cr.kind = 'enterprise'
     limit 1`);
  const row = rows.rows[0];
  if (!row) throw new Error(`${name} coordinates no enterprise`);
  return { id: row.id, jurisdictionCode: row.jurisdiction_code };
}

/** A current grassroots coordinator of a jurisdiction (demo names other than the sign-in list are random). */
export async function coordinatorOf(t: TestApp, code: string, kind = 'township') {
  const rows = await t.database.db.execute<{ id: string; name: string }>(sql`
    select u.id, u.name from coordinator_roles cr join users u on u.id = cr.user_id
     where cr.jurisdiction_code = ${code} and cr.kind = ${kind}
     order by u.name limit 1`);
  const row = rows.rows[0];
  if (!row) throw new Error(`no ${kind} coordinator at ${code}`);
  return row;
}

/** app.inject as a user given by id. */
export function requestAsUser(
  t: TestApp,
  userId: string,
  options: { method: 'GET' | 'POST' | 'PUT' | 'DELETE'; url: string; payload?: object },
) {
  return t.app.inject({
    ...options,
    headers: { authorization: `Bearer ${t.app.signSession(userId).token}` },
  });
}

let usccSerial = 0;
/** Registers an enterprise through the API as 王海峰 (county supervisor of 西湖区). */
export async function registerEnterprise(
  t: TestApp,
  jurisdictionCode: string,
  extra: Record<string, unknown> = {},
) {
  usccSerial++;
  const uscc = makeUscc(
    `91${jurisdictionCode.slice(0, 6)}MT${String(1_000_000 + usccSerial * 13).slice(-7)}`,
  );
  const res = await t.request({
    method: 'POST',
    url: '/api/v1/enterprises',
    as: '王海峰',
    payload: {
      uscc,
      name: `测试企业${jurisdictionCode.slice(6, 9)}${usccSerial}号有限公司`,
      jurisdictionCode,
      industry: 'industry',
      employees: 50,
      revenue: 1000,
      latitude: 30.3,
      longitude: 120.1,
      ...extra,
    },
  });
  if (res.statusCode !== 201) throw new Error(`register failed: ${res.statusCode} ${res.body}`);
  return res.json() as { id: string; name: string; jurisdictionCode: string; size: string | null };
}

/** The duty status of one enterprise, read through GET /api/v1/duties as a county supervisor. */
export async function dutyStatus(
  t: TestApp,
  rule: 'C1' | 'C2' | 'C3',
  period: string,
  enterpriseId: string,
  { as = '王海峰', jurisdiction = '330106000000' } = {},
): Promise<string | undefined> {
  const res = await t.request({
    method: 'GET',
    url: `/api/v1/duties?rule=${rule}&period=${period}&jurisdiction=${jurisdiction}&limit=200`,
    as,
  });
  if (res.statusCode !== 200) throw new Error(`duties failed: ${res.statusCode} ${res.body}`);
  return res.json().items.find((i: { id: string }) => i.id === enterpriseId)?.status;
}

/** The duty engine's invariants recomputed the slow way (server/src/db/tally-check.ts), for a test app. */
export const dutyBookkeepingMismatches = (t: TestApp) => tallyMismatches(t.database.db);

export { NO_MISMATCHES } from '../../src/db/tally-check';
