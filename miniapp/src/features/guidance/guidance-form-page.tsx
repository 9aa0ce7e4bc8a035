import { useState } from 'react';
import { Checkbox, Input, List, Selector, Toast } from 'antd-mobile';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useNavigate, useParams } from 'react-router';
import { GUIDANCE_METHODS, guidanceCreateBodySchema, type GuidanceMethod } from '@coordnet/shared/api/logs';
import {
  GUIDANCE_TOPIC_KEYS,
  GUIDANCE_TOPICS,
  type GuidanceTopic,
} from '@coordnet/shared/domain/guidance-topics';
import { errorMessage } from '../../lib/api';
import { fromLocalInput, toLocalInput } from '../../lib/format';
import { newClientId } from '../../lib/outbox';
import { fetchCoordinatorPage } from '../../lib/registry-api';
import { useFormEnterprise } from '../../lib/use-enterprise-name';
import { CountedTextArea } from '../../lib/ui/counted-text-area';
import { Field, FormActions } from '../../lib/ui/form-parts';
import { LoadingBlock } from '../../lib/ui/loading-block';
import { PageHeader } from '../../lib/ui/page-header';
import { GUIDANCE_LIST_PATH } from './guidance-paths';
import { createGuidance } from './guidance-api';

/** In person, training or phone first: how county staff usually guide. */
const METHOD_OPTIONS = (['onsite', 'training', 'phone', 'meeting', 'dingtalk', 'other'] as const).map(
  (value) => ({ value, label: GUIDANCE_METHODS[value] }),
);
const TOPIC_OPTIONS = GUIDANCE_TOPIC_KEYS.map((value) => ({ value, label: GUIDANCE_TOPICS[value] }));

/**
 * 记录年度指导 (C3): how, on which of the seven topics of seed §二(三) 岗位责任制, and which of the
 * enterprise's own coordinators were met (at least one).
 */
export function GuidanceFormPage() {
  const { enterpriseId = '' } = useParams();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const { name } = useFormEnterprise(enterpriseId);
  const coordinators = useQuery({
    queryKey: ['guidance', 'coordinators', enterpriseId],
    queryFn: ({ signal }) => fetchCoordinatorPage({ enterpriseId, kind: 'enterprise' }, undefined, signal),
  });
  const [clientId] = useState(newClientId);
  const [occurredAt, setOccurredAt] = useState(() => toLocalInput(Date.now()));
  const [method, setMethod] = useState<GuidanceMethod | null>(null);
  const [topics, setTopics] = useState<GuidanceTopic[]>([]);
  const [met, setMet] = useState<string[]>([]);
  const [notes, setNotes] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);

  /** A change answers the message about what was missing. */
  const changed =
    <T,>(set: (value: T) => void) =>
    (value: T) => {
      setError(null);
      set(value);
    };

  const submit = async () => {
    if (!method) return setError('请选择指导方式');
    if (topics.length === 0) return setError('请至少选择一项指导内容');
    if (met.length === 0) return setError('请至少选择一名该企业的劳动关系协调员');
    const at = fromLocalInput(occurredAt);
    if (!at) return setError('请选择指导时间');
    const parsed = guidanceCreateBodySchema.safeParse({
      clientId,
      enterpriseId,
      occurredAt: at.toISOString(),
      method,
      topics,
      notes,
      coordinatorUserIds: met,
    });
    if (!parsed.success) return setError(parsed.error.issues[0]?.message ?? '请检查填写的内容');
    setSaving(true);
    setError(null);
    try {
      await createGuidance(parsed.data);
      await queryClient.invalidateQueries({ queryKey: ['duty'] });
      Toast.show({ content: '已记录年度指导', position: 'bottom' });
      void navigate(GUIDANCE_LIST_PATH, { replace: true });
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setSaving(false);
    }
  };

  const people = coordinators.data?.items ?? [];
  return (
    <>
      <PageHeader title="记录年度指导" backTo={GUIDANCE_LIST_PATH} />
      <div className="form-page">
        <h2 className="form-subject">{name}</h2>
        <Field label="受指导的企业劳动关系协调员" required>
          {coordinators.isPending ? (
            <LoadingBlock />
          ) : people.length === 0 ? (
            <p className="muted">该企业没有在岗的企业劳动关系协调员</p>
          ) : (
            <Checkbox.Group value={met} onChange={(values) => changed(setMet)(values as string[])}>
              <List>
                {people.map((p) => (
                  <List.Item key={p.roleId} description={p.mobile ?? undefined}>
                    <Checkbox value={p.userId}>{p.name}</Checkbox>
                  </List.Item>
                ))}
              </List>
            </Checkbox.Group>
          )}
        </Field>
        <Field label="指导时间" labelFor="guidance-at" required>
          <Input type="datetime-local" id="guidance-at" value={occurredAt} onChange={setOccurredAt} />
        </Field>
        <Field label="指导方式" required>
          <Selector
            columns={3}
            options={METHOD_OPTIONS}
            value={method ? [method] : []}
            onChange={(values) => changed(setMethod)(values[0] ?? null)}
          />
        </Field>
        <Field label="指导内容" required hint="《指导意见》二(三)岗位责任制所列七个方面">
          <Selector
            className="duty-chips"
            multiple
            columns={1}
            options={TOPIC_OPTIONS}
            value={topics}
            onChange={changed(setTopics)}
          />
        </Field>
        <Field label="情况记录" labelFor="guidance-notes">
          <CountedTextArea
            id="guidance-notes"
            placeholder="指导了哪些工作、发现的问题和建议"
            value={notes}
            onChange={setNotes}
            max={2000}
          />
        </Field>
      </div>
      <FormActions label="保存" onSubmit={() => void submit()} loading={saving} error={error} />
    </>
  );
}
