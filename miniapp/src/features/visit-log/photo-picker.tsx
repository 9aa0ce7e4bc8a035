import { useState } from 'react';
import { Toast } from 'antd-mobile';
import { CloseOutline } from 'antd-mobile-icons';
import { errorMessage } from '../../lib/api';
import { pickImagesInDingTalk } from '../../lib/dingtalk';
import { ImageSources } from '../../lib/ui/image-sources';
import { MAX_VISIT_PHOTOS, preparePhoto } from '../../lib/photo';
import { newClientId } from '../../lib/outbox';
import { useOnline } from '../../lib/use-outbox';
import type { PickedPhoto } from './picked-photo';
import { usePhotoPreviews } from './use-photo-previews';

/**
 * Up to nine site photos, compressed on the phone and kept in the outbox until uploaded. Inside
 * DingTalk (online) its picker is offered first; the camera and album inputs work everywhere,
 * offline included.
 */
export function PhotoPicker({
  photos,
  onChange,
  min,
}: {
  photos: PickedPhoto[];
  onChange: (next: PickedPhoto[]) => void;
  min: number;
}) {
  const [busy, setBusy] = useState(false);
  const online = useOnline();
  const previews = usePhotoPreviews(photos);
  const room = MAX_VISIT_PHOTOS - photos.length;

  // A photo the server would refuse (too large, not an image) is refused here, under the field.
  const [refused, setRefused] = useState<string | null>(null);

  const addBlobs = async (blobs: { blob: Blob; name: string }[]) => {
    if (blobs.length === 0) return;
    setBusy(true);
    setRefused(null);
    const added: PickedPhoto[] = [];
    const problems: string[] = [];
    for (const [i, { blob, name }] of blobs.slice(0, room).entries()) {
      try {
        added.push({ key: newClientId(), source: 'new', photo: await preparePhoto(blob, name) });
      } catch (error) {
        problems.push(blobs.length > 1 ? `第 ${i + 1} 张：${errorMessage(error)}` : errorMessage(error));
      }
    }
    if (blobs.length > room) Toast.show({ content: `最多 ${MAX_VISIT_PHOTOS} 张照片` });
    setRefused(problems.length > 0 ? `照片未添加。${problems.join('；')}` : null);
    setBusy(false);
    onChange([...photos, ...added]);
  };

  const fromInput = (input: HTMLInputElement | null) => {
    const files = [...(input?.files ?? [])];
    if (input) input.value = '';
    void addBlobs(files.map((file) => ({ blob: file, name: file.name })));
  };

  // DingTalk's picker has already uploaded (and compressed) them: queue the URLs; the server
  // fetches each from DingTalk when the visit syncs (POST /uploads/from-url).
  const fromDingTalk = async () => {
    try {
      const urls = await pickImagesInDingTalk(room);
      const added: PickedPhoto[] = urls.slice(0, room).map((url, i) => ({
        key: newClientId(),
        source: 'new',
        photo: { url, name: `dingtalk-${photos.length + i + 1}.jpg` },
      }));
      onChange([...photos, ...added]);
    } catch (error) {
      Toast.show({ content: `${errorMessage(error)}，请改用“拍照”或“相册”` });
    }
  };

  return (
    <div className="photo-picker">
      <div className="photo-grid">
        {photos.map((photo, i) => (
          <div key={photo.key} className="photo-thumb">
            {previews[photo.key] ? (
              <img src={previews[photo.key]} alt={`现场照片 ${i + 1}`} />
            ) : (
              <span className="muted">照片 {i + 1}</span>
            )}
            <button
              type="button"
              className="photo-remove"
              aria-label={`删除第 ${i + 1} 张照片`}
              onClick={() => {
                setRefused(null);
                onChange(photos.filter((p) => p.key !== photo.key));
              }}
            >
              <CloseOutline />
            </button>
          </div>
        ))}
      </div>
      <p className="muted">
        已选 {photos.length}/{MAX_VISIT_PHOTOS} 张{min > 0 ? `，至少 ${min} 张` : ''}
      </p>
      {refused && (
        <div className="form-field-error" role="alert">
          {refused}
        </div>
      )}
      <ImageSources
        room={room}
        busy={busy}
        online={online}
        dingTalkLabel="钉钉拍照"
        cameraLabel="拍摄现场照片"
        albumLabel="从相册选择照片"
        onDingTalk={() => void fromDingTalk()}
        onFiles={fromInput}
      />
    </div>
  );
}
