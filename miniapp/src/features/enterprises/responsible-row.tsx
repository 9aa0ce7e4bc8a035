import { useState } from 'react';
import { Button, Card, Toast } from 'antd-mobile';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { Enterprise } from '@coordnet/shared/api/registry';
import { errorMessage } from '../../lib/api';
import { assignResponsible, fetchResponsibleCandidates, responsibleKeys } from '../../lib/responsible-api';
import { ResponsiblePicker } from './responsible-picker';

/** 企业详情's 责任人 row, with 指定/更换 for those who may name one (the server says who). */
export function ResponsibleRow({ enterprise }: { enterprise: Enterprise }) {
  const queryClient = useQueryClient();
  const [open, setOpen] = useState(false);
  const candidates = useQuery({
    queryKey: responsibleKeys.candidates(enterprise.jurisdictionCode),
    queryFn: ({ signal }) => fetchResponsibleCandidates(enterprise.jurisdictionCode, signal),
  });
  const save = useMutation({
    mutationFn: (roleId: string | null) => assignResponsible(enterprise.id, roleId),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: ['registry'] });
      Toast.show({ content: '已保存' });
      setOpen(false);
    },
    onError: (failure) => Toast.show({ content: errorMessage(failure) }),
  });
  const r = enterprise.responsible;
  return (
    <section className="page-section" aria-label="责任人">
      <Card>
        <div className="responsible-row">
          <span>
            <span className="muted">责任人：</span>
            {r ? <strong>{r.name}</strong> : <span className="muted">未指定（由乡镇全体协调员负责）</span>}
          </span>
          {candidates.data?.canAssign && (
            <Button size="small" color="primary" fill="outline" onClick={() => setOpen(true)}>
              {r ? '更换' : '指定'}
            </Button>
          )}
        </div>
      </Card>
      <ResponsiblePicker
        jurisdiction={enterprise.jurisdictionCode}
        visible={open}
        busy={save.isPending}
        currentRoleId={r?.roleId ?? null}
        onPick={(roleId) => save.mutate(roleId)}
        onClose={() => setOpen(false)}
      />
    </section>
  );
}
