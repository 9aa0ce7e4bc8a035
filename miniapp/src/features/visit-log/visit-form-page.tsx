import { useState } from 'react';
import { Dialog, Toast } from 'antd-mobile';
import { useNavigate, useParams, useSearchParams } from 'react-router';
import { visitCreateBodySchema } from '@coordnet/shared/api/logs';
import { useSession } from '../../app/session-context';
import { enterprisePath, riskReportPath } from '../../lib/links';
import { newClientId } from '../../lib/outbox';
import { saveCorrection, saveWrite, savedMessage } from '../../lib/outbox-runtime';
import type { VisitBody } from '../../lib/outbox-db';
import { useBackfillDays, useEffectiveSettings } from '../../lib/settings-api';
import { useFormEnterprise } from '../../lib/use-enterprise-name';
import { useOfflineDraftForm } from '../../lib/use-offline-draft-form';
import { fieldErrorsOf, hasErrors } from '../../lib/field-errors';
import { occurredAtError } from '../../lib/occurred-at-error';
import { Field, FormActions } from '../../lib/ui/form-parts';
import { PageHeader } from '../../lib/ui/page-header';
import { CheckInPanel, type TakenCheckIn } from './check-in-panel';
import { newPhotos, queuedClientIds } from './picked-photo';
import { emptyVisitContent, visitContentErrors, VisitFields, type VisitContent } from './visit-fields';

interface Draft {
  clientId: string;
  checkIn: TakenCheckIn | null;
  content: VisitContent;
}

/** C2 实地走访: check-in, photos and findings, saved on the phone and sent by the outbox. */
export function VisitFormPage() {
  const { id = '' } = useParams();
  const [params] = useSearchParams();
  const draftId = params.get('draft');
  const { user } = useSession();
  const navigate = useNavigate();
  const [draftName, setDraftName] = useState<string>();
  const { enterprise, name } = useFormEnterprise(id, draftName);
  const settings = useEffectiveSettings(enterprise?.jurisdictionCode);
  const backfillDays = useBackfillDays(enterprise?.jurisdictionCode);
  const registered =
    enterprise?.latitude != null && enterprise.longitude != null
      ? { latitude: enterprise.latitude, longitude: enterprise.longitude }
      : null;

  const form = useOfflineDraftForm<Draft, VisitBody>({
    draftId,
    initial: () => ({ clientId: newClientId(), checkIn: null, content: emptyVisitContent() }),
    fromItem: (item) => {
      if (item.kind !== 'visit') return null;
      setDraftName(item.enterpriseName);
      return {
        clientId: item.clientId,
        checkIn: { checkIn: item.body.checkIn, at: Date.parse(item.body.occurredAt) },
        content: {
          duties: item.body.duties,
          findings: item.body.findings,
          riskLevel: item.body.riskLevel,
          photos: item.photos.map((p) => ({ key: p.clientId, source: 'queued', clientId: p.clientId })),
        },
      };
    },
    check: ({ clientId, checkIn, content }) => {
      const errors = visitContentErrors(content, settings.minVisitPhotos);
      // A visit happens when the check-in was taken: a stored draft may have aged past the window.
      errors.checkIn = checkIn
        ? occurredAtError(new Date(checkIn.at), backfillDays, '请先签到定位')
        : '请先签到定位';
      if (!checkIn || hasErrors(errors)) return { body: null, errors };
      const parsed = visitCreateBodySchema.safeParse({
        clientId,
        enterpriseId: id,
        occurredAt: new Date(checkIn.at).toISOString(),
        checkIn: checkIn.checkIn,
        photos: [],
        duties: content.duties,
        findings: content.findings,
        riskLevel: content.riskLevel,
      });
      if (!parsed.success) return { body: null, errors: { ...errors, ...fieldErrorsOf(parsed.error) } };
      const { photos: _none, ...body } = parsed.data;
      return { body, errors };
    },
    queue: async (body, correcting, { content }) => {
      if (correcting)
        await saveCorrection(
          correcting,
          { body, keepPhotoClientIds: queuedClientIds(content.photos) },
          newPhotos(content.photos),
        );
      else
        await saveWrite(
          { userId: user.id, enterpriseName: name },
          { kind: 'visit', body },
          newPhotos(content.photos),
        );
    },
    onQueued: async (body) => {
      Toast.show({ content: savedMessage(), position: 'bottom' });
      // A high risk found on site is reported at once (seed §二(二): 及时反映发现的风险隐患).
      const report =
        body.riskLevel === 'high' &&
        (await Dialog.confirm({
          title: '发现高风险',
          content: '走访发现高风险隐患，是否立即风险上报？',
          confirmText: '立即上报',
          cancelText: '稍后',
        }));
      void navigate(report ? riskReportPath(id) : enterprisePath(id), {
        replace: true,
        state: { enterpriseName: name },
      });
    },
  });
  const { draft, update, errors } = form;

  return (
    <>
      <PageHeader title="实地走访" backTo={enterprisePath(id)} />
      <div className="form-page">
        <h2 className="form-subject">{name}</h2>
        <Field label="现场签到" required error={errors.checkIn}>
          <CheckInPanel
            value={draft.checkIn}
            onChange={(checkIn) => update({ checkIn })}
            registered={registered}
            farMeters={settings.farCheckInMeters}
            autoLocate={!draftId}
          />
        </Field>
        <VisitFields
          value={draft.content}
          onChange={(content) => update({ content })}
          minPhotos={settings.minVisitPhotos}
          errors={errors}
        />
      </div>
      <FormActions
        label="提交审核"
        onSubmit={() => void form.submit()}
        loading={form.saving}
        error={form.error}
      />
    </>
  );
}
