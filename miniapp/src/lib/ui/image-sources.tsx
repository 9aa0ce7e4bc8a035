import { useRef } from 'react';
import { Button } from 'antd-mobile';
import { CameraOutline, PicturesOutline } from 'antd-mobile-icons';
import { isInDingTalk } from '../dingtalk';

/**
 * Where pictures come from: DingTalk's picker (inside DingTalk, online), the camera or the album.
 * The buttons show while there is room for more; the two file inputs stay hidden behind them.
 */
export function ImageSources(props: {
  room: number;
  busy: boolean;
  online: boolean;
  dingTalkLabel: string;
  cameraLabel: string;
  albumLabel: string;
  onDingTalk(): void;
  onFiles(input: HTMLInputElement): void;
}) {
  const camera = useRef<HTMLInputElement>(null);
  const album = useRef<HTMLInputElement>(null);
  const withDingTalk = isInDingTalk() && props.online;
  return (
    <>
      {props.room > 0 && (
        <div className="photo-buttons">
          {withDingTalk && (
            <Button color="primary" fill="outline" loading={props.busy} onClick={props.onDingTalk}>
              <CameraOutline /> {props.dingTalkLabel}
            </Button>
          )}
          <Button
            color={withDingTalk ? 'default' : 'primary'}
            fill="outline"
            loading={props.busy}
            onClick={() => camera.current?.click()}
          >
            <CameraOutline /> 拍照
          </Button>
          <Button fill="outline" loading={props.busy} onClick={() => album.current?.click()}>
            <PicturesOutline /> 相册
          </Button>
        </div>
      )}
      <input
        ref={camera}
        className="visually-hidden"
        type="file"
        accept="image/*"
        capture="environment"
        aria-label={props.cameraLabel}
        onChange={(event) => props.onFiles(event.currentTarget)}
      />
      <input
        ref={album}
        className="visually-hidden"
        type="file"
        accept="image/*"
        multiple
        aria-label={props.albumLabel}
        onChange={(event) => props.onFiles(event.currentTarget)}
      />
    </>
  );
}
