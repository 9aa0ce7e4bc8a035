import { Dexie, type Table } from 'dexie';
import type { ContactCreate, RiskReportCreate, VisitCreate, VisitRevise } from '@coordnet/shared/api/logs';

/**
 * The phone's outbox (IndexedDB via Dexie): every write is stored here first and sent by the sync
 * engine (outbox-sync.ts). Photos are separate rows so lists never load their bytes.
 */

export type OutboxKind = 'contact' | 'visit' | 'visit_revision' | 'risk_report';

/** `syncing` is only a hint for the screen: a pass that died mid-request leaves it, and it is retried. */
export type OutboxStatus = 'pending' | 'syncing' | 'failed';

export interface OutboxError {
  code: string;
  /** The server's Chinese message, shown as is. */
  message: string;
}

export interface OutboxPhotoRef {
  clientId: string;
  /** Set once uploaded; the log is sent with these ids. */
  uploadId: string | null;
  /**
   * The upload's idempotency key on the server: the photo's clientId at first, renewed when an
   * upload the server refused has to be made again (a retry with the old key would return it).
   */
  uploadKey?: string;
}

interface OutboxItemBase {
  /** Auto-increment: the order items are sent in. */
  seq?: number;
  /** Made on the phone with crypto.randomUUID(); the server's idempotency key for new logs. */
  clientId: string;
  /** Whose item: only that person's session sends it. */
  userId: string;
  enterpriseId: string;
  enterpriseName: string;
  status: OutboxStatus;
  attempts: number;
  /** Epoch ms before which the item is not retried (exponential backoff). */
  nextAttemptAt: number;
  /** The last failure: a rejection (status failed) or a transient error (still pending). */
  error: OutboxError | null;
  createdAt: number;
  updatedAt: number;
  /** Photos uploaded, in order, before the log itself is sent. */
  photos: OutboxPhotoRef[];
}

export type ContactBody = ContactCreate;
export type VisitBody = Omit<VisitCreate, 'photos'>;
export type RevisionBody = Omit<VisitRevise, 'photos'>;
export type RiskReportBody = RiskReportCreate;

export type OutboxItem = OutboxItemBase &
  (
    | { kind: 'contact'; body: ContactBody }
    | { kind: 'visit'; body: VisitBody }
    | {
        kind: 'visit_revision';
        /** The server log being corrected. */
        logId: string;
        /** Photos already on the server that the correction keeps. */
        keptPhotoIds: string[];
        body: RevisionBody;
      }
    | { kind: 'risk_report'; body: RiskReportBody }
  );

/**
 * A photo waiting to be uploaded: its bytes (camera or album), or the https URL DingTalk's picker
 * already uploaded it to, which the server fetches (POST /uploads/from-url).
 */
export type StoredPhoto = {
  clientId: string;
  itemClientId: string;
  name: string;
} & (
  | {
      /** Bytes rather than a Blob: older WebViews cannot store Blobs in IndexedDB. */
      bytes: ArrayBuffer;
      type: string;
    }
  | { url: string }
);

export interface SyncLease {
  name: string;
  owner: string;
  expiresAt: number;
}

export const OUTBOX_DB_NAME = 'coordnet-outbox';

export class OutboxDb extends Dexie {
  items!: Table<OutboxItem, number>;
  photos!: Table<StoredPhoto, string>;
  leases!: Table<SyncLease, string>;

  constructor(name = OUTBOX_DB_NAME) {
    super(name);
    this.version(1).stores({
      items: '++seq, &clientId, userId',
      photos: 'clientId, itemClientId',
      leases: 'name',
    });
  }
}
