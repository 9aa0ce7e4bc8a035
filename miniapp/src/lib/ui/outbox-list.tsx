import { Button, Dialog, List, NoticeBar, Tag } from 'antd-mobile';
import { useNavigate } from 'react-router';
import { GLOSSARY } from '@coordnet/shared/domain/glossary';
import { draftPath } from '../links';
import { formatDateTime } from '../format';
import type { OutboxItem } from '../outbox-db';
import { getOutbox, requestSync } from '../outbox-runtime';
import { useOnline, useSyncState } from '../use-outbox';

export const OUTBOX_KIND_LABELS: Record<OutboxItem['kind'], string> = {
  contact: GLOSSARY.contact,
  visit: GLOSSARY.visit,
  visit_revision: `${GLOSSARY.visit}修改后重新提交`,
  risk_report: GLOSSARY.riskReport,
};

const TIME_LABELS: Record<Exclude<OutboxItem['kind'], 'visit_revision'>, string> = {
  contact: '联络时间',
  visit: '走访时间',
  risk_report: '发生时间',
};

/** When the record happened (what the person remembers it by); a correction keeps the visit's time. */
export function recordTime(item: OutboxItem): string {
  if (item.kind === 'visit_revision') return `修改于 ${formatDateTime(item.createdAt)}`;
  return `${TIME_LABELS[item.kind]} ${formatDateTime(item.body.occurredAt)}`;
}

/** "待同步 2 条，同步失败 1 条": what is still on the phone, failures included. */
export function outboxCount(items: OutboxItem[]): string {
  const failed = items.filter((i) => i.status === 'failed').length;
  const pending = items.length - failed;
  return failed > 0 ? `待同步 ${pending} 条，同步失败 ${failed} 条` : `待同步 ${pending} 条`;
}

function StatusTag({ item }: { item: OutboxItem }) {
  if (item.status === 'failed')
    return (
      <Tag color="danger" fill="outline" className="status-tag">
        同步失败
      </Tag>
    );
  return (
    <Tag color="warning" fill="outline" className="status-tag">
      {item.status === 'syncing' ? '正在同步' : '待同步'}
    </Tag>
  );
}

/** Writes still on the phone: waiting to be sent, or refused by the server and waiting for the person. */
export function OutboxList({
  items,
  showEnterprise = true,
}: {
  items: OutboxItem[];
  showEnterprise?: boolean;
}) {
  const navigate = useNavigate();
  const online = useOnline();
  const sync = useSyncState();
  if (items.length === 0) return null;
  const pending = items.filter((i) => i.status !== 'failed').length;

  const remove = async (item: OutboxItem) => {
    const confirmed = await Dialog.confirm({
      content:
        item.status === 'failed'
          ? '删除后这条记录将不再提交，确定删除吗？'
          : '这条记录尚未同步，删除后将不会提交到服务器，确定删除吗？',
      confirmText: '删除',
      cancelText: '取消',
    });
    if (confirmed) await getOutbox().remove(item.clientId);
  };
  const retry = async (item: OutboxItem) => {
    await getOutbox().retry(item.clientId);
    requestSync();
  };

  return (
    <section className="outbox" aria-label="本机待同步记录">
      {!online && <NoticeBar color="alert" wrap content="当前无网络，记录已保存在本机，联网后将自动同步。" />}
      <List
        header={
          <div className="outbox-header">
            <span>本机记录（{outboxCount(items)}）</span>
            {pending > 0 && (
              <Button
                size="small"
                color="primary"
                fill="outline"
                loading={sync.running}
                onClick={() => requestSync()}
              >
                立即同步
              </Button>
            )}
          </div>
        }
      >
        {items.map((item) => (
          <List.Item
            key={item.clientId}
            className={item.status === 'failed' ? 'outbox-item outbox-item-failed' : 'outbox-item'}
            // A refused item opens straight into its correction, starting from what was stored.
            onClick={item.status === 'failed' ? () => void navigate(draftPath(item)) : undefined}
            extra={<StatusTag item={item} />}
            description={
              <>
                <div>
                  {recordTime(item)} · 保存于 {formatDateTime(item.createdAt)}
                </div>
                {item.photos.length > 0 && (
                  <div>
                    照片 {item.photos.filter((p) => p.uploadId).length}/{item.photos.length} 张已上传
                  </div>
                )}
                {item.error && (
                  <div className={item.status === 'failed' ? 'log-rejection' : 'muted'} role="note">
                    {item.status === 'failed'
                      ? `未能提交：${item.error.message}`
                      : `上次尝试：${item.error.message}`}
                  </div>
                )}
                <div className="outbox-actions" onClick={(event) => event.stopPropagation()}>
                  {item.status === 'failed' && (
                    <>
                      <Button size="small" color="primary" onClick={() => void navigate(draftPath(item))}>
                        修改
                      </Button>
                      <Button size="small" onClick={() => void retry(item)}>
                        重试
                      </Button>
                    </>
                  )}
                  <Button size="small" color="danger" fill="none" onClick={() => void remove(item)}>
                    删除
                  </Button>
                </div>
              </>
            }
          >
            {showEnterprise
              ? `${OUTBOX_KIND_LABELS[item.kind]} · ${item.enterpriseName}`
              : OUTBOX_KIND_LABELS[item.kind]}
          </List.Item>
        ))}
      </List>
    </section>
  );
}
