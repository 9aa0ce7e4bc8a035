import {
  PROVINCE_DEFAULT_SETTINGS,
  settingsResponseSchema,
  type PolicySettings,
  type SettingsOverrides,
  type SettingsResponse,
} from '@coordnet/shared/api/settings';
import { useQuery } from '@tanstack/react-query';
import { apiGet, apiRequest } from './api';

export const settingsKeys = {
  one: (code: string) => ['duty', 'settings', code] as const,
};

export function fetchSettings(code: string, signal?: AbortSignal): Promise<SettingsResponse> {
  return apiGet(`/settings/${encodeURIComponent(code)}`, settingsResponseSchema, undefined, signal);
}

export function putSettings(code: string, overrides: SettingsOverrides): Promise<SettingsResponse> {
  return apiRequest(`/settings/${encodeURIComponent(code)}`, settingsResponseSchema, {
    method: 'PUT',
    body: overrides,
  });
}

/** The rules in force at a jurisdiction; the province defaults until they load (or offline). */
export function useEffectiveSettings(code: string | undefined): PolicySettings {
  const query = useQuery({
    queryKey: settingsKeys.one(code ?? ''),
    queryFn: ({ signal }) => fetchSettings(code ?? '', signal),
    enabled: Boolean(code),
    retry: false,
    staleTime: 10 * 60_000,
  });
  return query.data?.effective ?? PROVINCE_DEFAULT_SETTINGS;
}

/**
 * The back-fill window (补录期限, days) of a jurisdiction if the phone has its settings (loaded or
 * cached); undefined otherwise, so the phone never refuses on a guess and leaves it to the server.
 */
export function useBackfillDays(code: string | undefined): number | undefined {
  const query = useQuery({
    queryKey: settingsKeys.one(code ?? ''),
    queryFn: ({ signal }) => fetchSettings(code ?? '', signal),
    enabled: Boolean(code),
    retry: false,
    staleTime: 10 * 60_000,
  });
  return query.data?.effective.backfillDays;
}
