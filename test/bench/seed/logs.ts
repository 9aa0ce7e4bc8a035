// A year of C1 contacts and C2 site visits: in each month about 85% of the active enterprises are
// contacted by one of their township's coordinators; in one month of each quarter three in four of
// those contacts are site visits instead (a visit also counts as that month's contact).
import type { Cell } from './copy';
import { pgArray } from './copy';
import { ENTERPRISE_NS, enterpriseAt, mix, uuidOf, type Province } from './layout';

export const LOG_NS = 8;
const CLIENT_NS = 9;
export const TOWNSHIP_COORDINATOR_NS = 2;
export const ENTERPRISE_COORDINATOR_NS = 3;
export const SUPERVISOR_NS = 4;

export const LOG_COLUMNS = [
  'id',
  'client_id',
  'request_hash',
  'kind',
  'status',
  'author_user_id',
  'enterprise_id',
  'jurisdiction_code',
  'occurred_at',
  'duties',
  'channel',
  'counterpart_user_ids',
  'checkin_latitude',
  'checkin_longitude',
  'checkin_accuracy',
  'checkin_address',
  'checkin_is_mock',
  'checkin_coordinate_system',
  'distance_meters',
  'decided_by_user_id',
  'decided_at',
  'created_at',
  'updated_at',
] as const;

const DUTY_SETS = [
  ['law_publicity'],
  ['law_publicity', 'standards_contracts'],
  ['dispute_mediation', 'risk_reporting'],
  ['standards_contracts', 'checkup_registration'],
  ['democratic_bargaining'],
  ['harmony_creation', 'law_publicity'],
].map(pgArray);
const CHANNELS = ['phone', 'phone', 'dingtalk', 'dingtalk', 'onsite', 'meeting', 'other'];

export interface Month {
  year: number;
  month: number;
  /** Share of enterprises contacted this month (lower for the month in progress). */
  coverage: number;
  /** Days of the month a log may fall on (up to yesterday for the month in progress). */
  days: number;
  current: boolean;
}

const SHANGHAI_MS = 8 * 3600_000;

/** The `count` calendar months (Asia/Shanghai) ending with the one containing `now`. */
export function monthsUntil(now: Date, count: number, coverage = 0.85): Month[] {
  const local = new Date(now.getTime() + SHANGHAI_MS);
  const year = local.getUTCFullYear();
  const month = local.getUTCMonth() + 1;
  const today = local.getUTCDate();
  const months: Month[] = [];
  for (let k = count - 1; k >= 0; k--) {
    const y = year + Math.floor((month - 1 - k) / 12);
    const m = ((((month - 1 - k) % 12) + 12) % 12) + 1;
    const length = new Date(Date.UTC(y, m, 0)).getUTCDate();
    const current = k === 0;
    const days = current ? today - 1 : length;
    months.push({ year: y, month: m, coverage: (coverage * days) / length, days, current });
  }
  return months;
}

const pad = (n: number) => (n < 10 ? `0${n}` : String(n));
/** Shanghai wall-clock time as timestamptz text (cheaper than Date objects, 40 million times). */
const at = (m: Month, day: number, hour: number, minute: number) =>
  `${m.year}-${pad(m.month)}-${pad(day)} ${pad(hour)}:${pad(minute)}:00+08`;

export const MARK_COLUMNS = [
  'enterprise_id',
  'rule',
  'period',
  'state',
  'jurisdiction_code',
  'last_log_id',
  'updated_at',
] as const;

/**
 * Log rows, and the duty marks they earn (what refreshDutyMarks in server/src/modules/duties/marks.ts
 * writes): C1 done for a month with a contact or a submitted/approved visit; C2 done for a quarter
 * with an approved visit, awaiting with only a submitted one. There is at most one log per
 * enterprise and month, so each log decides its own marks.
 */
