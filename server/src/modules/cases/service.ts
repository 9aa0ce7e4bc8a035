import { z } from 'zod';
import { and, eq, inArray, isNull, sql, type SQL } from 'drizzle-orm';
import type { CaseCreate, CaseDetail, CaseSummary } from '@coordnet/shared/api/cases';
import { CASE_VISIBILITIES } from '@coordnet/shared/api/cases';
import { DUTIES, DUTY_KEYS, type Duty } from '@coordnet/shared/domain/duties';
import { subtreePrefix } from '@coordnet/shared/domain/jurisdiction-code';
import type { Db } from '../../db/client';
import { rowsOf, timestampColumn } from '../../db/rows';
import { cases } from '../../db/schema/cases';
import { jurisdictions } from '../../db/schema/jurisdictions';
import { users } from '../../db/schema/people';
import { uploads } from '../../db/schema/uploads';
import { writeAudit } from '../../lib/audit';
import type { Clock } from '../../lib/clock';
import { cursorPart, decodeCursor, encodeCursor } from '../../lib/cursor';
import { AppError, forbidden, notFound } from '../../lib/errors';
import type { Actor, Principal } from '../auth/principal';
import type { JurisdictionRepository } from '../jurisdictions/repository';
import { caseVisibleTo, homeCodes, moderatable } from './visibility';

export type { Actor } from '../auth/principal';

const caseRowSchema = z.object({
  id: z.string(),
  title: z.string(),
  duty: z.enum(DUTY_KEYS),
  body: z.string(),
  attachment_ids: z.array(z.string()),
  author_name: z.string(),
  jurisdiction_code: z.string(),
  jurisdiction_name: z.string(),
  visibility: z.enum(['jurisdiction', 'province']),
  status: z.enum(['published', 'hidden']),
  hidden_reason: z.string().nullable(),
  moderatable: z.boolean(),
  created_key: z.string(),
  created_at: timestampColumn,
});
type CaseRow = z.infer<typeof caseRowSchema>;

const escapeLike = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);
const EXCERPT = 80;

function summary(row: CaseRow): CaseSummary {
  const text = row.body.replace(/\s+/g, ' ').trim();
  return {
    id: row.id,
    title: row.title,
    duty: row.duty,
    dutyLabel: DUTIES[row.duty],
    excerpt: text.length > EXCERPT ? `${text.slice(0, EXCERPT)}…` : text,
    authorName: row.author_name,
    jurisdictionCode: row.jurisdiction_code,
    jurisdictionName: row.jurisdiction_name,
    visibility: row.visibility,
    visibilityLabel: CASE_VISIBILITIES[row.visibility],
    status: row.status,
    attachments: row.attachment_ids.length,
    createdAt: new Date(row.created_at).toISOString(),
  };
}

/**
 * 协调员之家 (seed §二(三) 工作交流机制, §三(三) 典型经验): anyone with a post shares a case with a
 * jurisdiction they work in (or one above it) or with the province; readers see what is shared
 * with them; supervisors managing the jurisdiction hide cases (and restore them).
 */
