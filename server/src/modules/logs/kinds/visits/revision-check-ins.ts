import type { LogEvent } from '@coordnet/shared/api/logs';
import { distanceMeters } from '@coordnet/shared/domain/geo';
import { toGcj02, type CoordinateSystem } from './coordinates';

/** What a created/revised event's snapshot holds of its check-in (coordinates gone after retention). */
export interface SnapshotCheckIn {
  latitude?: number;
  longitude?: number;
  coordinateSystem?: CoordinateSystem;
}

export interface HistoryEventCheckIn {
  action: string;
  revision: number;
  at: Date;
  checkIn: SnapshotCheckIn | null;
}

type RevisionCheckIn = NonNullable<LogEvent['checkIn']>;

/**
 * The check-in each revision of a visit stood on: its own when it was taken with the revision (the
 * first one, or a 重新打卡), else the one carried over from the revision before. Revision 1's was
 * taken at the visit (`occurredAt`); a 重新打卡's when the correction reached the server. The
 * distance is measured again from the snapshot against the registered location; once retention has
 * removed the coordinates only the current check-in's stored distance is known.
 */
export function revisionCheckIns(
  history: readonly HistoryEventCheckIn[],
  visit: {
    occurredAt: Date;
    distanceMeters: number | null;
    enterprise: { latitude: number | null; longitude: number | null };
  },
): (RevisionCheckIn | null)[] {
  const { latitude, longitude } = visit.enterprise;
  const measured = (c: SnapshotCheckIn): number | null => {
    if (c.latitude === undefined || c.longitude === undefined || latitude === null || longitude === null)
      return null;
    const point = toGcj02({ latitude: c.latitude, longitude: c.longitude }, c.coordinateSystem ?? 'gcj02');
    return Math.round(distanceMeters(point, { latitude, longitude }));
  };
  // The latest check-in's distance is stored with the log and outlives the coordinates.
  const latest = history.findLastIndex((e) => isRevision(e) && e.checkIn !== null);
  let current: RevisionCheckIn | null = null;
  return history.map((event, i) => {
    if (!isRevision(event)) return null;
    if (event.checkIn) {
      current = {
        at: (event.action === 'created' ? visit.occurredAt : event.at).toISOString(),
        distanceMeters: measured(event.checkIn) ?? (i === latest ? visit.distanceMeters : null),
        redone: event.action === 'revised',
      };
      return current;
    }
    return current && { ...current, redone: false };
  });
}

const isRevision = (event: HistoryEventCheckIn) => event.action === 'created' || event.action === 'revised';
