import {
  approvalPageSchema,
  bulkApproveResponseSchema,
  logDetailSchema,
  logPageSchema,
  logSchema,
  uploadSchema,
  type ApprovalPage,
  type Log,
  type LogDetail,
  type Upload,
} from '@coordnet/shared/api/logs';
import { apiGet, apiRequest } from './api';
import type { LogFilter } from './log-keys';

export interface LogPage {
  items: Log[];
  nextCursor: string | null;
}

export function fetchLogPage(
  filter: LogFilter,
  cursor: string | undefined,
  signal?: AbortSignal,
  limit = 20,
): Promise<LogPage> {
  return apiGet('/logs', logPageSchema, { ...filter, limit, cursor }, signal);
}

export function fetchLog(id: string, signal?: AbortSignal): Promise<LogDetail> {
  return apiGet(`/logs/${encodeURIComponent(id)}`, logDetailSchema, undefined, signal);
}

/** One page of the 待审批 queue and the size of the whole queue. */
export function fetchApprovalPage(cursor: string | undefined, signal?: AbortSignal): Promise<ApprovalPage> {
  return apiGet('/approvals', approvalPageSchema, { limit: 50, cursor }, signal);
}

export function approveVisit(id: string, revision: number): Promise<Log> {
  return apiRequest(`/visits/${encodeURIComponent(id)}/approve`, logSchema, {
    method: 'POST',
    body: { revision },
  });
}

export function rejectVisit(id: string, reason: string): Promise<Log> {
  return apiRequest(`/visits/${encodeURIComponent(id)}/reject`, logSchema, {
    method: 'POST',
    body: { reason },
  });
}

export async function bulkApproveVisits(ids: string[]): Promise<string[]> {
  return (
    await apiRequest('/visits/bulk-approve', bulkApproveResponseSchema, { method: 'POST', body: { ids } })
  ).approved;
}

/** One photo as multipart field `file`; a retry with the same `clientId` returns the first upload. */
export function uploadPhoto(photo: Blob, fileName: string, clientId: string): Promise<Upload> {
  const form = new FormData();
  form.append('file', photo, fileName);
  return apiRequest(`/uploads?clientId=${encodeURIComponent(clientId)}`, uploadSchema, {
    method: 'POST',
    body: form,
  });
}

/** A photo DingTalk's picker already uploaded: the server fetches it from DingTalk. */
export function uploadPhotoFromUrl(url: string, clientId: string): Promise<Upload> {
  return apiRequest('/uploads/from-url', uploadSchema, { method: 'POST', body: { clientId, url } });
}
