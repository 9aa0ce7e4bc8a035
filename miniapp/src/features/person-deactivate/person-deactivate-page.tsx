import { useState } from 'react';
import { Dialog, Input, TextArea, Toast } from 'antd-mobile';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useNavigate, useParams, useSearchParams } from 'react-router';
import {
  personDeactivateBodySchema,
  personDeactivateResponseSchema,
  type PersonDeactivate,
} from '@coordnet/shared/api/registry';
import { apiRequest, errorMessage } from '../../lib/api';
import { Field, FormActions } from '../../lib/ui/form-parts';
import { PageHeader } from '../../lib/ui/page-header';

const today = () => new Date().toLocaleDateString('sv-SE', { timeZone: 'Asia/Shanghai' });

const deactivate = (userId: string, body: PersonDeactivate) =>
  apiRequest(`/people/${encodeURIComponent(userId)}/deactivate`, personDeactivateResponseSchema, {
    method: 'POST',
    body,
  });

/**
 * 停用人员 (county managers and above): every post of the person ends (离任) and he can no longer
 * sign in — staffing counts, compliance and reminders drop him at once.
 */
export function PersonDeactivatePage() {
  const { userId = '' } = useParams();
  const [params] = useSearchParams();
  const name = params.get('name') ?? '';
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [endedOn, setEndedOn] = useState(today);
  const [note, setNote] = useState('');
  const [error, setError] = useState<string | null>(null);
  const save = useMutation({
    mutationFn: (body: PersonDeactivate) => deactivate(userId, body),
    onSuccess: () => {
      void queryClient.invalidateQueries();
      Toast.show({ content: `已停用${name}` });
      void navigate(-1);
    },
    onError: (e) => setError(errorMessage(e)),
  });
  const submit = async () => {
    const parsed = personDeactivateBodySchema.safeParse({
      endedOn,
      ...(note.trim() ? { note } : {}),
    });
    if (!parsed.success) return setError(parsed.error.issues[0]?.message ?? '请检查填写的内容');
    setError(null);
    const ok = await Dialog.confirm({
      content: `确定停用${name}吗？自 ${parsed.data.endedOn} 起其全部任职结束（离任），不能再登录，不再计入配备人数、达标和提醒。`,
      confirmText: '停用',
      cancelText: '取消',
    });
    if (ok) save.mutate(parsed.data);
  };
  return (
    <>
      <PageHeader title="停用人员" backTo="/coordinators" />
      <div className="form-page">
        <p className="muted">{name} · 全部任职将结束，账号停用</p>
        <Field label="停用日期" labelFor="deactivate-date" required hint="当天起不再担任任何岗位">
          <Input id="deactivate-date" type="date" value={endedOn} onChange={setEndedOn} />
        </Field>
        <Field label="说明" labelFor="deactivate-note">
          <TextArea
            id="deactivate-note"
            value={note}
            onChange={setNote}
            maxLength={200}
            placeholder="如：退休、离职"
          />
        </Field>
      </div>
      <FormActions label="停用" onSubmit={() => void submit()} loading={save.isPending} error={error} />
    </>
  );
}
