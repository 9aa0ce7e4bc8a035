import { useEffect, useRef, useState } from 'react';
import { Toast } from 'antd-mobile';
import { CloseOutline } from 'antd-mobile-icons';
import { MAX_CASE_ATTACHMENTS } from '@coordnet/shared/api/cases';
import { errorMessage } from '../../lib/api';
import { pickImagesInDingTalk } from '../../lib/dingtalk';
import { ImageSources } from '../../lib/ui/image-sources';
import { uploadPhoto, uploadPhotoFromUrl } from '../../lib/log-api';
import { newClientId } from '../../lib/outbox';
import { preparePhoto } from '../../lib/photo';
import { useOnline } from '../../lib/use-outbox';

/** One image on the case form, uploaded as soon as it is picked. */
export interface CaseImage {
  key: string;
  /** What to show: an object URL of the compressed bytes, or DingTalk's own URL. */
  preview: string | null;
  status: 'uploading' | 'done' | 'failed';
  /** The upload's id, once stored (POST /uploads or /uploads/from-url). */
  id?: string;
  error?: string;
  /** Sends it (again, with the same clientId, so a retry stores no second file). */
  send: () => Promise<{ id: string }>;
}

export const uploadedIds = (images: CaseImage[]) =>
  images.flatMap((i) => (i.status === 'done' && i.id ? [i.id] : []));

const canPreview = () => typeof URL.createObjectURL === 'function';

/**
 * 附图 for 协调员之家: up to nine images, picked with DingTalk's picker (online, inside DingTalk) or
 * the camera and album inputs, compressed on the phone like visit photos and uploaded right away
 * through the same upload API (`POST /uploads`, or `POST /uploads/from-url` for photos DingTalk
 * already hosts), each with its own clientId. Sharing is online, so nothing goes to the outbox.
 */
export function CaseImagePicker({
  images,
  onChange,
}: {
  images: CaseImage[];
  onChange: (update: (current: CaseImage[]) => CaseImage[]) => void;
}) {
  const [busy, setBusy] = useState(false);
  const online = useOnline();
  const room = MAX_CASE_ATTACHMENTS - images.length;

  // Object URLs die with the form.
  const previews = useRef(new Set<string>());
  useEffect(() => {
    const urls = previews.current;
    return () => urls.forEach((url) => URL.revokeObjectURL(url));
  }, []);

  const patch = (key: string, change: Partial<CaseImage>) =>
    onChange((current) => current.map((i) => (i.key === key ? { ...i, ...change } : i)));

  const run = async (image: CaseImage) => {
    patch(image.key, { status: 'uploading', error: undefined });
    try {
      const { id } = await image.send();
      patch(image.key, { status: 'done', id });
    } catch (error) {
      patch(image.key, { status: 'failed', error: errorMessage(error) });
    }
  };

  const add = async (added: CaseImage[]) => {
    if (added.length === 0) return;
    onChange((current) => [...current, ...added]);
    await Promise.all(added.map(run));
  };

  const fromInput = async (input: HTMLInputElement | null) => {
    const files = [...(input?.files ?? [])];
    if (input) input.value = '';
    if (files.length > room) Toast.show({ content: `最多 ${MAX_CASE_ATTACHMENTS} 张附图` });
    setBusy(true);
    const added: CaseImage[] = [];
    try {
      for (const file of files.slice(0, room)) {
        const photo = await preparePhoto(file, file.name);
        if (!('bytes' in photo)) continue;
        const blob = new Blob([photo.bytes], { type: photo.type });
        const preview = canPreview() ? URL.createObjectURL(blob) : null;
        if (preview) previews.current.add(preview);
        const clientId = newClientId();
        added.push({
          key: clientId,
          preview,
          status: 'uploading',
          send: () => uploadPhoto(blob, photo.name, clientId),
        });
      }
    } catch (error) {
      Toast.show({ content: errorMessage(error) });
    } finally {
      setBusy(false);
    }
    await add(added);
  };

  // DingTalk's picker has already uploaded (and compressed) them; the server fetches each.
  const fromDingTalk = async () => {
    try {
      const urls = await pickImagesInDingTalk(room);
      await add(
        urls.slice(0, room).map((url) => {
          const clientId = newClientId();
          return {
            key: clientId,
            preview: url,
            status: 'uploading' as const,
            send: () => uploadPhotoFromUrl(url, clientId),
          };
        }),
      );
    } catch (error) {
      Toast.show({ content: `${errorMessage(error)}，请改用“拍照”或“相册”` });
    }
  };

  return (
    <div className="photo-picker">
      {images.length > 0 && (
        <div className="photo-grid">
          {images.map((image, i) => (
            <div key={image.key} className="photo-thumb">
              {image.preview ? (
                <img src={image.preview} alt={`附图 ${i + 1}`} />
              ) : (
                <span className="muted">附图 {i + 1}</span>
              )}
              {image.status === 'uploading' && <span className="photo-status">上传中</span>}
              {image.status === 'failed' && (
                <button
                  type="button"
                  className="photo-status photo-status-failed"
                  aria-label={`第 ${i + 1} 张附图上传失败：${image.error ?? ''}，点按重试`}
                  onClick={() => void run(image)}
                >
                  重试
                </button>
              )}
              <button
                type="button"
                className="photo-remove"
                aria-label={`删除第 ${i + 1} 张附图`}
                onClick={() => onChange((current) => current.filter((x) => x.key !== image.key))}
              >
                <CloseOutline />
              </button>
            </div>
          ))}
        </div>
      )}
      <p className="muted">
        已选 {images.length}/{MAX_CASE_ATTACHMENTS} 张（选填）
      </p>
      <ImageSources
        room={room}
        busy={busy}
        online={online}
        dingTalkLabel="钉钉选图"
        cameraLabel="拍摄附图"
        albumLabel="从相册选择附图"
        onDingTalk={() => void fromDingTalk()}
        onFiles={(input) => void fromInput(input)}
      />
    </div>
  );
}
