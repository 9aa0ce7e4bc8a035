import { useState } from 'react';
import { Input, Picker, Selector, Switch, Toast } from 'antd-mobile';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useNavigate, useParams } from 'react-router';
import {
  WORK_GROUP_DELIVERIES,
  workGroupCreateBodySchema,
  workGroupPatchBodySchema,
  type WorkGroup,
  type WorkGroupDelivery,
  type WorkGroupPatch,
} from '@coordnet/shared/api/work-groups';
import { LEVEL_LABELS } from '@coordnet/shared/domain/jurisdiction-code';
import { useSession } from '../../app/session-context';
import { errorMessage } from '../../lib/api';
import { fetchChildren } from '../../lib/registry-api';
import { createWorkGroup, fetchWorkGroups, reminderKeys, updateWorkGroup } from '../../lib/reminder-api';
import { managerRoles } from '../../lib/roles';
import { Field, FormActions } from '../../lib/ui/form-parts';
import { LoadingBlock } from '../../lib/ui/loading-block';
import { PageHeader } from '../../lib/ui/page-header';
import { EmptyState, ErrorState } from '../../lib/ui/query-states';

const DELIVERY_OPTIONS = (Object.keys(WORK_GROUP_DELIVERIES) as WorkGroupDelivery[]).map((value) => ({
  value,
  label: WORK_GROUP_DELIVERIES[value],
}));

/** 新建工作群 / 修改工作群. The token and the 加签 secret are write-only: never shown, only replaced. */
export function WorkGroupFormPage() {
  const { id } = useParams();
  const groups = useQuery({
    queryKey: reminderKeys.groups(true),
    queryFn: ({ signal }) => fetchWorkGroups(true, signal),
    enabled: Boolean(id),
  });
  const title = id ? '修改工作群' : '新建工作群';
  if (!id) return <WorkGroupForm />;
  const group = groups.data?.find((g) => g.id === id);
  return groups.isPending ? (
    <>
      <PageHeader title={title} backTo="/work-groups" />
      <LoadingBlock rows={6} />
    </>
  ) : groups.isError ? (
    <>
      <PageHeader title={title} backTo="/work-groups" />
      <ErrorState error={groups.error} onRetry={() => void groups.refetch()} />
    </>
  ) : group ? (
    <WorkGroupForm group={group} />
  ) : (
    <>
      <PageHeader title={title} backTo="/work-groups" />
      <EmptyState title="找不到该工作群" />
    </>
  );
}

