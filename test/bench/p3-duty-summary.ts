// P3: GET /api/v1/duties/summary (C1, this month) for the whole province, as a province supervisor,
// against the naive answer: an anti-join of every enterprise against this month's logs, per city.
// Target: the API at least 20× faster (medians, same run).
import { qualifyingCondition, rollupText } from '../../server/src/db/rules-sql';
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
const { rows } = await db.query<{ user_id: string }>(
  `select user_id from supervisor_roles where jurisdiction_code = '330000000000' and access = 'manager' limit 1`,
);
const supervisor = rows[0]!;
const province = await provinceSize(db);
const { month, monthStart, monthEnd } = currentPeriods();

const naiveSql = `
  select ${rollupText('e.jurisdiction_code', 'city')} as city, count(*)::int as total,
         count(*) filter (where not exists (
           select 1 from duty_logs l
            where l.enterprise_id = e.id and l.occurred_at >= $1 and l.occurred_at < $2
              and ${qualifyingCondition('C1')}))::int as not_done
    from enterprises e
   where e.status = 'active' and e.in_scope
   group by 1 order by 1`;
const naive = await timeIt(() => db.query(naiveSql, [monthStart, monthEnd]), quick ? 2 : 3, 1);
const naiveRows = (await db.query<{ total: number; not_done: number }>(naiveSql, [monthStart, monthEnd]))
  .rows;

const server = await startProvinceServer();
const headers = { authorization: `Bearer ${sessionToken(supervisor.user_id)}` };
const apiUrl = `${server.url}/api/v1/duties/summary?rule=C1&jurisdiction=330000000000`;
let summary: { total?: unknown } = {};
const api = await timeIt(
  async () => {
    const response = await fetch(apiUrl, { headers });
    if (!response.ok)
      throw new Error(`GET /duties/summary answered ${response.status}: ${await response.text()}`);
    summary = (await response.json()) as typeof summary;
  },
  quick ? 10 : 100,
  5,
);
await stopServer(server.child);
await db.end();

const total = naiveRows.reduce((a, r) => a + r.total, 0);
const notDone = naiveRows.reduce((a, r) => a + r.not_done, 0);
writeResult('p3-duty-summary', {
  target: 'API ≥ 20× faster than the naive anti-join',
  province,
  period: month,
  naive: { ...naive, enterprises: total, notContacted: notDone },
  api: { ...api, total: summary.total },
  ratio: round(naive.p50 / api.p50, 0),
  pass: naive.p50 / api.p50 >= 20,
});
