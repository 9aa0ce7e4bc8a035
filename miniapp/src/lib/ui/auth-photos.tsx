import { useEffect, useState } from 'react';
import { ImageViewer } from 'antd-mobile';
import { currentToken } from '../session-store';

/** Object URLs for photos the API serves only with the bearer token (an <img src> cannot send it). */
export function useAuthorizedUrls(sources: string[]): (string | null)[] {
  const key = sources.join('|');
  const [urls, setUrls] = useState<Record<string, string>>({});
  useEffect(() => {
    const list = key ? key.split('|') : [];
    const controller = new AbortController();
    const created: string[] = [];
    const canCreate = typeof URL.createObjectURL === 'function';
    for (const src of list) {
      fetch(src, { headers: { authorization: `Bearer ${currentToken() ?? ''}` }, signal: controller.signal })
        .then((response) =>
          response.ok ? response.blob() : Promise.reject(new Error(String(response.status))),
        )
        .then((blob) => {
          if (!canCreate) return;
          const url = URL.createObjectURL(blob);
          created.push(url);
          setUrls((prev) => ({ ...prev, [src]: url }));
        })
        .catch(() => undefined);
    }
    return () => {
      controller.abort();
      created.forEach((url) => URL.revokeObjectURL(url));
    };
  }, [key]);
  return sources.map((src) => urls[src] ?? null);
}

/** Thumbnails of a log's photos; a tap opens them full screen. */
export function AuthPhotos({ photos }: { photos: { id: string; url: string }[] }) {
  const urls = useAuthorizedUrls(photos.map((p) => p.url));
  const [open, setOpen] = useState<number | null>(null);
  if (photos.length === 0) return null;
  const ready = urls.filter((u): u is string => u !== null);
  return (
    <div className="photo-grid" aria-label={`现场照片 ${photos.length} 张`}>
      {photos.map((photo, i) => {
        const url = urls[i];
        return (
          <button
            key={photo.id}
            type="button"
            className="photo-thumb"
            aria-label={`查看第 ${i + 1} 张照片`}
            onClick={(event) => {
              event.stopPropagation();
              if (url) setOpen(ready.indexOf(url));
            }}
          >
            {url ? <img src={url} alt={`现场照片 ${i + 1}`} /> : <span className="muted">加载中</span>}
          </button>
        );
      })}
      <ImageViewer.Multi
        images={ready}
        visible={open !== null}
        defaultIndex={open ?? 0}
        onClose={() => setOpen(null)}
      />
    </div>
  );
}
