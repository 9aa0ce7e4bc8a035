import { z } from 'zod';
import { DUTY_KEYS } from '../domain/duties';
import { SIZE_LABELS, type EnterpriseSize } from '../domain/enterprise-size';
import { GLOSSARY } from '../domain/glossary';

// Small enumerations several modules build on: apart, so that importing one of them (duties.ts needs
// a log's kind) does not build all of logs.ts's or registry.ts's schemas in the phone's first load.
/** An object's keys as a zod enum's values. */
export const keysOf = <K extends string>(o: Record<K, unknown>) => Object.keys(o) as [K, ...K[]];

export const LOG_KINDS = {
  contact: GLOSSARY.contact,
  visit: GLOSSARY.visit,
  guidance: GLOSSARY.guidance,
  risk_report: GLOSSARY.riskReport,
} as const;
export type LogKind = keyof typeof LOG_KINDS;
export const logKindSchema = z.enum(keysOf(LOG_KINDS));
export const dutyKeySchema = z.enum(DUTY_KEYS, { message: '工作内容不正确' });
export const enterpriseSizeSchema = z.enum(keysOf<EnterpriseSize>(SIZE_LABELS));

/** Period keys: 2026-11 (month), 2026-Q4 (quarter), 2026 (year). */
export const periodKeySchema = z
  .string()
  .regex(/^[1-9]\d{3}(?:-(?:0[1-9]|1[0-2])|-Q[1-4])?$/, '统计周期格式应为 2026-11、2026-Q4 或 2026');
