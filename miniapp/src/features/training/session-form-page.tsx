import { useState } from 'react';
import { Input, Toast } from 'antd-mobile';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useNavigate } from 'react-router';
import { trainingSessionCreateBodySchema } from '@coordnet/shared/api/development';
import { errorMessage } from '../../lib/api';
import { Field, FormActions } from '../../lib/ui/form-parts';
import { PageHeader } from '../../lib/ui/page-header';
import { EmptyState } from '../../lib/ui/query-states';
import { PersonPicker, type PickedPerson } from './person-picker';
import { createSession, trainingKeys } from './training-api';
import { useOrganiser } from './use-organiser';

const today = () => new Date().toLocaleDateString('sv-SE', { timeZone: 'Asia/Shanghai' });

/** 登记培训: date, topic, hours, trainer and the people who attended (职业培训机制). */
export function SessionFormPage() {
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const { role } = useOrganiser();
  const [heldOn, setHeldOn] = useState(today);
  const [topic, setTopic] = useState('');
  const [hours, setHours] = useState('');
  const [trainer, setTrainer] = useState('');
  const [people, setPeople] = useState<PickedPerson[]>([]);
  const [error, setError] = useState<string | null>(null);
  const save = useMutation({
    mutationFn: createSession,
    onSuccess: (s) => {
      void queryClient.invalidateQueries({ queryKey: trainingKeys.all });
      Toast.show({ content: `已登记，参训 ${s.attendees} 人` });
      void navigate(`/training?${new URLSearchParams({ jurisdiction: s.jurisdictionCode })}`, {
        replace: true,
      });
    },
    onError: (e) => setError(errorMessage(e)),
  });
  if (!role)
    return (
      <>
        <PageHeader title="登记培训" backTo="/training" />
        <EmptyState title="暂无权限" description="培训由市、县(市、区)人力社保局管理人员登记" />
      </>
    );
  const submit = () => {
    const parsed = trainingSessionCreateBodySchema.safeParse({
      jurisdictionCode: role.jurisdictionCode,
      heldOn,
      topic,
      hours: hours.trim() === '' ? undefined : Number(hours),
      trainer,
      attendeeUserIds: people.map((p) => p.userId),
    });
    if (!parsed.success) return setError(parsed.error.issues[0]?.message ?? '请检查填写的内容');
    if (parsed.data.attendeeUserIds.length === 0) return setError('请选择参训人员');
    setError(null);
    save.mutate(parsed.data);
  };
  return (
    <>
      <PageHeader title="登记培训" backTo="/training" />
      <div className="form-page">
        <p className="muted">组织单位：{role.jurisdictionName}</p>
        <Field label="培训日期" labelFor="session-date" required>
          <Input id="session-date" type="date" value={heldOn} onChange={setHeldOn} />
        </Field>
        <Field label="培训主题" labelFor="session-topic" required>
          <Input
            id="session-topic"
            value={topic}
            onChange={setTopic}
            placeholder="如：劳动争议调解实务"
            maxLength={200}
          />
        </Field>
        <Field label="学时" labelFor="session-hours" required>
          <Input
            id="session-hours"
            type="number"
            inputMode="decimal"
            value={hours}
            onChange={setHours}
            placeholder="如 4"
          />
        </Field>
        <Field label="授课人" labelFor="session-trainer" required>
          <Input id="session-trainer" value={trainer} onChange={setTrainer} maxLength={100} />
        </Field>
        <Field
          label={`参训人员（已选 ${people.length} 人）`}
          required
          hint={`${role.jurisdictionName}的协调员`}
        >
          <PersonPicker
            jurisdiction={role.jurisdictionCode}
            multiple
            value={people}
            onChange={(next) => {
              setPeople(next);
              setError(null);
            }}
          />
        </Field>
      </div>
      <FormActions label="保存" onSubmit={submit} loading={save.isPending} error={error} />
    </>
  );
}
