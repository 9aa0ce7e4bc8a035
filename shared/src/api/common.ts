import { z } from 'zod';
import { isValidDivisionCode, LEVEL_LABELS, type JurisdictionLevel } from '../domain/jurisdiction-code';

export const uuidSchema = z.uuid({ message: '编号格式不正确' });
export const idParamsSchema = z.object({ id: uuidSchema });
/** 12 digits that form a division code (a zero segment ends it: 330106000000, never 330006109000). */
export const divisionCodeSchema = z
  .string()
  .regex(/^\d{12}$/, '行政区划代码应为 12 位数字')
  .refine(isValidDivisionCode, '行政区划代码不正确');
/**
 * Here rather than in registry.ts: the session schema needs it, and importing it from registry.ts
 * made every first screen build all of the registry's schemas before it could paint.
 */
export const jurisdictionLevelSchema = z.enum(
  Object.keys(LEVEL_LABELS) as [JurisdictionLevel, ...JurisdictionLevel[]],
);
export const isoInstantSchema = z.iso.datetime({ offset: true, message: '时间格式不正确' });

export const pageQuerySchema = z.object({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(200).optional(),
});

export function pageOf<T extends z.ZodType>(item: T) {
  return z.object({
    items: z.array(item),
    nextCursor: z.string().nullable(),
  });
}
