// R6: personal data in lists, logs and exports: mobiles masked where the role may not see them;
// every export and every unmasked read audited; the server's own log lines carry no mobile or token.
import { randomUUID } from 'node:crypto';
import ExcelJS from 'exceljs';
import pg from 'pg';
import {
  createDrillDatabase,
  DEMO_PEOPLE,
  devLogins,
  Drill,
  ensureBuilt,
  serverEnv,
  startServer,
  stopServer,
} from './lib';
import { operationsOf, type OpenApiDocument } from './support/invalid-requests';
import { testClock } from '../clock';

const drill = new Drill('R6', 'personal data: masked mobiles, audited exports');
/** Who may see a mobile whole: supervisors with manager access over the area (read from /me below). */
const MANAGERS = new Set<string>();
const MOBILE = /(?<!\d)1[3-9]\d{9}(?!\d)/g;

ensureBuilt();
const database = await createDrillDatabase('r6');
const server = await startServer(serverEnv(database.url, { LOG_LEVEL: 'info', DINGTALK_FAKE: '1' }));
const db = new pg.Client({ connectionString: database.url });
await db.connect();
try {
  const names = Object.values(DEMO_PEOPLE);
  const tokens = await devLogins(server.url, names);
  const get = (name: string, url: string) =>
    fetch(`${server.url}${url}`, { headers: { authorization: `Bearer ${tokens.get(name)}` } });

  // Some duty logs, so the log lists and the contact ledger have rows with people in them.
  const sanDun = (await (
    await get(DEMO_PEOPLE.township, '/api/v1/enterprises?jurisdiction=330106109000&limit=10')
  ).json()) as {
    items: { id: string }[];
  };
  let contacts = 0;
  for (const e of sanDun.items) {
    const res = await fetch(`${server.url}/api/v1/contacts`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${tokens.get(DEMO_PEOPLE.township)}`,
        'content-type': 'application/json',
      },
      body: JSON.stringify({
        clientId: randomUUID(),
        enterpriseId: e.id,
        occurredAt: new Date(testClock.now().getTime() - 3_600_000).toISOString(),
        channel: 'phone',
        duties: ['law_publicity'],
        notes: 'R6 演练：电话联络企业',
      }),
    });
    if (res.status === 201) contacts++;
  }
  drill.note('contactsWritten', contacts);

  const known = await db.query<{ mobile: string }>(`
    select mobile from users where mobile is not null
    union select contact_mobile from enterprises where contact_mobile is not null`);
  const mobiles = new Set(known.rows.map((r) => r.mobile));
  drill.note('mobilesInDatabase', mobiles.size);
  const wholeMobilesIn = (text: string) =>
    [...new Set(text.match(MOBILE) ?? [])].filter((m) => mobiles.has(m));

  // 1. Every JSON read, as every person.
  const doc = (await (await fetch(`${server.url}/docs/json`)).json()) as OpenApiDocument;
  const reads = operationsOf(doc).filter(
    (op) => op.method === 'GET' && op.path.startsWith('/api/v1/') && !op.path.includes('/exports/'),
  );
  const anyEnterprise = sanDun.items[0]!.id;
  const logs = (await (await get(DEMO_PEOPLE.countyManager, '/api/v1/logs?limit=1')).json()) as {
    items: { id: string }[];
  };
  const groups = (await (
    await get(DEMO_PEOPLE.countyManager, '/api/v1/work-groups?jurisdiction=330106000000')
  ).json()) as {
    items: { id: string }[];
  };
  const urlsFor = (path: string): string[] => {
    const filled = path
      .replace('/enterprises/{id}', `/enterprises/${anyEnterprise}`)
      .replace('/logs/{id}', `/logs/${logs.items[0]?.id ?? anyEnterprise}`)
      .replace('/uploads/{id}', `/uploads/${anyEnterprise}`)
      .replace('/work-groups/{id}', `/work-groups/${groups.items[0]?.id ?? anyEnterprise}`)
      .replace('{jurisdictionCode}', '330106000000');
    if (filled.includes('{')) return [];
    return [filled, `${filled}?jurisdiction=330106109000`, `${filled}?limit=200`];
  };
  let readCount = 0;
  const listLeaks: { person: string; url: string; mobiles: string[] }[] = [];
  for (const name of names) {
    for (const op of reads) {
      for (const url of urlsFor(op.path)) {
        const res = await get(name, url);
        const text = await res.text();
        readCount++;
        const found = wholeMobilesIn(text);
        if (found.length > 0) listLeaks.push({ person: name, url, mobiles: found.slice(0, 3) });
      }
    }
  }
  drill.try(
    `read every JSON GET route (${reads.length}) as each of the ${names.length} demo people: ${readCount} responses`,
  );
  drill.note('listLeaks', listLeaks.slice(0, 20));
  drill.check(
    'no API response carries a whole mobile, for anyone (lists, details, logs, me, reminders)',
    listLeaks.length === 0,
    listLeaks.length,
  );

  // 2. Every ledger, as every person.
  const ledgers = operationsOf(doc).filter((op) => op.path.startsWith('/api/v1/exports/'));
  const auditBefore = await db.query<{ n: string }>(
    `select count(*) as n from audit_log where action like 'ledger.export%'`,
  );
  const lastAuditId = Number(
    (await db.query<{ id: string | null }>('select max(id) as id from audit_log')).rows[0]!.id ?? 0,
  );
  const exports: { person: string; ledger: string; status: number; whole: number; masked: number }[] = [];
  for (const name of names) {
    const me = (await (await get(name, '/api/v1/me')).json()) as {
      jurisdictions: { code: string }[];
      supervisorRoles: { jurisdictionCode: string; access: string }[];
    };
    const root = me.jurisdictions[0]?.code ?? '330106109000';
    // Each person exports their own scope root, so "manages the area" is "manages that root".
    if (me.supervisorRoles.some((r) => r.access === 'manager' && r.jurisdictionCode === root))
      MANAGERS.add(name);
    for (const op of ledgers) {
      const jurisdiction =
        op.path.endsWith('assessment.xlsx') && /000000$/.test(root) === false ? '330106000000' : root;
      const res = await get(name, `${op.path}?jurisdiction=${jurisdiction}`);
      if (res.status !== 200) {
        await res.arrayBuffer();
        exports.push({ person: name, ledger: op.path, status: res.status, whole: 0, masked: 0 });
        continue;
      }
      const workbook = new ExcelJS.Workbook();
      await workbook.xlsx.load(Buffer.from(await res.arrayBuffer()) as never);
      let text = '';
      workbook.eachSheet((sheet) =>
        sheet.eachRow((row) => {
          text += `${JSON.stringify(row.values)}\n`;
        }),
      );
      exports.push({
        person: name,
        ledger: op.path.split('/').pop()!,
        status: 200,
        whole: wholeMobilesIn(text).length,
        masked: (text.match(/1[3-9]\d\*{4}\d{4}/g) ?? []).length,
      });
    }
  }
  const delivered = exports.filter((e) => e.status === 200);
  drill.try(
    `exported each of the ${ledgers.length} ledgers as each demo person over their own scope: ${delivered.length} files delivered, ${exports.length - delivered.length} refused`,
  );
  const exportLeaks = delivered.filter((e) => e.whole > 0 && !MANAGERS.has(e.person));
  drill.note(
    'filesWithWholeMobiles',
    delivered.filter((e) => e.whole > 0).map((e) => `${e.person} ${e.ledger}`),
  );
  drill.note('filesWithMaskedMobiles', delivered.filter((e) => e.masked > 0).length);
  drill.check(
    'no whole mobile in a ledger exported by someone who does not manage the area',
    exportLeaks.length === 0,
    exportLeaks,
  );
  drill.check(
    'managers get mobiles whole in the personal-data ledgers (the masking is by role, not blanket)',
    delivered.some((e) => e.whole > 0 && MANAGERS.has(e.person)),
  );

  const audits = await db.query<{
    action: string;
    actor: string;
    ledger: string;
    mobiles: string;
    completed: boolean;
  }>(
    `select a.action, u.name as actor, a.details->>'ledger' as ledger, a.details->>'mobiles' as mobiles,
            (a.details->>'completed')::boolean as completed
       from audit_log a join users u on u.id = a.actor_user_id
      where a.id > $1 and a.action like 'ledger.export%'`,
    [lastAuditId],
  );
  drill.note('auditRowsBefore', Number(auditBefore.rows[0]!.n));
  drill.note('exportAuditRows', audits.rows.length);
  const unaudited = delivered.filter(
    (e) => !audits.rows.some((a) => a.actor === e.person && `${a.ledger}.xlsx` === e.ledger && a.completed),
  );
  const unmaskedWithoutFlag = delivered.filter(
    (e) =>
      e.whole > 0 &&
      !audits.rows.some(
        (a) =>
          a.actor === e.person && `${a.ledger}.xlsx` === e.ledger && a.action === 'ledger.export_unmasked',
      ),
  );
  drill.check(
    'every delivered export has its audit row (who, which ledger, completed)',
    unaudited.length === 0 && audits.rows.length === delivered.length,
    {
      delivered: delivered.length,
      auditRows: audits.rows.length,
      unaudited: unaudited.length,
    },
  );
  drill.check(
    'every export that revealed whole mobiles is audited as ledger.export_unmasked',
    unmaskedWithoutFlag.length === 0,
    unmaskedWithoutFlag.length,
  );

  // 3. Tap-to-call: the one API read that returns a whole mobile, for whoever may see it, audited.
  const revealAuditFrom = Number(
    (await db.query<{ id: string | null }>('select max(id) as id from audit_log')).rows[0]!.id ?? 0,
  );
  const reveals: { person: string; status: number; whole: boolean }[] = [];
  const posts = (await (
    await get(DEMO_PEOPLE.province, '/api/v1/coordinators?jurisdiction=330106109000&limit=5')
  ).json()) as {
    items: { roleId: string }[];
  };
  for (const name of names) {
    for (const post of posts.items) {
      const res = await fetch(`${server.url}/api/v1/coordinators/${post.roleId}/reveal-mobile`, {
        method: 'POST',
        headers: { authorization: `Bearer ${tokens.get(name)}` },
      });
      const text = await res.text();
      reveals.push({ person: name, status: res.status, whole: wholeMobilesIn(text).length > 0 });
    }
  }
  const revealed = reveals.filter((r) => r.status === 200 && r.whole);
  const revealAudits = await db.query<{ actor: string }>(
    `select u.name as actor from audit_log a join users u on u.id = a.actor_user_id
      where a.id > $1 and a.action = 'coordinator.mobile_revealed'`,
    [revealAuditFrom],
  );
  drill.try(
    `asked POST /api/v1/coordinators/:id/reveal-mobile for ${posts.items.length} 三墩镇 posts as every demo person`,
  );
  drill.note(
    'reveals',
    Object.fromEntries(
      names.map((n) => [
        n,
        reveals
          .filter((r) => r.person === n)
          .map((r) => r.status)
          .join(','),
      ]),
    ),
  );
  drill.check(
    'every unmasked read (reveal-mobile) has its audit row, by the reader',
    revealed.length === revealAudits.rows.length &&
      names.every(
        (n) =>
          revealed.filter((r) => r.person === n).length ===
          revealAudits.rows.filter((a) => a.actor === n).length,
      ),
    { revealed: revealed.length, auditRows: revealAudits.rows.length },
  );
  const notAllowed = new Set<string>([
    DEMO_PEOPLE.countyViewer,
    DEMO_PEOPLE.otherCounty,
    DEMO_PEOPLE.park,
    DEMO_PEOPLE.community,
    DEMO_PEOPLE.enterprise,
  ]);
  drill.check(
    'no whole mobile revealed to a viewer, another county, the park, the community or an enterprise coordinator',
    reveals.every((r) => !(notAllowed.has(r.person) && r.whole)),
  );

  // 5. Issue 16: reveals are limited per person; audit rows keep no whole mobile; a search for a
  // mobile leaves it whole in no log line.
  const burst: number[] = [];
  for (let i = 0; i < 35; i++) {
    const res = await fetch(`${server.url}/api/v1/coordinators/${posts.items[0]!.roleId}/reveal-mobile`, {
      method: 'POST',
      headers: { authorization: `Bearer ${tokens.get(DEMO_PEOPLE.countyManager)}` },
    });
    await res.arrayBuffer();
    burst.push(res.status);
  }
  drill.try('revealed one mobile 35 more times in a row as the county manager');
  drill.check('mobile reveals are rate-limited per person (429 within 35 in a minute)', burst.includes(429), {
    ok: burst.filter((s) => s === 200).length,
    limited: burst.filter((s) => s === 429).length,
  });
  const searched = [...mobiles][0]!;
  await (await get(DEMO_PEOPLE.countyManager, `/api/v1/enterprises?q=${searched}`)).arrayBuffer();
  const audited = await db.query<{ row: string }>(
    `select coalesce(before::text, '') || coalesce(after::text, '') || coalesce(details::text, '') as row from audit_log`,
  );
  const auditedMobiles = audited.rows.flatMap((r) => wholeMobilesIn(r.row));
  drill.note('auditRowsRead', audited.rows.length);
  drill.check(
    'no audit row (before, after, details) holds a whole mobile',
    auditedMobiles.length === 0,
    auditedMobiles.length,
  );

  // 4. The server's own log lines.
  const output = server.output();
  const loggedMobiles = wholeMobilesIn(output);
  const loggedTokens = [...tokens.values()].filter(
    (t) => output.includes(t) || output.includes(t.split('.')[2]!),
  );
  drill.note('serverLogBytes', output.length);
  drill.check(
    'server log lines (LOG_LEVEL=info) contain no mobile (not even one searched for) and no bearer token',
    loggedMobiles.length === 0 && loggedTokens.length === 0,
    {
      mobiles: loggedMobiles.length,
      tokens: loggedTokens.length,
    },
  );
} finally {
  await db.end();
  await stopServer(server);
  await database.drop();
}
drill.finish();
