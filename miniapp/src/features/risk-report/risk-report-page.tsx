import { useState } from 'react';
import { Input, List, Selector, Toast } from 'antd-mobile';
import { useQuery } from '@tanstack/react-query';
import { useNavigate, useSearchParams } from 'react-router';
import {
  RISK_KINDS,
  RISK_SEVERITIES,
  riskReportCreateBodySchema,
  type RiskKind,
  type RiskReportCreate,
  type RiskSeverity,
} from '@coordnet/shared/api/logs';
import { useSession } from '../../app/session-context';
import { fieldErrorsOf, type FieldErrors } from '../../lib/field-errors';
import { fromLocalInput, toLocalInput } from '../../lib/format';
import { fetchLogPage } from '../../lib/log-api';
import { logKeys } from '../../lib/log-keys';
import { MY_LOGS_PATH } from '../../lib/links';
import { occurredAtError } from '../../lib/occurred-at-error';
import { newClientId } from '../../lib/outbox';
import { saveCorrection, saveWrite, savedMessage } from '../../lib/outbox-runtime';
import { enterpriseRoles } from '../../lib/roles';
import { useBackfillDays } from '../../lib/settings-api';
import { useFormEnterprise } from '../../lib/use-enterprise-name';
import { useOfflineDraftForm } from '../../lib/use-offline-draft-form';
import { CountedTextArea } from '../../lib/ui/counted-text-area';
import { Field, FormActions } from '../../lib/ui/form-parts';
import { LogItem } from '../../lib/ui/log-item';
import { PageHeader } from '../../lib/ui/page-header';
import { EmptyState } from '../../lib/ui/query-states';

const KIND_OPTIONS = Object.entries(RISK_KINDS).map(([value, label]) => ({
  value: value as RiskKind,
  label,
}));
const SEVERITY_OPTIONS = Object.entries(RISK_SEVERITIES).map(([value, label]) => ({
  value: value as RiskSeverity,
  label,
}));

interface Draft {
  clientId: string;
  enterpriseId: string;
  occurredAt: string;
  riskKind: RiskKind | null;
  severity: RiskSeverity | null;
  peopleAffected: string;
  amountInvolved: string;
  description: string;
}

/** The report the server would get, checked with its own schema and occurred-at rule, by field. */
function checkDraft(draft: Draft, backfillDays: number | undefined) {
  const occurredAt = fromLocalInput(draft.occurredAt);
  const parsed = riskReportCreateBodySchema.safeParse({
    clientId: draft.clientId,
    enterpriseId: draft.enterpriseId,
    occurredAt: occurredAt?.toISOString(),
    riskKind: draft.riskKind,
    severity: draft.severity,
    peopleAffected: Number(draft.peopleAffected || '0'),
    amountInvolved: draft.amountInvolved.trim() === '' ? null : Number(draft.amountInvolved),
    description: draft.description,
  });
  const errors: FieldErrors = parsed.success ? {} : fieldErrorsOf(parsed.error);
  errors.occurredAt = occurredAtError(occurredAt, backfillDays, '请选择发生时间');
  if (!draft.riskKind) errors.riskKind = '请选择风险类型';
  if (!draft.severity) errors.severity = '请选择严重程度';
  return { body: parsed.success ? parsed.data : null, errors };
}

/**
 * C4 风险上报: an enterprise coordinator reports a dispute or risk at once — and so may the township,
 * park or community coordinator from the enterprise's page (seed §二(二), fifth duty: every
 * coordinator's). Saved on the phone first.
 */
