import { and, desc, eq } from 'drizzle-orm';
import type { LogFlag, VisitCreate, VisitRevise } from '@coordnet/shared/api/logs';
import type { PolicySettings } from '@coordnet/shared/api/settings';
import { distanceMeters } from '@coordnet/shared/domain/geo';
import type { Db } from '../../../../db/client';
import { dutyLogEvents, dutyLogs } from '../../../../db/schema/duty-logs';
import { enterprises } from '../../../../db/schema/enterprises';
import { writeAudit } from '../../../../lib/audit';
import type { Clock } from '../../../../lib/clock';
import { AppError, forbidden, notFound } from '../../../../lib/errors';
import { refreshDutyMarks, targetsForLog } from '../../../duties/marks';
import type { EnterpriseRow } from '../../../enterprises/repository';
import { requireResponsible } from '../../authorization';
import type { LogRepository, LogRow } from '../../repository';
import { requestHash, type Actor, type LogWriter } from '../../writer';
import type { SettingsService } from '../../../settings/service';
import { attachUploads } from '../../../uploads/repository';
import { toGcj02 } from './coordinates';

function requirePhotos(photos: readonly string[], settings: PolicySettings) {
  if (photos.length < settings.minVisitPhotos) {
    throw new AppError('photos_required', `请至少上传 ${settings.minVisitPhotos} 张现场照片`, {
      minVisitPhotos: settings.minVisitPhotos,
    });
  }
}

/** Distance from the registered location and the flags a supervisor must see plainly. */
export function checkInAssessment(
  checkIn: VisitCreate['checkIn'],
  enterprise: Pick<EnterpriseRow, 'latitude' | 'longitude'>,
  settings: Pick<PolicySettings, 'farCheckInMeters'>,
): { distanceMeters: number | null; flags: LogFlag[] } {
  const flags: LogFlag[] = [];
  if (checkIn.isFromMock) flags.push('mock_location');
  let distance: number | null = null;
  if (enterprise.latitude !== null && enterprise.longitude !== null) {
    const point = toGcj02(checkIn, checkIn.coordinateSystem);
    distance = Math.round(
      distanceMeters(point, { latitude: enterprise.latitude, longitude: enterprise.longitude }),
    );
    if (distance > settings.farCheckInMeters) flags.push('far_from_enterprise');
  }
  return { distanceMeters: distance, flags };
}

/** The check-in columns of a visit, with the distance and flags it earns. */
function checkInValues(
  checkIn: VisitCreate['checkIn'],
  enterprise: Pick<EnterpriseRow, 'latitude' | 'longitude'>,
  settings: Pick<PolicySettings, 'farCheckInMeters'>,
) {
  const { distanceMeters: distance, flags } = checkInAssessment(checkIn, enterprise, settings);
  return {
    values: {
      checkinLatitude: checkIn.latitude,
      checkinLongitude: checkIn.longitude,
      checkinAccuracy: checkIn.accuracy,
      checkinAddress: checkIn.address ?? null,
      checkinIsMock: checkIn.isFromMock,
      checkinCoordinateSystem: checkIn.coordinateSystem,
      distanceMeters: distance,
    },
    flags,
  };
}

/** The flags that come from the check-in, replaced when it is redone; the others stay. */
const CHECK_IN_FLAGS: readonly LogFlag[] = ['mock_location', 'far_from_enterprise', 'checkin_redone'];

/**
 * C2 (seed §二(三)): a township/park coordinator's quarterly on-site guidance and service. A visit
 * is `submitted` until a supervisor approves or rejects it; its author may correct it (a new
 * revision, history kept) or withdraw it until it is approved, after which it is locked.
 */
