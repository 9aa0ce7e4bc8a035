// The write load of P1 and P8: township and park coordinators all over the province logging C1
// contacts (POST /api/v1/contacts) with enterprises of their own township, a new clientId each time.
import { randomUUID } from 'node:crypto';
import autocannon from 'autocannon';
import type pg from 'pg';
import { sessionToken } from './province';

export const CONNECTIONS = 64;

interface Writer {
  userId: string;
  /** The township or park the coordinator serves. */
  jurisdictionCode: string;
  authorization: string;
  enterprises: string[];
}

/** Up to 300 coordinators in random townships, each with up to 40 of their active enterprises. */
export async function loadWriters(db: pg.Client): Promise<Writer[]> {
  const { rows } = await db.query<{ user_id: string; jurisdiction_code: string; enterprises: string[] }>(`
    select w.user_id, w.jurisdiction_code, array(select e.id from enterprises e
                             where e.jurisdiction_code = w.jurisdiction_code and e.status = 'active' and e.in_scope
                             limit 40) as enterprises
      from (select distinct on (jurisdiction_code) user_id, jurisdiction_code from coordinator_roles
             where kind in ('township', 'park') order by jurisdiction_code, user_id) w
     order by md5(w.jurisdiction_code)
     limit 300`);
  return rows
    .filter((r) => r.enterprises.length > 0)
    .map((r) => ({
      userId: r.user_id,
      jurisdictionCode: r.jurisdiction_code,
      authorization: `Bearer ${sessionToken(r.user_id)}`,
      enterprises: r.enterprises,
    }));
}

const NOTES = ['电话联络，了解企业用工情况', '钉钉沟通劳动合同签订情况', '上门宣传劳动保障法律法规'];

/** Runs autocannon against POST /api/v1/contacts for `seconds`; every request is a new contact. */
export function runContactLoad(url: string, writers: Writer[], seconds: number) {
  let n = 0;
  return autocannon({
    url,
    connections: CONNECTIONS,
    duration: seconds,
    requests: [
      {
        method: 'POST',
        path: '/api/v1/contacts',
        setupRequest: (request) => {
          const writer = writers[n % writers.length]!;
          const enterpriseId =
            writer.enterprises[Math.floor(n / writers.length) % writer.enterprises.length]!;
          n++;
          return {
            ...request,
            headers: { 'content-type': 'application/json', authorization: writer.authorization },
            body: JSON.stringify({
              clientId: randomUUID(),
              enterpriseId,
              occurredAt: new Date(Date.now() - 60_000).toISOString(),
              channel: 'phone',
              duties: ['law_publicity', 'standards_contracts'],
              notes: NOTES[n % NOTES.length],
            }),
          };
        },
      },
    ],
  });
}

export function summarize(result: autocannon.Result) {
  return {
    requests: result.requests.total,
    tps: Math.round(result.requests.average),
    latencyMs: { p50: result.latency.p50, p99: result.latency.p99, max: result.latency.max },
    created2xx: result['2xx'],
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
  };
}
