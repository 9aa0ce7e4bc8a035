import { useState } from 'react';
import { Dialog, Input, Selector, TextArea, Toast } from 'antd-mobile';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useNavigate, useParams, useSearchParams } from 'react-router';
import {
  POST_END_REASONS,
  coordinatorEndBodySchema,
  coordinatorEndResponseSchema,
  type CoordinatorEnd,
  type PostEndReason,
} from '@coordnet/shared/api/registry';
import { apiRequest, errorMessage } from '../../lib/api';
import { Field, FormActions } from '../../lib/ui/form-parts';
import { PageHeader } from '../../lib/ui/page-header';

const today = () => new Date().toLocaleDateString('sv-SE', { timeZone: 'Asia/Shanghai' });
const REASONS = (Object.keys(POST_END_REASONS) as PostEndReason[]).map((k) => ({
  value: k,
  label: POST_END_REASONS[k],
}));

const endPost = (roleId: string, body: CoordinatorEnd) =>
  apiRequest(`/coordinators/${encodeURIComponent(roleId)}/end`, coordinatorEndResponseSchema, {
    method: 'POST',
    body,
  });

/**
 * 结束任职 (county managers and above): from the date on, the person no longer holds the post —
 * staffing counts, compliance and reminders drop it at once.
 */
export function PostEndPage() {
  const { roleId = '' } = useParams();
  const [params] = useSearchParams();
  const name = params.get('name') ?? '';
  const post = params.get('post') ?? '';
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [endedOn, setEndedOn] = useState(today);
  const [reason, setReason] = useState<PostEndReason | null>(null);
  const [note, setNote] = useState('');
  const [error, setError] = useState<string | null>(null);
  const save = useMutation({
    mutationFn: (body: CoordinatorEnd) => endPost(roleId, body),
    onSuccess: () => {
      void queryClient.invalidateQueries();
      Toast.show({ content: '已结束任职' });
      void navigate(-1);
    },
    onError: (e) => setError(errorMessage(e)),
  });
  const submit = async () => {
    const parsed = coordinatorEndBodySchema.safeParse({
      endedOn,
      reason: reason ?? undefined,
      ...(note.trim() ? { note } : {}),
    });
    if (!parsed.success) return setError(parsed.error.issues[0]?.message ?? '请检查填写的内容');
    setError(null);
    const ok = await Dialog.confirm({
      content: `确定结束${name}的${post}任职吗？自 ${parsed.data.endedOn} 起不再计入配备人数和提醒。`,
      confirmText: '结束任职',
      cancelText: '取消',
    });
    if (ok) save.mutate(parsed.data);
  };
  return (
    <>
      <PageHeader title="结束任职" backTo="/coordinators" />
      <div className="form-page">
        <p className="muted">
          {name} · {post}
        </p>
        <Field label="原因" required>
          <Selector
            columns={2}
            showCheckMark={false}
            options={REASONS}
            value={reason ? [reason] : []}
            onChange={(v) => {
              setReason(v[0] ?? null);
              setError(null);
            }}
          />
        </Field>
        <Field label="离任日期" labelFor="post-end-date" required hint="当天起不再担任该岗位">
          <Input id="post-end-date" type="date" value={endedOn} onChange={setEndedOn} />
        </Field>
        <Field label="说明" labelFor="post-end-note">
          <TextArea
            id="post-end-note"
            value={note}
            onChange={setNote}
            maxLength={200}
            placeholder="如：调任区人社局"
          />
        </Field>
      </div>
      <FormActions label="结束任职" onSubmit={() => void submit()} loading={save.isPending} error={error} />
    </>
  );
}
