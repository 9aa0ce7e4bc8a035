import { logSchema, type GuidanceCreate, type Log } from '@coordnet/shared/api/logs';
import { apiRequest } from '../../lib/api';

/** C3: records the county's yearly guidance of an enterprise's coordinators (online; idempotent by clientId). */
export function createGuidance(body: GuidanceCreate): Promise<Log> {
  return apiRequest('/guidance', logSchema, { method: 'POST', body });
}
