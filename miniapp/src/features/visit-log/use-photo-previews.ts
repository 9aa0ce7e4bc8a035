import { useEffect, useState } from 'react';
import { getOutbox } from '../../lib/outbox-runtime';
import { useAuthorizedUrls } from '../../lib/ui/auth-photos';
import type { PickedPhoto } from './picked-photo';

const canPreview = () => typeof URL.createObjectURL === 'function';

/**
 * Preview URLs: object URLs for photos on the phone, DingTalk's own URL for photos its picker
 * uploaded, token-fetched ones for photos on the server.
 */
export function usePhotoPreviews(photos: PickedPhoto[]): Record<string, string> {
  const [local, setLocal] = useState<Record<string, string>>({});
  const server = photos.filter((p) => p.source === 'server');
  const serverUrls = useAuthorizedUrls(server.map((p) => p.url));
  const localKey = photos
    .filter((p) => p.source !== 'server')
    .map((p) => p.key)
    .join('|');

  useEffect(() => {
    if (!canPreview()) return;
    const created: Record<string, string> = {};
    let cancelled = false;
    const wanted = photos.filter((p) => p.source !== 'server');
    void Promise.all(
      wanted.map(async (p) => {
        if (p.source === 'new') {
          created[p.key] =
            'url' in p.photo
              ? p.photo.url
              : URL.createObjectURL(new Blob([p.photo.bytes], { type: p.photo.type }));
        } else if (p.source === 'queued') {
          const preview = await getOutbox().photoPreview(p.clientId);
          if (preview) created[p.key] = typeof preview === 'string' ? preview : URL.createObjectURL(preview);
        }
      }),
    ).then(() => {
      if (!cancelled) setLocal(created);
    });
    return () => {
      cancelled = true;
      Object.values(created)
        .filter((url) => url.startsWith('blob:'))
        .forEach((url) => URL.revokeObjectURL(url));
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps -- keyed by the local photos' keys
  }, [localKey]);

  const result: Record<string, string> = { ...local };
  server.forEach((p, i) => {
    const url = serverUrls[i];
    if (url) result[p.key] = url;
  });
  return result;
}
