import { useEffect, useRef, useState } from 'react';
import { Button, NoticeBar } from 'antd-mobile';
import { EnvironmentOutline } from 'antd-mobile-icons';
import type { CheckIn } from '@coordnet/shared/api/logs';
import { distanceMeters } from '@coordnet/shared/domain/geo';
import { errorMessage } from '../../lib/api';
import { getLocation } from '../../lib/dingtalk';
import { formatDateTime, formatDistance } from '../../lib/format';

/** A check-in and when it was taken (the visit's time). */
export interface TakenCheckIn {
  checkIn: CheckIn;
  at: number;
}

const POOR_ACCURACY_METERS = 200;

export function CheckInPanel({
  value,
  onChange,
  registered,
  farMeters,
  autoLocate,
  locateLabel = '签到定位',
  emptyText = '尚未签到',
}: {
  value: TakenCheckIn | null;
  onChange: (next: TakenCheckIn) => void;
  /** The enterprise's registered location, when it has one. */
  registered: { latitude: number; longitude: number } | null;
  farMeters: number;
  autoLocate: boolean;
  /** The button's label before any check-in (重新打卡 when correcting a visit). */
  locateLabel?: string;
  emptyText?: string;
}) {
  const [locating, setLocating] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const started = useRef(false);

  const locate = async () => {
    setLocating(true);
    setError(null);
    try {
      const location = await getLocation();
      onChange({
        at: Date.now(),
        checkIn: {
          latitude: location.latitude,
          longitude: location.longitude,
          accuracy: location.accuracy,
          address: location.address,
          isFromMock: location.isFromMock,
          coordinateSystem: location.coordinateSystem,
        },
      });
    } catch (failure) {
      setError(errorMessage(failure));
    } finally {
      setLocating(false);
    }
  };

  useEffect(() => {
    if (!autoLocate || started.current) return;
    started.current = true;
    void locate();
    // eslint-disable-next-line react-hooks/exhaustive-deps -- locate once when the form opens
  }, [autoLocate]);

  const checkIn = value?.checkIn;
  const distance = checkIn && registered ? distanceMeters(checkIn, registered) : null;
  // Raw GPS (a plain browser) differs from the map datum by hundreds of metres in China.
  const approximate = checkIn?.coordinateSystem === 'wgs84' ? '约' : '';

  return (
    <div className="check-in">
      {checkIn ? (
        <div className="check-in-result">
          <EnvironmentOutline className="check-in-icon" aria-hidden="true" />
          <div>
            <div>{checkIn.address ?? `${checkIn.latitude.toFixed(5)}, ${checkIn.longitude.toFixed(5)}`}</div>
            <div className="muted">
              签到于 {formatDateTime(value.at)} · 精度约 {Math.round(checkIn.accuracy)} 米
            </div>
            {distance !== null && (
              <div className="muted">
                距企业登记位置{approximate} {formatDistance(distance)}
              </div>
            )}
          </div>
        </div>
      ) : (
        <p className="muted">{locating ? '正在定位…' : emptyText}</p>
      )}
      {checkIn?.isFromMock && (
        <NoticeBar
          color="alert"
          wrap
          content="检测到虚拟定位，本次走访将标记为“疑似虚拟定位”并提示审核人员。"
        />
      )}
      {distance !== null && distance > farMeters && (
        <NoticeBar
          color="alert"
          wrap
          content={`签到位置距企业登记位置${approximate} ${formatDistance(distance)}，超过 ${formatDistance(farMeters)}，提交后将提示审核人员。`}
        />
      )}
      {checkIn && checkIn.accuracy > POOR_ACCURACY_METERS && (
        <NoticeBar color="info" wrap content="定位精度较低，建议到室外开阔处重新定位。" />
      )}
      {error && (
        <p className="form-error-inline" role="alert">
          {error}
        </p>
      )}
      <Button block color="primary" fill="outline" loading={locating} onClick={() => void locate()}>
        {checkIn ? '重新定位' : locateLabel}
      </Button>
    </div>
  );
}