export function* logRows(
  province: Province,
  months: Month[],
  seed: number,
): Generator<{ table: 'duty_logs' | 'duty_marks'; row: Cell[] }> {
  let n = 0;
  for (const t of province.townships) {
    const approver = uuidOf(SUPERVISOR_NS, t.countyIndex * 4);
    for (let i = t.first; i < t.first + t.count; i++) {
      const e = enterpriseAt(i, seed);
      if (e.status !== 'active') continue;
      const enterpriseId = uuidOf(ENTERPRISE_NS, i);
      const contacted = e.coordinators > 0 ? pgArray([uuidOf(ENTERPRISE_COORDINATOR_NS, i * 2)]) : '{}';
      for (let mi = 0; mi < months.length; mi++) {
        const m = months[mi]!;
        const h = mix(i ^ seed, 1000 + m.year * 12 + m.month);
        if (h / 4294967296 >= m.coverage) continue;
        const quarter = Math.ceil(m.month / 3);
        const q = mix(i ^ seed, 5000 + m.year * 4 + quarter);
        const visit = (m.month - 1) % 3 === q % 3 && (q >>> 8) % 100 < 75;
        const day = 1 + ((h >>> 3) % m.days);
        const hour = 9 + ((h >>> 11) % 8);
        const minute = (h >>> 15) % 60;
        const occurred = at(m, day, hour, minute);
        const created = at(m, day, hour + 1, minute);
        const author = uuidOf(TOWNSHIP_COORDINATOR_NS, t.index * 16 + ((h >>> 20) % t.coordinators));
        const id = uuidOf(LOG_NS, n);
        const clientId = uuidOf(CLIENT_NS, n);
        const hash = mix(n, 1).toString(16).padStart(8, '0').repeat(8);
        n++;
        const duties = DUTY_SETS[(h >>> 24) % DUTY_SETS.length]!;
        const month = `${m.year}-${pad(m.month)}`;
        if (!visit) {
          yield {
            table: 'duty_logs',
            row: [
              id,
              clientId,
              hash,
              'contact',
              'recorded',
              author,
              enterpriseId,
              t.code,
              occurred,
              duties,
              CHANNELS[(h >>> 26) % CHANNELS.length]!,
              contacted,
              null,
              null,
              null,
              null,
              null,
              null,
              null,
              null,
              null,
              created,
              created,
            ],
          };
          yield { table: 'duty_marks', row: [enterpriseId, 'C1', month, 'done', t.code, id, created] };
          continue;
        }
        // Visits of past months are decided but for a few stragglers (a realistic approval backlog);
        // in the month in progress many still wait.
        const s = (q >>> 16) % 100;
        const status = m.current
          ? s < 45
            ? 'approved'
            : s < 95
              ? 'submitted'
              : 'rejected'
          : s < 88
            ? 'approved'
            : s < 90
              ? 'submitted'
              : s < 97
                ? 'rejected'
                : 'withdrawn';
        const decided = status === 'approved' || status === 'rejected';
        const decidedAt = decided ? at(m, day, hour + 3, minute) : null;
        yield {
          table: 'duty_logs',
          row: [
            id,
            clientId,
            hash,
            'visit',
            status,
            author,
            enterpriseId,
            t.code,
            occurred,
            duties,
            null,
            contacted,
            (29.2 + ((h >>> 4) % 1000) / 1000).toFixed(6),
            (120.1 + ((h >>> 14) % 1000) / 1000).toFixed(6),
            15 + (h % 30),
            `${t.countyName}${t.name}`,
            false,
            'gcj02',
            20 + ((h >>> 9) % 300),
            decided ? approver : null,
            decidedAt,
            created,
            decidedAt ?? created,
          ],
        };
        if (status !== 'approved' && status !== 'submitted') continue;
        const updated = decidedAt ?? created;
        yield { table: 'duty_marks', row: [enterpriseId, 'C1', month, 'done', t.code, id, updated] };
        const state = status === 'approved' ? 'done' : 'awaiting';
        yield {
          table: 'duty_marks',
          row: [enterpriseId, 'C2', `${m.year}-Q${quarter}`, state, t.code, id, updated],
        };
      }
    }
  }
}