export function createCaseService(deps: { db: Db; clock: Clock; jurisdictions: JurisdictionRepository }) {
  const { db, clock } = deps;

  async function select(principal: Principal, where: SQL, limit: number) {
    const rows = await db.execute(sql`
      select c.id, c.title, c.duty, c.body, c.attachment_ids, a.name as author_name,
             c.jurisdiction_code, j.name as jurisdiction_name, c.visibility::text as visibility,
             c.status::text as status, c.hidden_reason, ${moderatable(principal)} as moderatable,
             to_char(c.created_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') as created_key,
             c.created_at
        from ${cases} c
        join ${users} a on a.id = c.author_user_id
        join ${jurisdictions} j on j.code = c.jurisdiction_code
       where ${caseVisibleTo(principal)} and ${where}
       order by c.created_at desc, c.id desc
       limit ${limit}::int`);
    return rowsOf(caseRowSchema, rows);
  }

  const service = {
    async list(
      principal: Principal,
      query: {
        q?: string | undefined;
        duty?: Duty | undefined;
        mine?: boolean | undefined;
        limit: number;
        cursor?: string | undefined;
      },
    ) {
      const filters: SQL[] = [sql`true`];
      if (query.q) {
        const pattern = `%${escapeLike(query.q)}%`;
        filters.push(sql`(c.title || ' ' || c.body) ilike ${pattern}`);
      }
      if (query.duty) filters.push(sql`c.duty = ${query.duty}`);
      if (query.mine) filters.push(sql`c.author_user_id = ${principal.user.id}::uuid`);
      const after = decodeCursor(query.cursor, z.tuple([cursorPart.instant, cursorPart.uuid]));
      if (after) {
        filters.push(sql`(c.created_at, c.id) < (${after[0]}::timestamptz, ${after[1]}::uuid)`);
      }
      const rows = await select(principal, sql.join(filters, sql` and `), query.limit + 1);
      const items = rows.slice(0, query.limit);
      const last = rows.length > query.limit ? items.at(-1) : undefined;
      return {
        items: items.map(summary),
        nextCursor: last ? encodeCursor([last.created_key, last.id]) : null,
      };
    },

    async get(principal: Principal, id: string): Promise<CaseDetail> {
      const [row] = await select(principal, sql`c.id = ${id}::uuid`, 1);
      if (!row) throw notFound();
      return {
        ...summary(row),
        body: row.body,
        attachments: row.attachment_ids.map((a) => ({ id: a, url: `/api/v1/uploads/${a}` })),
        hiddenReason: row.hidden_reason,
        moderatable: row.moderatable,
      };
    },

    async create(actor: Actor, body: CaseCreate): Promise<CaseDetail> {
      const homes = homeCodes(actor.principal);
      const code = body.jurisdictionCode ?? homes[0];
      if (!code) throw forbidden('只有在岗的协调员和人力社保局人员可以分享案例');
      if (!homes.some((h) => h.startsWith(subtreePrefix(code))))
        throw new AppError('case_jurisdiction_invalid');
      if (!(await deps.jurisdictions.findByCode(code))) throw new AppError('jurisdiction_invalid');
      const attachments = [...new Set(body.attachmentIds)];
      const now = clock.now();
      const id = await db.transaction(async (tx) => {
        const [row] = await tx
          .insert(cases)
          .values({
            title: body.title,
            duty: body.duty,
            body: body.body,
            attachmentIds: attachments,
            authorUserId: actor.principal.user.id,
            jurisdictionCode: code,
            sharePrefix: subtreePrefix(code),
            visibility: body.visibility,
            createdAt: now,
            updatedAt: now,
          })
          .returning({ id: cases.id });
        if (attachments.length > 0) {
          const attached = await tx
            .update(uploads)
            .set({ caseId: row!.id })
            .where(
              and(
                inArray(uploads.id, attachments),
                eq(uploads.ownerUserId, actor.principal.user.id),
                isNull(uploads.logId),
                isNull(uploads.caseId),
              ),
            )
            .returning({ id: uploads.id });
          if (attached.length !== attachments.length)
            throw new AppError('case_attachment_invalid', undefined, {
              invalid: attachments.filter((a) => !attached.some((x) => x.id === a)),
            });
        }
        await writeAudit(tx, {
          actorUserId: actor.principal.user.id,
          action: 'case.create',
          entityType: 'case',
          entityId: row!.id,
          after: { title: body.title, duty: body.duty, visibility: body.visibility, jurisdictionCode: code },
          ip: actor.ip,
        });
        return row!.id;
      });
      return service.get(actor.principal, id);
    },

    /** Hide (with a reason) or restore: supervisors managing the case's jurisdiction. */
    async moderate(actor: Actor, id: string, hide: { reason: string } | null): Promise<CaseDetail> {
      const current = await service.get(actor.principal, id);
      if (!current.moderatable) throw forbidden('只有该地区人力社保局管理人员可以屏蔽或恢复案例');
      if ((current.status === 'hidden') === (hide !== null))
        throw new AppError('case_state_invalid', hide ? '该案例已屏蔽' : '该案例未被屏蔽');
      await db.transaction(async (tx) => {
        await tx
          .update(cases)
          .set(
            hide
              ? {
                  status: 'hidden',
                  hiddenByUserId: actor.principal.user.id,
                  hiddenAt: clock.now(),
                  hiddenReason: hide.reason,
                  updatedAt: clock.now(),
                }
              : {
                  status: 'published',
                  hiddenByUserId: null,
                  hiddenAt: null,
                  hiddenReason: null,
                  updatedAt: clock.now(),
                },
          )
          .where(eq(cases.id, id));
        await writeAudit(tx, {
          actorUserId: actor.principal.user.id,
          action: hide ? 'case.hide' : 'case.restore',
          entityType: 'case',
          entityId: id,
          details: hide ?? undefined,
          ip: actor.ip,
        });
      });
      return service.get(actor.principal, id);
    },
  };
  return service;
}

export type CaseService = ReturnType<typeof createCaseService>;
