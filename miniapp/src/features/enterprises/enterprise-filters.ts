import { SIZE_LABELS, type EnterpriseSize } from '@coordnet/shared/domain/enterprise-size';

export const SIZES = Object.keys(SIZE_LABELS) as EnterpriseSize[];

export function parseSize(value: string | null): EnterpriseSize | undefined {
  return SIZES.find((size) => size === value);
}
