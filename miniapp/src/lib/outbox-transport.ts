import { logSchema } from '@coordnet/shared/api/logs';
import { apiRequest } from './api';
import { uploadPhoto, uploadPhotoFromUrl } from './log-api';
import type { OutboxItem } from './outbox-db';
import type { SyncTransport } from './outbox-sync';

/** Sends outbox items to the API: each kind to its route, with the ids of its uploaded photos. */
export const apiTransport: SyncTransport = {
  uploadPhoto: (photo, name, clientId) => uploadPhoto(photo, name, clientId),
  uploadPhotoFromUrl: (url, clientId) => uploadPhotoFromUrl(url, clientId),

  async send(item: OutboxItem, photoIds: string[]): Promise<void> {
    switch (item.kind) {
      case 'contact':
        await apiRequest('/contacts', logSchema, { method: 'POST', body: item.body });
        return;
      case 'visit':
        await apiRequest('/visits', logSchema, { method: 'POST', body: { ...item.body, photos: photoIds } });
        return;
      case 'visit_revision':
        await apiRequest(`/visits/${encodeURIComponent(item.logId)}`, logSchema, {
          method: 'PUT',
          body: { ...item.body, photos: photoIds },
        });
        return;
      case 'risk_report':
        await apiRequest('/risk-reports', logSchema, { method: 'POST', body: item.body });
        return;
    }
  },
};
