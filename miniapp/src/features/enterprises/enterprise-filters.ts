import type { Enterprise } from '@coordnet/shared/api/registry';
import { isWithin } from '@coordnet/shared/domain/jurisdiction-code';
import { SIZE_LABELS, type EnterpriseSize } from '@coordnet/shared/domain/enterprise-size';
import type { EnterpriseFilter } from '../../lib/registry-api';

export const SIZES = Object.keys(SIZE_LABELS) as EnterpriseSize[];

export function parseSize(value: string | null): EnterpriseSize | undefined {
  return SIZES.find((size) => size === value);
}

/**
 * The list offline: the phone's copy of the scope filtered as the server would (name or credit code
 * contains the words, size, jurisdiction with its subordinates, and 我负责的: the enterprises whose
 * current 责任人, as the copy has it, is the signed-in person `userId`).
 */
export function filterEnterprises(
  enterprises: Enterprise[],
  filter: EnterpriseFilter,
  userId: string,
): Enterprise[] {
  const q = filter.q?.trim().toUpperCase();
  return enterprises.filter(
    (e) =>
      (!q || e.name.toUpperCase().includes(q) || e.uscc.includes(q)) &&
      (!filter.size || e.size === filter.size) &&
      (!filter.jurisdiction || isWithin(e.jurisdictionCode, filter.jurisdiction)) &&
      (!filter.mine || e.responsible?.userId === userId),
  );
}
