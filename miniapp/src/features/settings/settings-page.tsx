import { useState, type ReactNode } from 'react';
import { Selector, Switch, Toast } from 'antd-mobile';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  SETTING_LABELS,
  settingsPutBodySchema,
  type PolicySettingKey,
  type PolicySettings,
  type SettingsOverrides,
  type SettingsResponse,
} from '@coordnet/shared/api/settings';
import { useSession } from '../../app/session-context';
import { errorMessage } from '../../lib/api';
import { formatDateTime } from '../../lib/format';
import { managerRoles } from '../../lib/roles';
import { fetchSettings, putSettings, settingsKeys } from '../../lib/settings-api';
import { Field, FormActions } from '../../lib/ui/form-parts';
import { PageHeader } from '../../lib/ui/page-header';
import { EmptyState, ErrorState } from '../../lib/ui/query-states';
import { LoadingBlock } from '../../lib/ui/loading-block';
import {
  ApproverField,
  describeValue,
  NumberField,
  NUMBER_KEYS,
  SCOPE_KEYS,
  ScopeField,
  WeightsField,
} from './setting-fields';

/** 设置: a county's (or city's, province's) policy settings, for its manager supervisors. */
export function SettingsPage() {
  const { user } = useSession();
  const roles = managerRoles(user);
  const [code, setCode] = useState(roles[0]?.jurisdictionCode ?? '');
  const settings = useQuery({
    queryKey: settingsKeys.one(code),
    queryFn: ({ signal }) => fetchSettings(code, signal),
    enabled: code !== '',
  });

  return (
    <>
      <PageHeader title="工作规则设置" backTo="/me" />
      {roles.length === 0 ? (
        <EmptyState title="只有县(市、区)及以上人力社保局管理人员可以设置工作规则" />
      ) : (
        <>
          {roles.length > 1 && (
            <div className="filter-bar">
              <Selector
                aria-label="设置的地区"
                showCheckMark={false}
                options={roles.map((r) => ({ value: r.jurisdictionCode, label: r.jurisdictionName }))}
                value={[code]}
                onChange={(values) => values[0] && setCode(values[0])}
              />
            </div>
          )}
          {settings.isPending ? (
            <LoadingBlock rows={8} />
          ) : settings.isError ? (
            <ErrorState error={settings.error} onRetry={() => void settings.refetch()} />
          ) : (
            <SettingsForm key={`${code}-${settings.data.updatedAt ?? ''}`} data={settings.data} />
          )}
        </>
      )}
    </>
  );
}

function SettingsForm({ data }: { data: SettingsResponse }) {
  const queryClient = useQueryClient();
  const [overrides, setOverrides] = useState<SettingsOverrides>(data.overrides);
  const [error, setError] = useState<string | null>(null);
  const save = useMutation({
    mutationFn: (body: SettingsOverrides) => putSettings(data.jurisdictionCode, body),
    onSuccess: (next) => {
      queryClient.setQueryData(settingsKeys.one(data.jurisdictionCode), next);
      void queryClient.invalidateQueries({ queryKey: ['duty'] });
      Toast.show({ content: '已保存' });
    },
    onError: (failure) => setError(errorMessage(failure)),
  });
  const inherited = { ...data.effective } as PolicySettings;
  const valueOf = <K extends PolicySettingKey>(key: K): PolicySettings[K] =>
    (overrides[key] as PolicySettings[K] | undefined) ?? inherited[key];
  const setValue = <K extends PolicySettingKey>(key: K, value: PolicySettings[K] | undefined) =>
    setOverrides((prev) => {
      const next = { ...prev };
      if (value === undefined) delete next[key];
      else next[key] = value;
      return next;
    });

  const submit = () => {
    const parsed = settingsPutBodySchema.safeParse(overrides);
    if (!parsed.success) return setError(parsed.error.issues[0]?.message ?? '请检查填写的内容');
    setError(null);
    save.mutate(parsed.data);
  };

  const own = (key: PolicySettingKey) => overrides[key] !== undefined;
  const field = (key: PolicySettingKey, editor: ReactNode) => (
    <Field
      key={key}
      label={SETTING_LABELS[key]}
      hint={
        data.editable ? (
          <label className="setting-inherit">
            <Switch
              checked={!own(key)}
              onChange={(inherit) =>
                setValue(key, inherit ? undefined : (inherited[key] as PolicySettings[typeof key]))
              }
              aria-label={`${SETTING_LABELS[key]}沿用上级规定`}
            />
            沿用上级规定{!own(key) && `（${describeValue(key, data.effective)}）`}
          </label>
        ) : undefined
      }
    >
      {data.editable && own(key) ? (
        editor
      ) : (
        <p className="setting-value">{describeValue(key, data.effective)}</p>
      )}
    </Field>
  );

  return (
    <>
      <div className="form-page">
        <h2 className="form-subject">{data.jurisdictionName}</h2>
        <p className="muted">
          {data.editable ? '未单独设置的项目沿用上级（市、省）规定。' : '您可以查看本地区适用的规则。'}
          {data.updatedAt && ` 最近修改：${formatDateTime(data.updatedAt)}`}
        </p>
        {SCOPE_KEYS.map((key) =>
          field(key, <ScopeField value={valueOf(key)} onChange={(value) => setValue(key, value)} />),
        )}
        {field(
          'approverLevel',
          <ApproverField
            value={valueOf('approverLevel')}
            onChange={(value) => setValue('approverLevel', value)}
          />,
        )}
        {NUMBER_KEYS.map((key) =>
          field(
            key,
            <NumberField
              label={SETTING_LABELS[key]}
              value={valueOf(key)}
              onChange={(value) => setValue(key, value)}
            />,
          ),
        )}
        {field(
          'evaluationWeights',
          <WeightsField
            value={valueOf('evaluationWeights')}
            onChange={(value) => setValue('evaluationWeights', value)}
          />,
        )}
      </div>
      {data.editable && (
        <FormActions label="保存设置" onSubmit={submit} loading={save.isPending} error={error} />
      )}
    </>
  );
}
