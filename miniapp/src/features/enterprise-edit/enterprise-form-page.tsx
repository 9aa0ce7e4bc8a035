import { useState } from 'react';
import { Input, Selector, Switch, Toast } from 'antd-mobile';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useNavigate, useParams } from 'react-router';
import {
  enterpriseCreateBodySchema,
  enterprisePatchBodySchema,
  enterpriseSchema,
  jurisdictionListSchema,
  type Enterprise,
} from '@coordnet/shared/api/registry';
import { INDUSTRIES, type Industry } from '@coordnet/shared/domain/enterprise-size';
import { ENTERPRISE_STATUSES, type EnterpriseStatus } from '@coordnet/shared/domain/roles';
import { apiGet, apiRequest, errorMessage } from '../../lib/api';
import { enterprisePath } from '../../lib/links';
import { Field, FormActions } from '../../lib/ui/form-parts';
import { LoadingBlock } from '../../lib/ui/loading-block';
import { PageHeader } from '../../lib/ui/page-header';
import { ErrorState } from '../../lib/ui/query-states';

const INDUSTRY_OPTIONS = (Object.keys(INDUSTRIES) as Industry[]).map((k) => ({
  value: k,
  label: INDUSTRIES[k],
}));
const STATUS_OPTIONS = (Object.keys(ENTERPRISE_STATUSES) as EnterpriseStatus[]).map((k) => ({
  value: k,
  label: ENTERPRISE_STATUSES[k],
}));
const numberOrNull = (text: string) => (text.trim() === '' ? null : Number(text));

/** 新增企业 / 编辑企业信息 (county managers and above): the registry from the phone. */
export function EnterpriseFormPage() {
  const { id } = useParams();
  const existing = useQuery({
    queryKey: ['enterprise-edit', id],
    queryFn: ({ signal }) =>
      apiGet(`/enterprises/${encodeURIComponent(id!)}`, enterpriseSchema, undefined, signal),
    enabled: id !== undefined,
  });
  const title = id ? '编辑企业信息' : '新增企业';
  if (id && existing.isPending)
    return (
      <>
        <PageHeader title={title} backTo="/enterprises" />
        <LoadingBlock rows={8} />
      </>
    );
  if (id && existing.isError)
    return (
      <>
        <PageHeader title={title} backTo="/enterprises" />
        <ErrorState error={existing.error} onRetry={() => void existing.refetch()} />
      </>
    );
  return <EnterpriseForm key={id ?? 'new'} title={title} existing={existing.data ?? null} />;
}

