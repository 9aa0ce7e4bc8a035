// P1's fair baseline: the statements a contact sends (read back from PostgreSQL's statement log with
// log_statement = 'all'), as one pgbench transaction: BEGIN; the enterprise, locked, with its
// settings and the client id's replay; the log INSERT with its duplicate check and the names it
// returns; the event, audit, duty mark and tally writes in one statement; COMMIT. Only the values
// differ: the server sends them as parameters, the script takes them from pgbench variables and
// from a table of the same writers and enterprises the API load uses. The principal read is left
// out: the server caches it (5 s) outside the transaction. Run with `-M prepared`, as the server's
// statement cache does after a text's third use.
import { sql } from 'drizzle-orm';
import { PgDialect } from 'drizzle-orm/pg-core';
import { markRefreshStatement } from '../../server/src/modules/duties/marks';
import { currentPeriods } from './province';

/** The (author, enterprise, jurisdiction prefix) pairs the API load writes, numbered 1..n. */
export const TARGETS_TABLE = 'bench_p1_targets';

export function targetsTableSql(): string {
  return `create unlogged table ${TARGETS_TABLE} (n int primary key, author uuid not null, enterprise uuid not null, prefix text not null)`;
}

export function contactTransactionScript(targets: number, now = new Date()): string {
  const { month, monthStart, monthEnd } = currentPeriods(now);
  const target = (column: string) => `(select t.${column} from ${TARGETS_TABLE} t where t.n = :k)`;
  const notes = '电话联络，了解企业用工情况';
  // pgbench reads `:name` in a script as a variable, so the literals have no colon before a name
  // or digit: JSON as PostgreSQL prints it (": "), times without colons (same length).
  const literal = (value: object) =>
    JSON.stringify(value)
      .replace(/(\d\d):(\d\d):(\d\d)/g, '$1h$2m$3')
      .replace(/":/g, '": ');
  const snapshot = literal({
    notes,
    duties: ['law_publicity', 'standards_contracts'],
    channel: 'phone',
    clientId: '00000000-0000-4000-8000-000000000000',
    riskFlags: [],
    occurredAt: now.toISOString(),
    enterpriseId: '00000000-0000-4000-8000-000000000000',
    contactedUserId: null,
  });
  // The audit row's `after`: the log row as JSON (auditInsert stores what the INSERT returned).
  const after = literal({
    id: '00000000-0000-4000-8000-000000000000',
    kind: 'contact',
    flags: [],
    notes,
    duties: ['law_publicity', 'standards_contracts'],
    status: 'recorded',
    channel: 'phone',
    clientId: '00000000-0000-4000-8000-000000000000',
    photoIds: [],
    revision: 1,
    riskKind: null,
    severity: null,
    createdAt: now.toISOString(),
    decidedAt: null,
    riskFlags: [],
    riskLevel: null,
    updatedAt: now.toISOString(),
    occurredAt: now.toISOString(),
    requestHash: 'cd374f6337c95cb3c02a62bde671e0f71000b1e342885c584c32e761fcc85b25',
    authorUserId: '00000000-0000-4000-8000-000000000000',
    decisionNote: null,
    enterpriseId: '00000000-0000-4000-8000-000000000000',
    checkinIsMock: null,
    duplicateOfId: null,
    amountInvolved: null,
    checkinAddress: null,
    distanceMeters: null,
    peopleAffected: null,
    checkinAccuracy: null,
    checkinLatitude: null,
    decidedByUserId: null,
    checkinLongitude: null,
    jurisdictionCode: '330106109000',
    counterpartUserIds: [],
    checkinCoordinateSystem: null,
  });
  const duplicateOf = `(select d.id from "duty_logs" d
            where d.enterprise_id = :eid::uuid
              and d.occurred_at >= date_trunc('minute', now() - interval '1 minute')
              and d.occurred_at < date_trunc('minute', now() - interval '1 minute') + interval '1 minute'
              and d.author_user_id = :author::uuid and d.kind = 'contact'::log_kind
              and d.status <> 'withdrawn'
            order by d.created_at asc limit 1)`;
  // The duty mark and tally statement, rendered from the server's own builder (duties/marks.ts) with
  // the transaction's event and audit INSERTs in front and pgbench variables for the values.
  const markRefresh = new PgDialect()
    .sqlToQuery(
      markRefreshStatement({
        alongside: sql.raw(
          `alongside_0 as (insert into "duty_log_events" ("id", "log_id", "revision", "action", "actor_user_id", "reason", "snapshot", "request_hash", "at") values (default, :log_id, 1, 'created', :author, default, '${snapshot}', md5(random()::text) || md5(random()::text), now())), alongside_1 as (insert into "audit_log" ("id", "at", "actor_user_id", "action", "entity_type", "entity_id", "before", "after", "details", "ip") values (default, default, :author, 'contact.create', 'duty_log', :log_id, null, '${after}', null, '127.0.0.1'))`,
        ),
        values: sql.raw(
          `(:eid::uuid, 'C1'::duty_rule, '${month}'::varchar, '${monthStart.toISOString()}'::timestamptz, '${monthEnd.toISOString()}'::timestamptz)`,
        ),
        now: sql.raw('now()'),
      }),
    )
    .sql.trim();
  return `\\set k random(1, ${targets})
BEGIN;
select (select l.id from "duty_logs" l
                where l.author_user_id = ${target('author')} and l.client_id = gen_random_uuid()) as replay_id, ${target('author')} as author, "enterprises"."id" as eid, "enterprises"."uscc", "enterprises"."name", "enterprises"."jurisdiction_code" as jcode, "enterprises"."industry", "enterprises"."employees", "enterprises"."revenue", "enterprises"."assets", "enterprises"."declared_size", "enterprises"."computed_size", "enterprises"."size", "enterprises"."contact_name", "enterprises"."contact_mobile", "enterprises"."address", "enterprises"."latitude", "enterprises"."longitude", "enterprises"."in_scope", "enterprises"."is_key", "enterprises"."status", "enterprises"."created_at", "enterprises"."updated_at", "jurisdictions"."name" as jname, (select coalesce(json_agg(json_build_object(
      'jurisdictionCode', s.jurisdiction_code, 'overrides', s.overrides)), '[]'::json)
    from "policy_settings" s
    where s.jurisdiction_code in (rpad(left("enterprises"."jurisdiction_code", 2), 12, '0'), rpad(left("enterprises"."jurisdiction_code", 4), 12, '0'),
      rpad(left("enterprises"."jurisdiction_code", 6), 12, '0'), rpad(left("enterprises"."jurisdiction_code", 9), 12, '0'), "enterprises"."jurisdiction_code")) as settings from "enterprises" inner join "jurisdictions" on "jurisdictions"."code" = "enterprises"."jurisdiction_code" where ("enterprises"."id" = ${target('enterprise')} and ("enterprises"."jurisdiction_code" like any(array[${target('prefix')}]::text[]) or "enterprises"."id" = any('{}'::uuid[]))) for no key update of "enterprises"
\\gset
insert into "duty_logs" ("id", "client_id", "request_hash", "kind", "status", "revision", "author_user_id", "enterprise_id", "jurisdiction_code", "occurred_at", "duties", "notes", "flags", "duplicate_of_id", "channel", "counterpart_user_ids", "risk_flags", "checkin_latitude", "checkin_longitude", "checkin_accuracy", "checkin_address", "checkin_is_mock", "checkin_coordinate_system", "distance_meters", "photo_ids", "risk_level", "risk_kind", "severity", "people_affected", "amount_involved", "decided_by_user_id", "decided_at", "decision_note", "created_at", "updated_at") values (default, gen_random_uuid(), md5(random()::text) || md5(random()::text), 'contact', 'recorded', default, :author, :eid, :jcode, now() - interval '1 minute', '{law_publicity,standards_contracts}', '${notes}', (case when ${duplicateOf} is null then '{}'::text[]
                else '{}'::text[] || '{probable_duplicate}'::text[] end), ${duplicateOf}, 'phone', '{}', '{}', default, default, default, default, default, default, default, default, default, default, default, default, default, default, default, default, now(), now()) returning "id" as log_id, "client_id", "request_hash", "kind", "status", "revision", "author_user_id", "enterprise_id", "jurisdiction_code", "occurred_at", "duties", "notes", "flags", "duplicate_of_id", "channel", "counterpart_user_ids", "risk_flags", "checkin_latitude", "checkin_longitude", "checkin_accuracy", "checkin_address", "checkin_is_mock", "checkin_coordinate_system", "distance_meters", "photo_ids", "risk_level", "risk_kind", "severity", "people_affected", "amount_involved", "decided_by_user_id", "decided_at", "decision_note", "created_at", "updated_at", (select e.name from "enterprises" e where e.id = "enterprise_id") as enterprise_name, (select j.name from "jurisdictions" j where j.code = "jurisdiction_code") as jurisdiction_name, (select a.name from "users" a where a.id = "author_user_id") as author_name, coalesce((
  select json_agg(json_build_object('userId', u.id, 'name', u.name) order by u.name, u.id)
  from "users" u where u.id = any("counterpart_user_ids")), '[]'::json) as counterparts
\\gset
${markRefresh};
COMMIT;
`;
}