export function createVisitService(deps: {
  db: Db;
  clock: Clock;
  writer: LogWriter;
  logs: LogRepository;
  settings: SettingsService;
}) {
  const { db, clock } = deps;

  /** The visit, for its author; 404 when unreadable or not a visit, 403 for someone else's. */
  async function ownVisit(actor: Actor, id: string): Promise<LogRow> {
    const row = await deps.logs.findReadable(actor.principal, id);
    if (!row || row.kind !== 'visit') throw notFound();
    if (row.authorUserId !== actor.principal.user.id) throw forbidden('只有记录人本人可以修改或撤回走访记录');
    return row;
  }

  return {
    async create(actor: Actor, body: VisitCreate) {
      const occurredAt = new Date(body.occurredAt);
      return deps.writer.create(actor, {
        kind: 'visit',
        clientId: body.clientId,
        enterpriseId: body.enterpriseId,
        occurredAt,
        body: { ...body, occurredAt },
        authorize: (enterprise) =>
          requireResponsible(actor.principal, enterprise.jurisdictionCode, '记录实地走访'),
        prepare: (_enterprise, settings) => requirePhotos(body.photos, settings),
        values: (enterprise, settings) => {
          const checkIn = checkInValues(body.checkIn, enterprise, settings);
          return {
            status: 'submitted',
            duties: body.duties,
            notes: body.findings,
            riskLevel: body.riskLevel,
            photoIds: body.photos,
            ...checkIn.values,
            flags: checkIn.flags,
          };
        },
        inTransaction: (tx, log) => attachUploads(tx, log.id, actor.principal.user.id, body.photos),
      });
    },

    /** The author corrects a submitted or rejected visit; it is submitted again as a new revision. */
    async revise(actor: Actor, id: string, body: VisitRevise): Promise<{ log: LogRow; created: boolean }> {
      const current = await ownVisit(actor, id);
      const hash = requestHash({ revise: id, body });
      const now = clock.now();
      const outcome = await db.transaction(async (tx) => {
        const [log] = await tx.select().from(dutyLogs).where(eq(dutyLogs.id, id)).for('update');
        if (!log) throw notFound();
        if (log.revision === body.revision + 1) {
          // A retry of the correction that already went through.
          const [last] = await tx
            .select({ requestHash: dutyLogEvents.requestHash })
            .from(dutyLogEvents)
            .where(and(eq(dutyLogEvents.logId, id), eq(dutyLogEvents.action, 'revised')))
            .orderBy(desc(dutyLogEvents.id))
            .limit(1);
          if (last?.requestHash === hash) return 'replayed' as const;
        }
        if (log.status === 'approved') throw new AppError('log_locked');
        if (log.status !== 'submitted' && log.status !== 'rejected') throw new AppError('log_state_invalid');
        if (log.revision !== body.revision)
          throw new AppError('conflict', '该走访记录已被修改，请刷新后重试', { revision: log.revision });
        const settings = await deps.settings.effectiveFor(log.jurisdictionCode, tx);
        requirePhotos(body.photos, settings);
        // 重新打卡 (seed §二(三) C2: the visit is on site): the new check-in is assessed as on create;
        // the earlier one stays in the previous revision's snapshot.
        let redone: Partial<typeof dutyLogs.$inferInsert> = {};
        if (body.checkIn) {
          const [enterprise] = await tx
            .select({ latitude: enterprises.latitude, longitude: enterprises.longitude })
            .from(enterprises)
            .where(eq(enterprises.id, log.enterpriseId));
          if (!enterprise) throw notFound();
          const checkIn = checkInValues(body.checkIn, enterprise, settings);
          const kept = (log.flags as LogFlag[]).filter((flag) => !CHECK_IN_FLAGS.includes(flag));
          redone = { ...checkIn.values, flags: [...kept, ...checkIn.flags, 'checkin_redone'] };
        }
        await attachUploads(tx, id, actor.principal.user.id, body.photos);
        const [after] = await tx
          .update(dutyLogs)
          .set({
            revision: log.revision + 1,
            status: 'submitted',
            duties: body.duties,
            notes: body.findings,
            riskLevel: body.riskLevel,
            photoIds: body.photos,
            ...redone,
            decidedByUserId: null,
            decidedAt: null,
            decisionNote: null,
            updatedAt: now,
          })
          .where(eq(dutyLogs.id, id))
          .returning();
        await tx.insert(dutyLogEvents).values({
          logId: id,
          revision: log.revision + 1,
          action: 'revised',
          actorUserId: actor.principal.user.id,
          snapshot: body,
          requestHash: hash,
          at: now,
        });
        await refreshDutyMarks(tx, targetsForLog('visit', log.enterpriseId, log.occurredAt), now);
        await writeAudit(tx, {
          actorUserId: actor.principal.user.id,
          action: 'visit.revise',
          entityType: 'duty_log',
          entityId: id,
          before: log,
          after,
          ip: actor.ip,
        });
        return 'revised' as const;
      });
      const log = (await deps.logs.findReadable(actor.principal, current.id))!;
      return { log, created: outcome === 'revised' };
    },

    /** The author withdraws a visit not yet approved; it then counts for nothing. */
    async withdraw(actor: Actor, id: string): Promise<LogRow> {
      await ownVisit(actor, id);
      const now = clock.now();
      await db.transaction(async (tx) => {
        const [log] = await tx.select().from(dutyLogs).where(eq(dutyLogs.id, id)).for('update');
        if (!log) throw notFound();
        if (log.status === 'withdrawn') return;
        if (log.status === 'approved') throw new AppError('log_locked');
        if (log.status !== 'submitted' && log.status !== 'rejected') throw new AppError('log_state_invalid');
        const [after] = await tx
          .update(dutyLogs)
          .set({ status: 'withdrawn', updatedAt: now })
          .where(eq(dutyLogs.id, id))
          .returning();
        await tx.insert(dutyLogEvents).values({
          logId: id,
          revision: log.revision,
          action: 'withdrawn',
          actorUserId: actor.principal.user.id,
          at: now,
        });
        await refreshDutyMarks(tx, targetsForLog('visit', log.enterpriseId, log.occurredAt), now);
        await writeAudit(tx, {
          actorUserId: actor.principal.user.id,
          action: 'visit.withdraw',
          entityType: 'duty_log',
          entityId: id,
          before: log,
          after,
          ip: actor.ip,
        });
      });
      return (await deps.logs.findReadable(actor.principal, id))!;
    },
  };
}

export type VisitService = ReturnType<typeof createVisitService>;
