import { z } from 'zod';
import { COORDINATOR_KIND_KEYS, SKILL_LEVEL_KEYS, SUPERVISOR_ACCESS_KEYS } from '../domain/roles';
import { jurisdictionLevelSchema, uuidSchema } from './common';

export const dingtalkLoginBodySchema = z.strictObject({
  authCode: z.string().trim().min(1, '缺少免登授权码').max(256),
});

export const devLoginBodySchema = z.strictObject({ userId: uuidSchema });

export const coordinatorRoleSummarySchema = z.object({
  id: uuidSchema,
  kind: z.enum(COORDINATOR_KIND_KEYS),
  kindLabel: z.string(),
  jurisdictionCode: z.string(),
  jurisdictionName: z.string(),
  enterpriseId: uuidSchema.nullable(),
  enterpriseName: z.string().nullable(),
  skillLevel: z.enum(SKILL_LEVEL_KEYS).nullable(),
});

export const supervisorRoleSummarySchema = z.object({
  id: uuidSchema,
  jurisdictionCode: z.string(),
  jurisdictionName: z.string(),
  jurisdictionLevel: jurisdictionLevelSchema,
  access: z.enum(SUPERVISOR_ACCESS_KEYS),
});

export const scopeRootSchema = z.object({
  code: z.string(),
  name: z.string(),
  level: jurisdictionLevelSchema,
});

export const meSchema = z.object({
  id: uuidSchema,
  name: z.string(),
  mobile: z.string().nullable().describe('masked, e.g. 138****1234'),
  coordinatorRoles: z.array(coordinatorRoleSummarySchema),
  supervisorRoles: z.array(supervisorRoleSummarySchema),
  /** The jurisdictions whose whole subtree the user may read. */
  jurisdictions: z.array(scopeRootSchema),
  /** Enterprises the user may read outside those subtrees (their own, for enterprise coordinators). */
  enterpriseIds: z.array(uuidSchema),
});
export type Me = z.infer<typeof meSchema>;

export const sessionSchema = z.object({
  token: z.string(),
  expiresAt: z.string(),
  user: meSchema,
});
export type Session = z.infer<typeof sessionSchema>;

export const devUserSchema = z.object({
  id: uuidSchema,
  name: z.string(),
  roleLabel: z.string(),
  jurisdictionName: z.string(),
});
export const devUsersResponseSchema = z.object({ items: z.array(devUserSchema) });
export type DevUser = z.infer<typeof devUserSchema>;

export const clientConfigSchema = z.object({
  corpId: z.string().nullable(),
  devLogin: z.boolean(),
  appName: z.string(),
});
export type ClientConfig = z.infer<typeof clientConfigSchema>;
