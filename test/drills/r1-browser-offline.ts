// R1: a phone captures 1,000 logs across network drops and page reloads; the outbox syncs them,
// then the same 1,000 are synced a second time → exactly 1,000 rows, 0 duplicates.
// Captures: a few through the UI (记录联络 form, offline), the bulk written into the app's own
// IndexedDB outbox in page.evaluate, in the exact item shape Outbox.add stores (the form takes
// seconds per log under this machine's load; the sync path is the same for both).
import pg from 'pg';
import type { Page } from 'playwright-core';
import { launchBrowser, phoneContext, signInAs, waitForOfflineShell } from '../e2e/browser';
import { testClock } from '../clock';
import {
  createDrillDatabase,
  DEMO_PEOPLE,
  Drill,
  ensureBuilt,
  hasFlag,
  numberArg,
  serverEnv,
  sleep,
  startServer,
  stopServer,
} from './lib';

const drill = new Drill('R1', 'browser offline: capture, drop, reload, sync twice');
const total = numberArg('logs', hasFlag('quick') ? 200 : 1_000);
const uiCaptures = 6;
const rounds = 10;

ensureBuilt({ miniapp: true });
const database = await createDrillDatabase('r1');
const server = await startServer(serverEnv(database.url, { DINGTALK_FAKE: '1' }));
const db = new pg.Client({ connectionString: database.url });
await db.connect();
const browser = await launchBrowser();
try {
  const context = await phoneContext(browser, server.url);
  const page = await context.newPage();
  await signInAs(page, DEMO_PEOPLE.township);
  await waitForOfflineShell(page);
  const session = await page.evaluate(
    () =>
      JSON.parse(localStorage.getItem('coordnet.session') ?? '{}') as { token: string; user: { id: string } },
  );
  const list = (await (
    await fetch(`${server.url}/api/v1/enterprises?jurisdiction=330106109000&limit=50`, {
      headers: { authorization: `Bearer ${session.token}` },
    })
  ).json()) as { items: { id: string; name: string }[] };
  const enterprises = list.items;

  // UI captures, offline.
  await page.goto(`/enterprises/${enterprises[0]!.id}`);
  await page.getByRole('button', { name: '记录联络' }).waitFor();
  const enterpriseUrl = page.url();
  await context.setOffline(true);
  for (let i = 1; i <= uiCaptures; i++) {
    await page.getByRole('button', { name: '记录联络' }).click();
    await page.getByText('联络方式').waitFor();
    await page.locator('.duty-chips .adm-selector-item').first().click();
    await page.getByLabel('情况记录').fill(`R1 演练：界面记录的第 ${i} 次联络`);
    await page.getByRole('button', { name: '保存' }).click();
    await page.waitForURL(enterpriseUrl);
    await page.getByText('已保存，待同步').first().waitFor();
  }

  // Bulk captures in rounds: offline, capture, reload, back online for a moment, drop mid-sync.
  const bulk = total - uiCaptures;
  const items: object[] = [];
  for (let i = 0; i < bulk; i++) {
    const e = enterprises[i % enterprises.length]!;
    const clientId = crypto.randomUUID();
    items.push({
      kind: 'contact',
      clientId,
      userId: session.user.id,
      enterpriseId: e.id,
      enterpriseName: e.name,
      status: 'pending',
      attempts: 0,
      nextAttemptAt: 0,
      error: null,
      createdAt: testClock.now().getTime(),
      updatedAt: testClock.now().getTime(),
      photos: [],
      body: {
        clientId,
        enterpriseId: e.id,
        occurredAt: new Date(testClock.now().getTime() - 3_600_000 + i).toISOString(),
        channel: 'phone',
        duties: ['law_publicity'],
        notes: `R1 演练：离线记录的第 ${i + 1} 次联络`,
        riskFlags: [],
      },
    });
  }
  const perRound = Math.ceil(bulk / rounds);
  let drops = 0;
  for (let r = 0; r < rounds; r++) {
    await context.setOffline(true);
    await addToOutbox(page, items.slice(r * perRound, (r + 1) * perRound));
    await page.reload();
    await page.locator('.app-tab-bar').waitFor();
    // Signal comes back for a moment: the sync starts, and the network drops in the middle of it.
    await context.setOffline(false);
    await sleep(300 + Math.floor(Math.random() * 1_500));
    await context.setOffline(true);
    drops++;
  }
  drill.try(
    `signed in as 刘芳 in Chromium (360×… phone context), captured ${uiCaptures} contacts through the 记录联络 form offline and ${bulk} into the app's IndexedDB outbox (Outbox.add's item shape) in ${rounds} rounds; each round: offline, capture, reload the page, online for 0.3–1.8 s (sync starts), network dropped mid-sync`,
  );
  await context.setOffline(false);
  const firstSync = await waitForEmptyOutbox(page, 8 * 60_000);
  const firstRows = await rowsFor(session.user.id);

  // Synced twice: the same 1,000 items (same clientIds) go through the outbox again.
  const everything = await clientIdsOnServer(session.user.id);
  await context.setOffline(true);
  await addToOutbox(page, items);
  await page.reload();
  await page.locator('.app-tab-bar').waitFor();
  await context.setOffline(false);
  const secondSync = await waitForEmptyOutbox(page, 8 * 60_000);
  const secondRows = await rowsFor(session.user.id);
  drill.try(
    `after the outbox emptied, put the same ${items.length} bulk items back (same clientIds), reloaded, synced again`,
  );

  drill.note('networkDropsMidSync', drops);
  drill.note('firstSync', { ...firstSync, rows: firstRows });
  drill.note('secondSync', { ...secondSync, rows: secondRows });
  const bulkIds = items.map((i) => (i as { clientId: string }).clientId);
  const missing = bulkIds.filter((id) => !everything.has(id));
  drill.check(
    `exactly ${total} rows after the first sync`,
    firstRows.rows === total && firstRows.distinct === total,
    firstRows,
  );
  drill.check('every captured log is on the server (none lost)', missing.length === 0, missing.length);
  drill.check(
    `still exactly ${total} rows, 0 duplicates after syncing twice`,
    secondRows.rows === total && secondRows.distinct === total,
    secondRows,
  );
  drill.check('nothing left failed in the outbox', firstSync.failed === 0 && secondSync.failed === 0);
} finally {
  await browser.close();
  await db.end();
  await stopServer(server);
  await database.drop();
}
drill.finish();

