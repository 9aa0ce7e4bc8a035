import type { PhotoInput } from '../../lib/outbox';

/** A photo on the form: newly picked, already queued in the outbox, or already on the server. */
export type PickedPhoto =
  | { key: string; source: 'new'; photo: PhotoInput }
  | { key: string; source: 'queued'; clientId: string }
  | { key: string; source: 'server'; id: string; url: string };

export const newPhotos = (photos: PickedPhoto[]): PhotoInput[] =>
  photos.flatMap((p) => (p.source === 'new' ? [p.photo] : []));

export const queuedClientIds = (photos: PickedPhoto[]): string[] =>
  photos.flatMap((p) => (p.source === 'queued' ? [p.clientId] : []));

export const serverIds = (photos: PickedPhoto[]): string[] =>
  photos.flatMap((p) => (p.source === 'server' ? [p.id] : []));
