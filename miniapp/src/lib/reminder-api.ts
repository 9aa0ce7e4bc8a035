import {
  reminderPageSchema,
  workdayOverridesSchema,
  type ReminderListQuery,
  type ReminderPage,
  type WorkdayOverride,
  type WorkdayOverrides,
} from '@coordnet/shared/api/reminders';
import {
  workGroupListSchema,
  workGroupSchema,
  workGroupTestResultSchema,
  type WorkGroup,
  type WorkGroupCreate,
  type WorkGroupPatch,
  type WorkGroupTestResult,
} from '@coordnet/shared/api/work-groups';
import { apiGet, apiRequest } from './api';

/** Work groups and their robots' delivery history (提醒记录, 工作群, 工作日调整). */
export const reminderKeys = {
  history: (filter: ReminderFilter) => ['reminders', 'history', filter] as const,
  groups: (includeInactive: boolean) => ['reminders', 'groups', includeInactive] as const,
  allGroups: () => ['reminders', 'groups'] as const,
  overrides: () => ['reminders', 'workday-overrides'] as const,
};

export type ReminderFilter = Pick<ReminderListQuery, 'groupId' | 'status' | 'channel'>;

export function fetchReminderPage(
  filter: ReminderFilter,
  cursor: string | undefined,
  signal?: AbortSignal,
): Promise<ReminderPage> {
  return apiGet('/reminders', reminderPageSchema, { ...filter, limit: 20, cursor }, signal);
}

export async function fetchWorkGroups(includeInactive: boolean, signal?: AbortSignal): Promise<WorkGroup[]> {
  const list = await apiGet(
    '/work-groups',
    workGroupListSchema,
    { includeInactive: includeInactive || undefined },
    signal,
  );
  return list.items;
}

export function createWorkGroup(body: WorkGroupCreate): Promise<WorkGroup> {
  return apiRequest('/work-groups', workGroupSchema, { method: 'POST', body });
}

export function updateWorkGroup(id: string, body: WorkGroupPatch): Promise<WorkGroup> {
  return apiRequest(`/work-groups/${encodeURIComponent(id)}`, workGroupSchema, { method: 'PATCH', body });
}

export function deactivateWorkGroup(id: string): Promise<WorkGroup> {
  return apiRequest(`/work-groups/${encodeURIComponent(id)}/deactivate`, workGroupSchema, { method: 'POST' });
}

export function testWorkGroup(id: string): Promise<WorkGroupTestResult> {
  return apiRequest(`/work-groups/${encodeURIComponent(id)}/test`, workGroupTestResultSchema, {
    method: 'POST',
  });
}

export function fetchWorkdayOverrides(signal?: AbortSignal): Promise<WorkdayOverrides> {
  return apiGet('/reminders/workday-overrides', workdayOverridesSchema, undefined, signal);
}

export function putWorkdayOverrides(
  province: string,
  overrides: WorkdayOverride[],
  confirmedYears?: number[],
): Promise<WorkdayOverrides> {
  return apiRequest('/reminders/workday-overrides', workdayOverridesSchema, {
    method: 'PUT',
    body: { province, overrides, ...(confirmedYears ? { confirmedYears } : {}) },
  });
}