export function RiskReportPage() {
  const { user } = useSession();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const draftId = params.get('draft');
  const mine = enterpriseRoles(user);
  const [draftName, setDraftName] = useState<string>();
  const [enterpriseId, setEnterpriseId] = useState(params.get('enterprise') ?? mine[0]?.enterpriseId ?? '');
  const own = mine.find((role) => role.enterpriseId === enterpriseId);
  const { enterprise, name } = useFormEnterprise(enterpriseId, own?.enterpriseName ?? draftName);
  const backfillDays = useBackfillDays(enterprise?.jurisdictionCode);
  const form = useOfflineDraftForm<Draft, RiskReportCreate>({
    draftId,
    initial: () => ({
      clientId: newClientId(),
      enterpriseId,
      occurredAt: toLocalInput(Date.now()),
      riskKind: null,
      severity: null,
      peopleAffected: '',
      amountInvolved: '',
      description: '',
    }),
    fromItem: (item) => {
      if (item.kind !== 'risk_report') return null;
      const b = item.body;
      setDraftName(item.enterpriseName);
      setEnterpriseId(b.enterpriseId);
      return {
        clientId: b.clientId,
        enterpriseId: b.enterpriseId,
        occurredAt: toLocalInput(Date.parse(b.occurredAt)),
        riskKind: b.riskKind,
        severity: b.severity,
        peopleAffected: String(b.peopleAffected),
        amountInvolved: b.amountInvolved == null ? '' : String(b.amountInvolved),
        description: b.description,
      };
    },
    check: (draft) => checkDraft(draft, backfillDays),
    queue: async (body, correcting) => {
      if (correcting) await saveCorrection(correcting, { body });
      else await saveWrite({ userId: user.id, enterpriseName: name }, { kind: 'risk_report', body });
    },
    onQueued: () => {
      Toast.show({ content: savedMessage(), position: 'bottom' });
      void navigate(MY_LOGS_PATH);
    },
  });
  const { draft, errors } = form;
  const update = (change: Partial<Draft>) => {
    if (change.enterpriseId !== undefined) setEnterpriseId(change.enterpriseId);
    form.update(change);
  };

  return (
    <>
      <PageHeader title="风险上报" />
      <div className="form-page">
        {mine.length > 1 && !params.get('enterprise') ? (
          <Field label="企业" required>
            <Selector
              columns={1}
              options={mine.map((role) => ({ value: role.enterpriseId, label: role.enterpriseName ?? '' }))}
              value={[draft.enterpriseId]}
              onChange={(values) => values[0] && update({ enterpriseId: values[0] })}
            />
          </Field>
        ) : (
          <h2 className="form-subject">{draft.enterpriseId ? name : '您没有可上报的企业'}</h2>
        )}
        {draft.severity === 'major' && (
          <p className="form-hint-strong" role="note">
            重大劳动关系矛盾纠纷将立即推送至县(市、区)工作群，请同时电话报告。
          </p>
        )}
        <Field label="发生时间" labelFor="risk-occurred-at" required error={errors.occurredAt}>
          <Input
            type="datetime-local"
            id="risk-occurred-at"
            value={draft.occurredAt}
            onChange={(occurredAt) => update({ occurredAt })}
          />
        </Field>
        <Field label="风险类型" required error={errors.riskKind}>
          <Selector
            columns={2}
            options={KIND_OPTIONS}
            value={draft.riskKind ? [draft.riskKind] : []}
            onChange={(values) => update({ riskKind: values[0] ?? null })}
          />
        </Field>
        <Field label="严重程度" required error={errors.severity}>
          <Selector
            columns={1}
            options={SEVERITY_OPTIONS}
            value={draft.severity ? [draft.severity] : []}
            onChange={(values) => update({ severity: values[0] ?? null })}
          />
        </Field>
        <Field label="涉及人数" labelFor="risk-people" error={errors.peopleAffected}>
          <Input
            type="number"
            inputMode="numeric"
            id="risk-people"
            placeholder="0"
            value={draft.peopleAffected}
            onChange={(peopleAffected) => update({ peopleAffected })}
          />
        </Field>
        <Field label="涉及金额(万元)" labelFor="risk-amount" error={errors.amountInvolved}>
          <Input
            type="number"
            inputMode="decimal"
            id="risk-amount"
            placeholder="如拖欠工资总额，可不填"
            value={draft.amountInvolved}
            onChange={(amountInvolved) => update({ amountInvolved })}
          />
        </Field>
        <Field label="情况说明" labelFor="risk-description" required error={errors.description}>
          <CountedTextArea
            id="risk-description"
            placeholder="发生了什么、涉及哪些人员、目前的处理情况"
            value={draft.description}
            onChange={(description) => update({ description })}
            max={4000}
            minRows={4}
            maxRows={10}
          />
        </Field>
      </div>
      <FormActions
        label="提交上报"
        onSubmit={() => void form.submit()}
        loading={form.saving}
        disabled={!draft.enterpriseId}
        error={form.error}
      />
      <MyReports />
    </>
  );
}

function MyReports() {
  const filter = { kind: 'risk_report' as const, mine: true };
  const reports = useQuery({
    queryKey: logKeys.list(filter),
    queryFn: ({ signal }) => fetchLogPage(filter, undefined, signal, 10),
    retry: false,
  });
  if (!reports.data) return null;
  return (
    <>
      <h3 className="section-title">我的上报记录</h3>
      {reports.data.items.length === 0 ? (
        <EmptyState title="暂无上报记录" />
      ) : (
        <List>
          {reports.data.items.map((log) => (
            <LogItem key={log.id} log={log} />
          ))}
        </List>
      )}
    </>
  );
}
