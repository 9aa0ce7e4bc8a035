import { useState } from 'react';
import { Input, Selector, Toast } from 'antd-mobile';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useNavigate, useParams, useSearchParams } from 'react-router';
import {
  CONTACT_CHANNELS,
  RISK_KINDS,
  contactCreateBodySchema,
  type ContactChannel,
  type ContactCreate,
  type RiskKind,
} from '@coordnet/shared/api/logs';
import type { Duty } from '@coordnet/shared/domain/duties';
import { useSession } from '../../app/session-context';
import { fieldErrorsOf, type FieldErrors } from '../../lib/field-errors';
import { fromLocalInput, toLocalInput } from '../../lib/format';
import { enterprisePath } from '../../lib/links';
import { occurredAtError } from '../../lib/occurred-at-error';
import { newClientId } from '../../lib/outbox';
import { saveCorrection, saveWrite, savedMessage } from '../../lib/outbox-runtime';
import { enterpriseCoordinatorsQuery } from '../../lib/enterprise-queries';
import { useBackfillDays } from '../../lib/settings-api';
import { useFormEnterprise } from '../../lib/use-enterprise-name';
import { useOfflineDraftForm } from '../../lib/use-offline-draft-form';
import { CountedTextArea } from '../../lib/ui/counted-text-area';
import { DutyChips } from '../../lib/ui/duty-chips';
import { Field, FormActions } from '../../lib/ui/form-parts';
import { PageHeader } from '../../lib/ui/page-header';

const CHANNEL_OPTIONS = Object.entries(CONTACT_CHANNELS).map(([value, label]) => ({
  value: value as ContactChannel,
  label,
}));
const RISK_OPTIONS = Object.entries(RISK_KINDS).map(([value, label]) => ({
  value: value as RiskKind,
  label,
}));
/** The enterprise's contact person rather than one of its coordinators. */
const CONTACT_PERSON = 'contact-person';

interface Draft {
  clientId: string;
  occurredAt: string;
  channel: ContactChannel;
  contacted: string;
  duties: Duty[];
  notes: string;
  riskFlags: RiskKind[];
}

/**
 * The body the server would get, checked with the server's own schema and occurred-at rule: each
 * field's first problem, in the server's Chinese, so the form can show them all at the fields.
 */
function checkDraft(draft: Draft, enterpriseId: string, backfillDays: number | undefined) {
  const occurredAt = fromLocalInput(draft.occurredAt);
  const parsed = contactCreateBodySchema.safeParse({
    clientId: draft.clientId,
    enterpriseId,
    occurredAt: occurredAt?.toISOString(),
    channel: draft.channel,
    duties: draft.duties,
    notes: draft.notes,
    contactedUserId: draft.contacted === CONTACT_PERSON ? null : draft.contacted,
    riskFlags: draft.riskFlags,
  });
  const errors: FieldErrors = parsed.success ? {} : fieldErrorsOf(parsed.error);
  errors.occurredAt = occurredAtError(occurredAt, backfillDays, '请选择联络时间');
  return { body: parsed.success ? parsed.data : null, errors };
}

function blankDraft(): Draft {
  return {
    clientId: newClientId(),
    occurredAt: toLocalInput(Date.now()),
    channel: 'phone',
    contacted: CONTACT_PERSON,
    duties: [],
    notes: '',
    riskFlags: [],
  };
}

/** C1 联络 log: saved on the phone at once and sent by the outbox. */
export function ContactFormPage() {
  const { id = '' } = useParams();
  const [params] = useSearchParams();
  const draftId = params.get('draft');
  const { user } = useSession();
  const navigate = useNavigate();
  const [draftName, setDraftName] = useState<string>();
  const { enterprise, name } = useFormEnterprise(id, draftName);
  const backfillDays = useBackfillDays(enterprise?.jurisdictionCode);
  const form = useOfflineDraftForm<Draft, ContactCreate>({
    draftId,
    initial: blankDraft,
    fromItem: (item) => {
      if (item.kind !== 'contact') return null;
      setDraftName(item.enterpriseName);
      return {
        clientId: item.clientId,
        occurredAt: toLocalInput(Date.parse(item.body.occurredAt)),
        channel: item.body.channel,
        contacted: item.body.contactedUserId ?? CONTACT_PERSON,
        duties: item.body.duties,
        notes: item.body.notes,
        riskFlags: item.body.riskFlags,
      };
    },
    check: (draft) => checkDraft(draft, id, backfillDays),
    queue: async (body, correcting) => {
      if (correcting) await saveCorrection(correcting, { body });
      else await saveWrite({ userId: user.id, enterpriseName: name }, { kind: 'contact', body });
    },
    onQueued: () => {
      Toast.show({ content: savedMessage(), position: 'bottom' });
      void navigate(enterprisePath(id), { replace: true });
    },
  });
  const { draft, update, errors } = form;

  const coordinators = useQuery({ ...enterpriseCoordinatorsQuery(useQueryClient(), id), retry: false });
  const people = [
    { value: CONTACT_PERSON, label: '企业联系人' },
    ...(coordinators.data?.items ?? [])
      .filter((c) => c.kind === 'enterprise')
      .map((c) => ({ value: c.userId, label: c.name })),
  ];

  return (
    <>
      <PageHeader title="记录联络" backTo={enterprisePath(id)} />
      <div className="form-page">
        <h2 className="form-subject">{name}</h2>
        <Field label="联络时间" labelFor="contact-occurred-at" required error={errors.occurredAt}>
          <Input
            type="datetime-local"
            id="contact-occurred-at"
            value={draft.occurredAt}
            onChange={(value) => update({ occurredAt: value })}
          />
        </Field>
        <Field label="联络方式" required>
          <Selector
            columns={3}
            options={CHANNEL_OPTIONS}
            value={[draft.channel]}
            onChange={(values) => values[0] && update({ channel: values[0] })}
          />
        </Field>
        <Field
          label="联络对象"
          hint={coordinators.isError ? '暂时无法读取企业协调员名单，可先按企业联系人记录' : undefined}
        >
          <Selector
            columns={2}
            options={people}
            value={[draft.contacted]}
            onChange={(values) => values[0] && update({ contacted: values[0] })}
          />
        </Field>
        <Field label="工作内容" required hint="可多选" error={errors.duties}>
          <DutyChips value={draft.duties} onChange={(duties) => update({ duties })} />
        </Field>
        <Field label="情况记录" labelFor="contact-notes" error={errors.notes}>
          <CountedTextArea
            id="contact-notes"
            placeholder="联络的主要内容、企业用工情况等"
            value={draft.notes}
            onChange={(notes) => update({ notes })}
            max={2000}
          />
        </Field>
        <Field label="发现的风险隐患" hint="如有，请选择；重大劳动关系矛盾纠纷请另行风险上报">
          <Selector
            multiple
            columns={2}
            options={RISK_OPTIONS}
            value={draft.riskFlags}
            onChange={(riskFlags) => update({ riskFlags })}
          />
        </Field>
      </div>
      <FormActions
        label="保存"
        onSubmit={() => void form.submit()}
        loading={form.saving}
        error={form.error}
      />
    </>
  );
}
