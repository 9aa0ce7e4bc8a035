import { z } from 'zod';
import { enterpriseSizeSchema } from '@coordnet/shared/api/keys';

/**
 * An enterprise as a list row of a raw statement selects it (the duty list, the staffing
 * drill-down): each list extends it with its own columns.
 */
export const enterpriseListRowSchema = z.object({
  id: z.string(),
  name: z.string(),
  uscc: z.string(),
  jurisdiction_code: z.string(),
  jurisdiction_name: z.string(),
  size: enterpriseSizeSchema.nullable(),
});
