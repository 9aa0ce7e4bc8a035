// P2: GET /api/v1/duties (C1, this month, first page of 50) for the township nearest 3,000
// enterprises, as its township coordinator, against the best hand-written indexed SQL for the same
// page in the same run. Target: median ≤ 2× the baseline's and < 20 ms.
import { qualifyingCondition } from '../../server/src/db/rules-sql';
import { stopServer, writeResult } from './lib';
import {
  connect,
  currentPeriods,
  ensureProvince,
  provinceSize,
  quick,
  round,
  sessionToken,
  startProvinceServer,
  timeIt,
} from './province';

await ensureProvince();
const db = await connect();
const { rows } = await db.query<{ code: string; name: string; enterprises: number; user_id: string }>(`
  select t.code, j.name, t.enterprises, cr.user_id
    from (select jurisdiction_code as code, sum(count)::int as enterprises from enterprise_tallies group by 1
           order by abs(sum(count) - 3000) limit 1) t
    join jurisdictions j on j.code = t.code
    join coordinator_roles cr on cr.jurisdiction_code = t.code and cr.kind in ('township', 'park')
   limit 1`);
const township = rows[0]!;
const province = await provinceSize(db);
const { month } = currentPeriods();
const today = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
const runs = quick ? 10 : 200;

// The same answer written by hand for one township: equality on the code, the mark by primary key,
// the last log by (enterprise_id, occurred_at), the township's coordinators once.
const baselineSql = `
  with page as (
    select e.id, e.name, e.uscc, e.jurisdiction_code, e.size,
           case m.state when 'done' then 2 when 'awaiting' then 1 else 0 end as rank
      from enterprises e
      left join duty_marks m on m.enterprise_id = e.id and m.rule = 'C1' and m.period = $2
     where e.jurisdiction_code = $1 and e.status = 'active' and e.in_scope
     order by rank, e.name, e.id
     limit 51
  ), responsible as (
    select coalesce(json_agg(json_build_object('userId', u.id, 'name', u.name) order by u.name, u.id), '[]') as people
      from coordinator_roles cr join users u on u.id = cr.user_id
     where cr.jurisdiction_code = any(array[$1, rpad(left($1, 6), 12, '0'), rpad(left($1, 4), 12, '0'), rpad(left($1, 2), 12, '0')])
       and cr.kind in ('township', 'park') and cr.valid_from <= $3::date
       and (cr.valid_to is null or cr.valid_to >= $3::date) and u.active
  )
  select p.*, j.name as jurisdiction_name, ll.id as last_log_id, ll.kind, ll.occurred_at, ll.author_name, r.people
    from page p
    join jurisdictions j on j.code = p.jurisdiction_code
    cross join responsible r
    left join lateral (
      select l.id, l.kind, l.occurred_at, u.name as author_name
        from duty_logs l join users u on u.id = l.author_user_id
       where l.enterprise_id = p.id and l.occurred_at < now() + interval '40 days'
         and ${qualifyingCondition('C1')}
       order by l.occurred_at desc, l.id desc
       limit 1
    ) ll on true
   order by p.rank, p.name, p.id`;
const baselineRows = (await db.query(baselineSql, [township.code, month, today])).rowCount;

const server = await startProvinceServer();
const headers = { authorization: `Bearer ${sessionToken(township.user_id)}` };
const apiUrl = `${server.url}/api/v1/duties?rule=C1&jurisdiction=${township.code}&limit=50`;
let apiItems = 0;
const getPage = async () => {
  const response = await fetch(apiUrl, { headers });
  if (!response.ok) throw new Error(`GET /duties answered ${response.status}: ${await response.text()}`);
  apiItems = ((await response.json()) as { items: unknown[] }).items.length;
};

// Interleaved rounds, so both sides see the same machine load.
const api: number[] = [];
const sql: number[] = [];
for (let round = 0; round < 4; round++) {
  const a = await timeIt(getPage, runs / 4, round === 0 ? 5 : 1);
  const b = await timeIt(
    () => db.query(baselineSql, [township.code, month, today]),
    runs / 4,
    round === 0 ? 5 : 1,
  );
  api.push(a.p50);
  sql.push(b.p50);
}
await stopServer(server.child);
await db.end();

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const apiP50 = median(api);
const baselineP50 = median(sql);
writeResult('p2-duty-list', {
  target: 'API median ≤ 2× baseline and < 20 ms',
  province,
  township: { ...township, user_id: undefined },
  period: month,
  page: { api: apiItems, baseline: Math.min(50, baselineRows ?? 0) },
  apiMedianMs: apiP50,
  baselineMedianMs: baselineP50,
  ratio: round(apiP50 / baselineP50, 2),
  roundsMs: { api, baseline: sql },
  pass: apiP50 <= 2 * baselineP50 && apiP50 < 20,
});
