import { NoticeBar, Toast } from 'antd-mobile';
import { useQuery } from '@tanstack/react-query';
import { useNavigate, useParams, useSearchParams } from 'react-router';
import type { LogDetail } from '@coordnet/shared/api/logs';
import { useSession } from '../../app/session-context';
import { fetchLog } from '../../lib/log-api';
import { logKeys } from '../../lib/log-keys';
import { MY_LOGS_PATH } from '../../lib/links';
import type { RevisionBody } from '../../lib/outbox-db';
import { saveCorrection, saveWrite, savedMessage } from '../../lib/outbox-runtime';
import { useEffectiveSettings } from '../../lib/settings-api';
import { hasErrors } from '../../lib/field-errors';
import { useOfflineDraftForm } from '../../lib/use-offline-draft-form';
import { Field, FormActions } from '../../lib/ui/form-parts';
import { PageHeader } from '../../lib/ui/page-header';
import { VisitRevisions } from '../../lib/ui/visit-revisions';
import { ErrorState } from '../../lib/ui/query-states';
import { LoadingBlock } from '../../lib/ui/loading-block';
import { useFormEnterprise } from '../../lib/use-enterprise-name';
import { CheckInPanel, type TakenCheckIn } from './check-in-panel';
import { rejectionConcernsLocation } from './location-concern';
import { newPhotos, queuedClientIds, serverIds } from './picked-photo';
import { visitContentErrors, VisitFields, type VisitContent } from './visit-fields';

/** The visit's content, and a new check-in when the author redoes it (重新打卡). */
type CorrectionDraft = VisitContent & { checkIn: TakenCheckIn | null };

function contentOf(log: LogDetail): CorrectionDraft {
  return {
    checkIn: null,
    duties: log.duties,
    findings: log.notes,
    riskLevel: log.visit?.riskLevel ?? 'none',
    photos: (log.visit?.photos ?? []).map((p) => ({ key: p.id, source: 'server', id: p.id, url: p.url })),
  };
}

/** The author corrects a rejected (or still pending) visit; it is resubmitted through the outbox. */
export function VisitCorrectionPage() {
  const { id = '' } = useParams();
  const [params] = useSearchParams();
  const draftId = params.get('draft');
  const log = useQuery({ queryKey: logKeys.one(id), queryFn: ({ signal }) => fetchLog(id, signal) });

  return (
    <>
      <PageHeader title="修改走访记录" backTo={MY_LOGS_PATH} />
      {log.isPending ? (
        <LoadingBlock rows={8} />
      ) : log.isError ? (
        <ErrorState error={log.error} onRetry={() => void log.refetch()} />
      ) : (
        <CorrectionForm log={log.data} draftId={draftId} />
      )}
    </>
  );
}

function CorrectionForm({ log, draftId }: { log: LogDetail; draftId: string | null }) {
  const { user } = useSession();
  const navigate = useNavigate();
  const settings = useEffectiveSettings(log.enterprise.jurisdictionCode);
  const decision = log.visit?.decision;
  const { enterprise } = useFormEnterprise(log.enterprise.id, log.enterprise.name);
  const registered =
    enterprise?.latitude != null && enterprise.longitude != null
      ? { latitude: enterprise.latitude, longitude: enterprise.longitude }
      : null;
  const form = useOfflineDraftForm<CorrectionDraft, RevisionBody>({
    draftId,
    initial: () => contentOf(log),
    fromItem: (item) =>
      item.kind === 'visit_revision'
        ? {
            checkIn: item.body.checkIn ? { checkIn: item.body.checkIn, at: item.createdAt } : null,
            duties: item.body.duties,
            findings: item.body.findings,
            riskLevel: item.body.riskLevel,
            photos: [
              ...item.keptPhotoIds.map((pid) => ({
                key: pid,
                source: 'server' as const,
                id: pid,
                url: `/api/v1/uploads/${pid}`,
              })),
              ...item.photos.map((p) => ({
                key: p.clientId,
                source: 'queued' as const,
                clientId: p.clientId,
              })),
            ],
          }
        : null,
    check: (content) => {
      const errors = visitContentErrors(content, settings.minVisitPhotos);
      const body = {
        revision: log.revision,
        duties: content.duties,
        findings: content.findings.trim(),
        riskLevel: content.riskLevel,
        ...(content.checkIn ? { checkIn: content.checkIn.checkIn } : {}),
      };
      return { body: hasErrors(errors) ? null : body, errors };
    },
    queue: async (body, correcting, content) => {
      if (correcting)
        await saveCorrection(
          correcting,
          {
            body,
            keptPhotoIds: serverIds(content.photos),
            keepPhotoClientIds: queuedClientIds(content.photos),
          },
          newPhotos(content.photos),
        );
      else
        await saveWrite(
          { userId: user.id, enterpriseName: log.enterprise.name },
          {
            kind: 'visit_revision',
            logId: log.id,
            enterpriseId: log.enterprise.id,
            keptPhotoIds: serverIds(content.photos),
            body,
          },
          newPhotos(content.photos),
        );
    },
    onQueued: () => {
      Toast.show({ content: savedMessage(), position: 'bottom' });
      void navigate(MY_LOGS_PATH, { replace: true });
    },
  });

  return (
    <>
      <div className="form-page">
        <h2 className="form-subject">{log.enterprise.name}</h2>
        {decision?.reason && log.status === 'rejected' && (
          <NoticeBar color="alert" wrap content={`退回原因：${decision.reason}（${decision.by.name}）`} />
        )}
        {(rejectionConcernsLocation(log) || form.draft.checkIn) && (
          <Field label="现场签到" hint="退回原因涉及签到位置：可到企业现场重新打卡，原签到仍保留在记录历史中">
            <CheckInPanel
              value={form.draft.checkIn}
              onChange={(checkIn) => form.setDraft((prev) => ({ ...prev, checkIn }))}
              registered={registered}
              farMeters={settings.farCheckInMeters}
              autoLocate={false}
              locateLabel="重新打卡"
              emptyText="未重新打卡，将保留原签到位置"
            />
          </Field>
        )}
        <VisitFields
          value={form.draft}
          onChange={(content) => form.setDraft((prev) => ({ ...prev, ...content }))}
          minPhotos={settings.minVisitPhotos}
          errors={form.errors}
        />
        <VisitRevisions history={log.history} />
      </div>
      <FormActions
        label="重新提交"
        onSubmit={() => void form.submit()}
        loading={form.saving}
        error={form.error}
      />
    </>
  );
}
