import {
  importListSchema,
  importSchema,
  type Import,
  type ImportKind,
  type ImportList,
} from '@coordnet/shared/api/imports';
import { apiGet, apiRequest, buildUrl, toApiError, ApiError } from '../../lib/api';
import { currentToken } from '../../lib/session-store';

/** Bulk import (批量导入): upload, poll, commit, and the Excel files that come with it. */
export const importKeys = {
  all: () => ['imports'] as const,
  one: (id: string) => ['imports', id] as const,
};

export function fetchImports(signal?: AbortSignal): Promise<ImportList> {
  return apiGet('/imports', importListSchema, undefined, signal);
}

export function fetchImport(id: string, signal?: AbortSignal): Promise<Import> {
  return apiGet(`/imports/${encodeURIComponent(id)}`, importSchema, undefined, signal);
}

export function uploadImport(kind: ImportKind, file: File): Promise<Import> {
  const form = new FormData();
  form.append('file', file, file.name);
  return apiRequest('/imports', importSchema, { method: 'POST', query: { kind }, body: form });
}

export function commitImport(id: string): Promise<Import> {
  return apiRequest(`/imports/${encodeURIComponent(id)}/commit`, importSchema, { method: 'POST' });
}

export const templatePath = (kind: ImportKind) => `/imports/templates/${kind}.xlsx`;
export const errorReportPath = (id: string) => `/imports/${encodeURIComponent(id)}/errors.xlsx`;

/**
 * Saves an Excel file the API serves behind the bearer token (a plain link cannot carry it): the
 * bytes become a blob URL that a temporary link downloads, as desktop browsers expect.
 */
export async function downloadFile(path: string, fileName: string): Promise<void> {
  const token = currentToken();
  let response: Response;
  try {
    response = await fetch(buildUrl(path), { headers: token ? { authorization: `Bearer ${token}` } : {} });
  } catch {
    throw new ApiError(0, 'network_error', '网络连接失败，请检查网络后重试');
  }
  if (!response.ok) throw await toApiError(response);
  const url = URL.createObjectURL(await response.blob());
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
