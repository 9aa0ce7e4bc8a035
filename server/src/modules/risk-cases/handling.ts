import { sql } from 'drizzle-orm';
import { z } from 'zod';
import type { RiskSeverity } from '@coordnet/shared/api/logs';
import type { Db } from '../../db/client';
import { rowsOf } from '../../db/rows';
import { firstHandlingCode } from './rules';

/** The level answering for a risk report now: its progress row's, else the first level. */
export async function handlingCodeOf(
  tx: Pick<Db, 'execute'>,
  log: { id: string; jurisdictionCode: string; severity: string | null },
): Promise<string> {
  const found = await tx.execute(
    sql`select handling_code from risk_report_progress where log_id = ${log.id}`,
  );
  return (
    rowsOf(z.object({ handling_code: z.string() }), found)[0]?.handling_code ??
    firstHandlingCode(log.jurisdictionCode, (log.severity ?? 'general') as RiskSeverity)
  );
}
