import { NoticeBar, Toast } from 'antd-mobile';
import { useQuery } from '@tanstack/react-query';
import { useNavigate, useParams, useSearchParams } from 'react-router';
import type { LogDetail } from '@coordnet/shared/api/logs';
import { useSession } from '../../app/session-context';
import { fetchLog, logKeys } from '../../lib/log-api';
import { MY_LOGS_PATH } from '../../lib/links';
import type { RevisionBody } from '../../lib/outbox-db';
import { saveCorrection, saveWrite, savedMessage } from '../../lib/outbox-runtime';
import { useEffectiveSettings } from '../../lib/settings-api';
import { hasErrors } from '../../lib/field-errors';
import { useOfflineDraftForm } from '../../lib/use-offline-draft-form';
import { FormActions } from '../../lib/ui/form-parts';
import { PageHeader } from '../../lib/ui/page-header';
import { ErrorState } from '../../lib/ui/query-states';
import { LoadingBlock } from '../../lib/ui/loading-block';
import { newPhotos, queuedClientIds, serverIds } from './picked-photo';
import { visitContentErrors, VisitFields, type VisitContent } from './visit-fields';

function contentOf(log: LogDetail): VisitContent {
  return {
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
  const form = useOfflineDraftForm<VisitContent, RevisionBody>({
    draftId,
    initial: () => contentOf(log),
    fromItem: (item) =>
      item.kind === 'visit_revision'
        ? {
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
        <VisitFields
          value={form.draft}
          onChange={form.setDraft}
          minPhotos={settings.minVisitPhotos}
          errors={form.errors}
        />
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
