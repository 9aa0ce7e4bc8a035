import type { QueryClient } from '@tanstack/react-query';
import type { Me } from '@coordnet/shared/api/auth';
import type { DutyRule } from '@coordnet/shared/api/duties';
import { dutyKeys, fetchDutyPage, fetchDutySummary } from './duty-api';
import { fetchLogPage } from './log-api';
import { logKeys, type LogFilter } from './log-keys';
import { isOnline, onConnectionRegained } from './online';
import { persistQueries } from './query-persist';
import type { ScopeSnapshot } from './enterprise-queries';
import { fetchScopeSnapshot } from './offline-scope';
import { fetchScopeTree, registryKeys } from './registry-api';
import { dutyRoles, loggingRoles } from './roles';
import { fetchSettings, settingsKeys } from './settings-api';
import { cursorPaging } from './use-cursor-pages';

/** What is younger than this is not read again when the app starts or the signal comes back. */
const REFRESH_MS = 10 * 60_000;
/** Settings are per jurisdiction; a scope with more distinct ones keeps only the first (server decides the rest). */
const MAX_SETTINGS = 40;
/** 我的记录 as it opens: all kinds, the person's own. */
export const OWN_LOGS: LogFilter = { mine: true };
export const DUTY_RULES_SHOWN: DutyRule[] = ['C1', 'C2'];

/** Distinct jurisdictions of the scope's enterprises: the settings their forms validate with. */
export function settingsCodes(scope: ScopeSnapshot | undefined): string[] {
  return [...new Set(scope?.enterprises.map((e) => e.jurisdictionCode) ?? [])].slice(0, MAX_SETTINGS);
}

/**
 * Reads, while online, what the person needs in the field: for a coordinator the whole scope with
 * its enterprise coordinators (every 企业详情 renders from it), this period's duty status, own recent
 * logs and the settings validation needs. One read at a time, after the screen's own: on one bar of
 * signal a burst of background reads would hold up what the person is looking at, and on a
 * mid-range phone each response parsed and rendered in the same turn is one long task.
 * Failures are left to the screens (they ask again).
 */
export async function prefetchOfflineData(client: QueryClient, user: Me): Promise<void> {
  const reads: (() => Promise<unknown>)[] = [];
  if (user.jurisdictions.length > 0)
    reads.push(() =>
      client.prefetchQuery({
        queryKey: registryKeys.scopeTree(),
        queryFn: ({ signal }) => fetchScopeTree(signal),
        staleTime: REFRESH_MS,
      }),
    );
  if (dutyRoles(user).length > 0)
    for (const rule of DUTY_RULES_SHOWN) {
      reads.push(
        () =>
          client.prefetchQuery({
            queryKey: dutyKeys.summary({ rule }),
            queryFn: ({ signal }) => fetchDutySummary({ rule }, signal),
            staleTime: REFRESH_MS,
          }),
        () =>
          client.prefetchQuery({
            queryKey: dutyKeys.list({ rule }),
            queryFn: ({ signal }) => fetchDutyPage({ rule }, { limit: 100 }, signal),
            staleTime: REFRESH_MS,
          }),
      );
    }
  if (loggingRoles(user).length > 0)
    reads.push(
      () =>
        client.prefetchInfiniteQuery({
          queryKey: logKeys.list(OWN_LOGS),
          queryFn: ({ pageParam, signal }) => fetchLogPage(OWN_LOGS, pageParam, signal),
          ...cursorPaging<string>(),
          staleTime: REFRESH_MS,
        }),
      async () => {
        const scope = await client
          .fetchQuery({
            queryKey: registryKeys.offlineScope(),
            queryFn: ({ signal }) => fetchScopeSnapshot(signal),
            staleTime: REFRESH_MS,
          })
          .catch(() => undefined);
        for (const code of settingsCodes(scope))
          await client.prefetchQuery({
            queryKey: settingsKeys.one(code),
            queryFn: ({ signal }) => fetchSettings(code, signal),
            staleTime: REFRESH_MS,
          });
      },
    );
  for (const read of reads) await read();
}

/**
 * The signed-in person's offline copy: restored from IndexedDB, saved as it changes, refreshed when
 * the app starts online and whenever the signal comes back.
 */
export function startOfflineCache(client: QueryClient, user: Me): { restored: Promise<void>; stop(): void } {
  const persistence = persistQueries(client, user.id);
  let stopped = false;
  const refresh = () => {
    if (!stopped && isOnline()) void prefetchOfflineData(client, user);
  };
  let stopRegained = () => {};
  const restored = persistence.restored.then(() => {
    if (stopped) return;
    refresh();
    stopRegained = onConnectionRegained(refresh);
  });
  return {
    restored,
    stop() {
      stopped = true;
      persistence.stop();
      stopRegained();
    },
  };
}
