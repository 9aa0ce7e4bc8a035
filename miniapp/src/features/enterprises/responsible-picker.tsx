import { Button, List, Popup } from 'antd-mobile';
import { useQuery } from '@tanstack/react-query';
import { fetchResponsibleCandidates, responsibleKeys } from '../../lib/responsible-api';
import { ErrorState } from '../../lib/ui/query-states';
import { LoadingBlock } from '../../lib/ui/loading-block';

/**
 * 指定责任人: the township/park coordinators in post where the enterprise is registered; picking
 * one names them, 不指定 leaves the enterprise to all of them (seed §二(三) 岗位责任制).
 */
export function ResponsiblePicker({
  jurisdiction,
  visible,
  busy,
  currentRoleId,
  onPick,
  onClose,
}: {
  jurisdiction: string;
  visible: boolean;
  busy: boolean;
  currentRoleId?: string | null;
  onPick: (roleId: string | null) => void;
  onClose: () => void;
}) {
  const candidates = useQuery({
    queryKey: responsibleKeys.candidates(jurisdiction),
    queryFn: ({ signal }) => fetchResponsibleCandidates(jurisdiction, signal),
    enabled: visible,
  });
  return (
    <Popup visible={visible} onMaskClick={onClose} bodyStyle={{ maxHeight: '70vh', overflowY: 'auto' }}>
      <div className="page-section">
        <h3 className="section-title">选择责任人</h3>
        {candidates.isPending ? (
          <LoadingBlock rows={3} />
        ) : candidates.isError ? (
          <ErrorState error={candidates.error} onRetry={() => void candidates.refetch()} />
        ) : (
          <List aria-label="可指定的协调员">
            {candidates.data.items.map((c) => (
              <List.Item
                key={c.roleId}
                description={c.jurisdictionName}
                extra={c.roleId === currentRoleId ? '当前' : undefined}
                disabled={busy}
                onClick={() => onPick(c.roleId)}
              >
                {c.name}
              </List.Item>
            ))}
          </List>
        )}
        <div className="button-row">
          <Button size="small" fill="outline" disabled={busy} onClick={() => onPick(null)}>
            不指定（由全体协调员负责）
          </Button>
          <Button size="small" fill="none" onClick={onClose}>
            取消
          </Button>
        </div>
      </div>
    </Popup>
  );
}