function WorkGroupForm({ group }: { group?: WorkGroup }) {
  const { user } = useSession();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const roots = managerRoles(user);
  const [jurisdiction, setJurisdiction] = useState(
    group?.jurisdictionCode ?? roots[0]?.jurisdictionCode ?? '',
  );
  const [picking, setPicking] = useState(false);
  const [name, setName] = useState(group?.name ?? '');
  const [delivery, setDelivery] = useState<WorkGroupDelivery>(group?.delivery ?? 'webhook');
  const [accessToken, setAccessToken] = useState('');
  const [secret, setSecret] = useState('');
  const [removeSecret, setRemoveSecret] = useState(false);
  const [keyword, setKeyword] = useState(group?.keyword ?? '');
  const [openConversationId, setOpenConversationId] = useState(group?.openConversationId ?? '');
  const [error, setError] = useState<string | null>(null);

  // The places a group may be set up for: my managed jurisdictions and two levels below them.
  const places = useQuery({
    queryKey: ['reminders', 'places', roots.map((r) => r.jurisdictionCode)],
    queryFn: async ({ signal }) => {
      const below = await Promise.all(roots.map((r) => fetchChildren2(r.jurisdictionCode, signal)));
      return roots.flatMap((r, i) => [
        { value: r.jurisdictionCode, label: `${r.jurisdictionName}（${LEVEL_LABELS[r.jurisdictionLevel]}）` },
        ...below[i]!.map((j) => ({
          value: j.code,
          label: `${'　'.repeat(j.indent)}${j.name}（${LEVEL_LABELS[j.level]}）`,
        })),
      ]);
    },
    enabled: !group,
  });

  const save = useMutation({
    mutationFn: async () => {
      if (group) {
        const patch: WorkGroupPatch = {};
        if (name.trim() !== group.name) patch.name = name;
        if (delivery !== group.delivery) patch.delivery = delivery;
        if (delivery === 'webhook') {
          if (accessToken.trim()) patch.accessToken = accessToken;
          if (removeSecret) patch.secret = null;
          else if (secret.trim()) patch.secret = secret;
        } else if (openConversationId.trim() !== (group.openConversationId ?? ''))
          patch.openConversationId = openConversationId;
        const nextKeyword = keyword.trim() === '' ? null : keyword;
        if (nextKeyword !== group.keyword) patch.keyword = nextKeyword;
        const parsed = workGroupPatchBodySchema.safeParse(patch);
        if (!parsed.success) throw new Error(parsed.error.issues[0]?.message ?? '请检查填写的内容');
        return updateWorkGroup(group.id, parsed.data);
      }
      const parsed = workGroupCreateBodySchema.safeParse({
        jurisdictionCode: jurisdiction,
        name,
        delivery,
        ...(delivery === 'webhook'
          ? { accessToken, ...(secret.trim() ? { secret } : {}) }
          : { openConversationId }),
        ...(keyword.trim() ? { keyword } : {}),
      });
      if (!parsed.success) throw new Error(parsed.error.issues[0]?.message ?? '请检查填写的内容');
      return createWorkGroup(parsed.data);
    },
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: reminderKeys.allGroups() });
      Toast.show({ content: '已保存，可发送测试消息检查设置' });
      void navigate('/work-groups', { replace: true });
    },
    onError: (failure) => setError(errorMessage(failure)),
  });

  const placeLabel = places.data?.find((p) => p.value === jurisdiction)?.label.trim();
  return (
    <>
      <PageHeader title={group ? '修改工作群' : '新建工作群'} backTo="/work-groups" />
      <div className="form-page">
        {group ? (
          <h2 className="form-subject">{group.jurisdictionName}</h2>
        ) : (
          <Field label="所属地区" required>
            <button type="button" className="picker-button" onClick={() => setPicking(true)}>
              {placeLabel ?? '请选择'}
            </button>
            <Picker
              title="所属地区"
              confirmText="确定"
              cancelText="取消"
              visible={picking}
              onClose={() => setPicking(false)}
              columns={[places.data ?? []]}
              value={[jurisdiction]}
              onConfirm={(values) => values[0] && setJurisdiction(String(values[0]))}
            />
          </Field>
        )}
        <Field label="工作群名称" labelFor="wg-name" required>
          <Input id="wg-name" value={name} onChange={setName} placeholder="如：三墩镇劳动关系协调员工作群" />
        </Field>
        <Field label="发送方式">
          <Selector
            columns={2}
            showCheckMark={false}
            options={DELIVERY_OPTIONS}
            value={[delivery]}
            onChange={(values) => values[0] && setDelivery(values[0])}
          />
        </Field>
        {delivery === 'webhook' ? (
          <>
            <Field
              label="群机器人地址"
              labelFor="wg-token"
              required={!group || group.delivery !== 'webhook'}
              hint={
                group?.delivery === 'webhook'
                  ? '已设置（出于安全不显示）；留空则不修改'
                  : '钉钉群设置 → 机器人 → 自定义机器人 → 复制机器人地址'
              }
            >
              <Input
                id="wg-token"
                type="password"
                autoComplete="off"
                value={accessToken}
                onChange={setAccessToken}
                placeholder={
                  group?.delivery === 'webhook'
                    ? '••••••（不修改请留空）'
                    : 'https://oapi.dingtalk.com/robot/send?access_token=…'
                }
              />
            </Field>
            <Field
              label="加签密钥(SEC 开头，选填)"
              labelFor="wg-secret"
              hint={
                group?.hasSecret ? (
                  <label className="setting-inherit">
                    <Switch checked={removeSecret} onChange={setRemoveSecret} aria-label="移除加签" />
                    移除加签（已设置，出于安全不显示；留空则不修改）
                  </label>
                ) : (
                  '机器人安全设置选择“加签”时填写'
                )
              }
            >
              <Input
                id="wg-secret"
                type="password"
                autoComplete="off"
                value={secret}
                onChange={setSecret}
                disabled={removeSecret}
                placeholder={group?.hasSecret ? '••••••（不修改请留空）' : 'SEC…'}
              />
            </Field>
          </>
        ) : (
          <Field
            label="群 openConversationId"
            labelFor="wg-cid"
            required
            hint="先把本应用的机器人添加到钉钉群，再填写该群的 openConversationId（cid 开头）"
          >
            <Input
              id="wg-cid"
              value={openConversationId}
              onChange={setOpenConversationId}
              placeholder="cid…"
            />
          </Field>
        )}
        <Field
          label="自定义关键词(选填)"
          labelFor="wg-keyword"
          hint="机器人安全设置选择“自定义关键词”时填写，每条消息标题都会带上"
        >
          <Input id="wg-keyword" value={keyword} onChange={setKeyword} placeholder="如：协调员" />
        </Field>
      </div>
      <FormActions
        label="保存"
        onSubmit={() => {
          setError(null);
          save.mutate();
        }}
        loading={save.isPending}
        error={error}
      />
    </>
  );
}

/** Children and grandchildren of a jurisdiction, in tree order, with their depth below it. */
async function fetchChildren2(code: string, signal?: AbortSignal) {
  const children = await fetchChildren(code, signal);
  const nested = await Promise.all(
    children.map(async (c) =>
      c.childCount > 0 && (c.level === 'city' || c.level === 'county') ? fetchChildren(c.code, signal) : [],
    ),
  );
  return children.flatMap((c, i) => [
    { ...c, indent: 1 },
    ...nested[i]!.filter((g) => g.level !== 'community').map((g) => ({ ...g, indent: 2 })),
  ]);
}