async function addToOutbox(page: Page, batch: object[]) {
  await page.evaluate(async (records) => {
    const open = indexedDB.open('coordnet-outbox');
    const idb = await new Promise<IDBDatabase>((resolve, reject) => {
      open.onsuccess = () => resolve(open.result);
      open.onerror = () => reject(open.error);
    });
    const tx = idb.transaction('items', 'readwrite');
    for (const record of records) tx.objectStore('items').add(record);
    await new Promise<void>((resolve, reject) => {
      tx.oncomplete = () => resolve();
      tx.onerror = () => reject(tx.error);
    });
    idb.close();
  }, batch);
}

/** Waits until the outbox holds nothing pending; returns how long it took and what failed. */
async function waitForEmptyOutbox(page: Page, timeoutMs: number) {
  const started = performance.now();
  for (;;) {
    const counts = await page.evaluate(async () => {
      const open = indexedDB.open('coordnet-outbox');
      const idb = await new Promise<IDBDatabase>((resolve, reject) => {
        open.onsuccess = () => resolve(open.result);
        open.onerror = () => reject(open.error);
      });
      const all = await new Promise<{ status: string }[]>((resolve, reject) => {
        const req = idb.transaction('items').objectStore('items').getAll();
        req.onsuccess = () => resolve(req.result as { status: string }[]);
        req.onerror = () => reject(req.error);
      });
      idb.close();
      return {
        waiting: all.filter((i) => i.status !== 'failed').length,
        failed: all.filter((i) => i.status === 'failed').length,
      };
    });
    if (counts.waiting === 0)
      return { seconds: Math.round((performance.now() - started) / 1000), failed: counts.failed };
    if (performance.now() - started > timeoutMs)
      return { seconds: -1, failed: counts.failed, waiting: counts.waiting };
    await sleep(1_000);
  }
}

async function rowsFor(userId: string) {
  const r = await db.query<{ rows: string; distinct: string }>(
    `select count(*) as rows, count(distinct client_id) as distinct from duty_logs where author_user_id = $1 and kind = 'contact'`,
    [userId],
  );
  return { rows: Number(r.rows[0]!.rows), distinct: Number(r.rows[0]!.distinct) };
}

async function clientIdsOnServer(userId: string) {
  const r = await db.query<{ client_id: string }>(
    `select client_id from duty_logs where author_user_id = $1`,
    [userId],
  );
  return new Set(r.rows.map((x) => x.client_id));
}
