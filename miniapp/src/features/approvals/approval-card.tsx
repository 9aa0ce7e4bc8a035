import { useState } from 'react';
import { Button, Card, Checkbox, Tag } from 'antd-mobile';
import { LOG_FLAGS, RISK_LEVELS, type Log } from '@coordnet/shared/api/logs';
import { formatDateTime, formatDistance } from '../../lib/format';
import { mapLink } from '../../lib/links';
import { AuthPhotos } from '../../lib/ui/auth-photos';
import { dutyLabels } from '../../lib/ui/duty-chips';
import { LoadedVisitRevisions } from '../../lib/ui/visit-revisions';

/** One visit waiting for approval, with everything a supervisor needs to decide on the spot. */
export function ApprovalCard({
  log,
  selected,
  onSelect,
  onApprove,
  onReject,
  busy,
}: {
  log: Log;
  selected: boolean;
  onSelect: (selected: boolean) => void;
  onApprove: () => void;
  onReject: () => void;
  busy: boolean;
}) {
  const visit = log.visit;
  const checkIn = visit?.checkIn;
  const [revisions, setRevisions] = useState(false);
  return (
    <Card
      className="approval-card"
      title={
        <Checkbox checked={selected} onChange={onSelect} aria-label={`选择 ${log.enterprise.name}`}>
          <span className="approval-title">{log.enterprise.name}</span>
        </Checkbox>
      }
    >
      <div className="approval-meta">
        {log.author.name} · {formatDateTime(log.occurredAt)} · {log.enterprise.jurisdictionName}
        {log.revision > 1 && <span>（第 {log.revision} 次提交）</span>}
      </div>
      {log.flags.length > 0 && (
        <ul className="approval-flags" aria-label="签到提示">
          {log.flags.map((flag) => (
            <li key={flag}>
              <Tag color={flag === 'checkin_redone' ? 'primary' : 'danger'}>{LOG_FLAGS[flag]}</Tag>
              {flag === 'far_from_enterprise' && visit?.distanceMeters != null && (
                <span> 距企业 {formatDistance(visit.distanceMeters)}</span>
              )}
            </li>
          ))}
        </ul>
      )}
      <dl className="approval-facts">
        <dt>工作内容</dt>
        <dd>{dutyLabels(log.duties)}</dd>
        <dt>走访情况</dt>
        <dd className="log-notes">{log.notes}</dd>
        <dt>风险等级</dt>
        <dd>{visit ? RISK_LEVELS[visit.riskLevel] : '—'}</dd>
        <dt>签到位置</dt>
        <dd>
          {checkIn ? (
            <>
              {checkIn.address ?? `${checkIn.latitude.toFixed(5)}, ${checkIn.longitude.toFixed(5)}`}
              <span className="muted"> 精度约 {Math.round(checkIn.accuracy)} 米</span>
              {visit?.distanceMeters != null && (
                <span className="muted">，距企业 {formatDistance(visit.distanceMeters)}</span>
              )}
              <div>
                <a href={mapLink(checkIn, log.enterprise.name)} target="_blank" rel="noreferrer">
                  在地图中查看
                </a>
              </div>
            </>
          ) : (
            '无'
          )}
        </dd>
      </dl>
      {visit && <AuthPhotos photos={visit.photos} />}
      {log.revision > 1 &&
        (revisions ? (
          <LoadedVisitRevisions logId={log.id} />
        ) : (
          <Button size="small" fill="none" color="primary" onClick={() => setRevisions(true)}>
            查看修改记录
          </Button>
        ))}
      <div className="approval-actions">
        <Button color="danger" fill="outline" disabled={busy} onClick={onReject}>
          退回
        </Button>
        <Button color="primary" loading={busy} onClick={onApprove}>
          通过
        </Button>
      </div>
    </Card>
  );
}