function EnterpriseForm({ title, existing }: { title: string; existing: Enterprise | null }) {
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const places = useQuery({
    queryKey: ['enterprise-edit', 'places'],
    queryFn: async ({ signal }) =>
      (await apiGet('/jurisdictions', jurisdictionListSchema, { depth: 2 }, signal)).items.filter(
        (j) => j.level === 'township' || j.level === 'park',
      ),
    staleTime: 10 * 60_000,
  });
  const [name, setName] = useState(existing?.name ?? '');
  const [uscc, setUscc] = useState('');
  const [jurisdictionCode, setJurisdictionCode] = useState(existing?.jurisdictionCode ?? '');
  const [industry, setIndustry] = useState<Industry>(existing?.industry ?? 'other');
  const [employees, setEmployees] = useState(existing?.employees?.toString() ?? '');
  const [contactName, setContactName] = useState(existing?.contactName ?? '');
  const [contactMobile, setContactMobile] = useState('');
  const [address, setAddress] = useState(existing?.address ?? '');
  const [isKey, setIsKey] = useState(existing?.isKey ?? false);
  const [status, setStatus] = useState<EnterpriseStatus>(existing?.status ?? 'active');
  const [error, setError] = useState<string | null>(null);
  /** A field changed: the last complaint no longer applies. */
  const edit = (set: (value: string) => void) => (value: string) => {
    set(value);
    setError(null);
  };
  // A county with a single township: it is the only choice.
  const chosenCode = jurisdictionCode || (places.data?.length === 1 ? places.data[0]!.code : '');

  const save = useMutation({
    mutationFn: (body: object) =>
      existing
        ? apiRequest(`/enterprises/${encodeURIComponent(existing.id)}`, enterpriseSchema, {
            method: 'PATCH',
            body,
          })
        : apiRequest('/enterprises', enterpriseSchema, { method: 'POST', body }),
    onSuccess: (saved) => {
      void queryClient.invalidateQueries();
      Toast.show({ content: existing ? '已保存' : '已新增' });
      void navigate(enterprisePath(saved.id), { replace: true });
    },
    onError: (e) => setError(errorMessage(e)),
  });

  const submit = () => {
    const common = {
      name,
      jurisdictionCode: chosenCode,
      industry,
      employees: numberOrNull(employees),
      contactName: contactName.trim() || null,
      address: address.trim() || null,
      isKey,
      // A masked mobile is never sent back: blank keeps the stored one.
      ...(contactMobile.trim() ? { contactMobile: contactMobile.trim() } : {}),
    };
    const parsed = existing
      ? enterprisePatchBodySchema.safeParse({ ...common, status })
      : enterpriseCreateBodySchema.safeParse({ ...common, uscc });
    if (!parsed.success) return setError(parsed.error.issues[0]?.message ?? '请检查填写的内容');
    setError(null);
    save.mutate(parsed.data);
  };

  return (
    <>
      <PageHeader title={title} backTo={existing ? enterprisePath(existing.id) : '/enterprises'} />
      <div className="form-page">
        <Field label="企业名称" labelFor="ent-name" required>
          <Input id="ent-name" value={name} onChange={edit(setName)} maxLength={200} />
        </Field>
        {existing ? (
          <p className="muted">统一社会信用代码 {existing.uscc}</p>
        ) : (
          <Field label="统一社会信用代码" labelFor="ent-uscc" required>
            <Input id="ent-uscc" value={uscc} onChange={edit(setUscc)} maxLength={18} placeholder="18 位" />
          </Field>
        )}
        <Field label="所在乡镇(街道)、园区" required>
          <Selector
            columns={2}
            showCheckMark={false}
            options={(places.data ?? []).map((j) => ({ value: j.code, label: j.name }))}
            value={chosenCode ? [chosenCode] : []}
            onChange={(v) => v[0] && setJurisdictionCode(v[0])}
          />
        </Field>
        <Field label="行业">
          <Selector
            columns={2}
            showCheckMark={false}
            options={INDUSTRY_OPTIONS}
            value={[industry]}
            onChange={(v) => v[0] && setIndustry(v[0])}
          />
        </Field>
        <Field label="从业人数" labelFor="ent-employees">
          <Input
            id="ent-employees"
            type="number"
            inputMode="numeric"
            value={employees}
            onChange={edit(setEmployees)}
          />
        </Field>
        <Field label="联系人" labelFor="ent-contact">
          <Input id="ent-contact" value={contactName} onChange={edit(setContactName)} maxLength={50} />
        </Field>
        <Field
          label="联系人手机"
          labelFor="ent-mobile"
          hint={existing?.contactMobile ? `现为 ${existing.contactMobile}，不改则留空` : undefined}
        >
          <Input
            id="ent-mobile"
            type="tel"
            value={contactMobile}
            onChange={edit(setContactMobile)}
            maxLength={11}
          />
        </Field>
        <Field label="地址" labelFor="ent-address">
          <Input id="ent-address" value={address} onChange={edit(setAddress)} maxLength={300} />
        </Field>
        <Field label="重点企业">
          <Switch checked={isKey} onChange={setIsKey} aria-label="重点企业" />
        </Field>
        {existing && (
          <Field label="经营状态" hint="停业、注销的企业不再计入履职要求">
            <Selector
              columns={3}
              showCheckMark={false}
              options={STATUS_OPTIONS}
              value={[status]}
              onChange={(v) => v[0] && setStatus(v[0])}
            />
          </Field>
        )}
      </div>
      <FormActions label="保存" onSubmit={submit} loading={save.isPending} error={error} />
    </>
  );
}
