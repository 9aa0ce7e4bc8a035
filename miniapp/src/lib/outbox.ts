import {
  OutboxDb,
  type ContactBody,
  type OutboxError,
  type OutboxItem,
  type OutboxPhotoRef,
  type RevisionBody,
  type RiskReportBody,
  type StoredPhoto,
  type VisitBody,
} from './outbox-db';

/** A photo the person picked: compressed bytes ready to store, or a DingTalk-hosted URL. */
export type PhotoInput = { name: string } & ({ bytes: ArrayBuffer; type: string } | { url: string });

/** A new idempotency key for uploading a photo again. */
const renewedUpload = (p: OutboxPhotoRef): OutboxPhotoRef => ({
  ...p,
  uploadId: null,
  uploadKey: newClientId(),
});

interface Owner {
  userId: string;
  enterpriseName: string;
}

/** A new item's fields, before the outbox adds its bookkeeping. */
export type NewItem =
  | { kind: 'contact'; body: ContactBody }
  | { kind: 'visit'; body: VisitBody }
  | {
      kind: 'visit_revision';
      logId: string;
      enterpriseId: string;
      keptPhotoIds: string[];
      body: RevisionBody;
    }
  | { kind: 'risk_report'; body: RiskReportBody };

export const newClientId = (): string => crypto.randomUUID();

/**
 * Writes are stored here before any network is touched, so saving never waits for a signal and
 * nothing typed is lost; the sync engine sends them in order (see outbox-sync.ts).
 */
export class Outbox {
  constructor(readonly db: OutboxDb = new OutboxDb()) {}

  /** Stores a write and its photos in one transaction; resolves to the item's clientId. */
  async add(owner: Owner, item: NewItem, photos: PhotoInput[] = [], now = Date.now()): Promise<string> {
    const clientId = 'clientId' in item.body ? item.body.clientId : newClientId();
    const stored = photos.map((photo) => ({ ...photo, clientId: newClientId(), itemClientId: clientId }));
    const enterpriseId = item.kind === 'visit_revision' ? item.enterpriseId : item.body.enterpriseId;
    await this.db.transaction('rw', this.db.items, this.db.photos, async () => {
      await this.db.photos.bulkAdd(stored);
      await this.db.items.add({
        ...item,
        clientId,
        userId: owner.userId,
        enterpriseId,
        enterpriseName: owner.enterpriseName,
        status: 'pending',
        attempts: 0,
        nextAttemptAt: 0,
        error: null,
        createdAt: now,
        updatedAt: now,
        photos: stored.map((photo) => ({ clientId: photo.clientId, uploadId: null })),
      } as OutboxItem);
    });
    return clientId;
  }

  /** A person's items in the order they will be sent. */
  itemsOf(userId: string): Promise<OutboxItem[]> {
    return this.db.items.where('userId').equals(userId).sortBy('seq');
  }

  get(clientId: string): Promise<OutboxItem | undefined> {
    return this.db.items.where('clientId').equals(clientId).first();
  }

  async photo(clientId: string): Promise<StoredPhoto | undefined> {
    return this.db.photos.get(clientId);
  }

  /** What to preview a queued photo with: its bytes, or the DingTalk URL it is hosted at. */
  async photoPreview(clientId: string): Promise<Blob | string | null> {
    const photo = await this.db.photos.get(clientId);
    if (!photo) return null;
    return 'url' in photo ? photo.url : new Blob([photo.bytes], { type: photo.type });
  }

  /**
   * Replaces a failed item's content after the person corrected it, and queues it again. The
   * clientId stays (the server stored nothing for a rejected request) unless the server said it
   * was already used for other content.
   */
  async update(
    clientId: string,
    change: { body: OutboxItem['body']; keepPhotoClientIds?: string[]; keptPhotoIds?: string[] },
    newPhotos: PhotoInput[] = [],
    now = Date.now(),
  ): Promise<string> {
    return this.db.transaction('rw', this.db.items, this.db.photos, async () => {
      const item = await this.get(clientId);
      if (!item?.seq) throw new Error('这条记录已同步或已删除');
      const renew = item.error?.code === 'idempotency_conflict';
      const nextId = renew ? newClientId() : clientId;
      const keep = new Set(change.keepPhotoClientIds ?? item.photos.map((p) => p.clientId));
      const dropped = item.photos.filter((p) => !keep.has(p.clientId)).map((p) => p.clientId);
      await this.db.photos.bulkDelete(dropped);
      const added = newPhotos.map((photo) => ({ ...photo, clientId: newClientId(), itemClientId: nextId }));
      await this.db.photos.bulkAdd(added);
      if (renew) await this.db.photos.where('itemClientId').equals(clientId).modify({ itemClientId: nextId });
      const body = 'clientId' in change.body ? { ...change.body, clientId: nextId } : change.body;
      await this.db.items.update(item.seq, {
        clientId: nextId,
        body,
        ...(item.kind === 'visit_revision' && change.keptPhotoIds
          ? { keptPhotoIds: change.keptPhotoIds }
          : {}),
        photos: [
          // A corrected item uploads its photos again: an upload id may be what the server refused.
          ...item.photos.filter((p) => keep.has(p.clientId)).map(renewedUpload),
          ...added.map((p) => ({ clientId: p.clientId, uploadId: null })),
        ],
        status: 'pending',
        attempts: 0,
        nextAttemptAt: 0,
        error: null,
        updatedAt: now,
      } as Partial<OutboxItem>);
      return nextId;
    });
  }

  /** Deletes an item and its photos (the person gave it up, or it reached the server). */
  async remove(clientId: string): Promise<void> {
    await this.db.transaction('rw', this.db.items, this.db.photos, async () => {
      await this.db.items.where('clientId').equals(clientId).delete();
      await this.db.photos.where('itemClientId').equals(clientId).delete();
    });
  }

  /** Sends a failed item again as it is (after the cause was fixed elsewhere, e.g. a setting). */
  async retry(clientId: string, now = Date.now()): Promise<void> {
    await this.db.items
      .where('clientId')
      .equals(clientId)
      .modify({ status: 'pending', attempts: 0, nextAttemptAt: 0, error: null, updatedAt: now });
  }

  // The sync engine's bookkeeping.

  async markSyncing(clientId: string): Promise<void> {
    await this.db.items.where('clientId').equals(clientId).modify({ status: 'syncing' });
  }

  async setPhotoUploaded(clientId: string, photoClientId: string, uploadId: string): Promise<void> {
    await this.db.items
      .where('clientId')
      .equals(clientId)
      .modify((item) => {
        item.photos = item.photos.map((p) => (p.clientId === photoClientId ? { ...p, uploadId } : p));
      });
  }

  /** The server refused it: keep it, with the reason, for the person to correct or delete. */
  async fail(
    clientId: string,
    error: OutboxError,
    options: { resetUploads?: boolean } = {},
    now = Date.now(),
  ) {
    await this.db.items
      .where('clientId')
      .equals(clientId)
      .modify((item) => {
        item.status = 'failed';
        item.error = error;
        item.updatedAt = now;
        if (options.resetUploads) item.photos = item.photos.map(renewedUpload);
      });
  }

  /** A transient failure: still pending, tried again after `nextAttemptAt`. */
  async defer(clientId: string, attempts: number, nextAttemptAt: number, error: OutboxError | null) {
    await this.db.items
      .where('clientId')
      .equals(clientId)
      .modify({ status: 'pending', attempts, nextAttemptAt, error });
  }

  /** Wipes everything (tests). */
  async clear(): Promise<void> {
    await Promise.all([this.db.items.clear(), this.db.photos.clear(), this.db.leases.clear()]);
  }
}
