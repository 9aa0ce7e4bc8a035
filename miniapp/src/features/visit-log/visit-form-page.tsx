import { useEffect, useState } from 'react';
import { Dialog, Toast } from 'antd-mobile';
import { useNavigate, useParams, useSearchParams } from 'react-router';
import { visitCreateBodySchema } from '@coordnet/shared/api/logs';
import { useSession } from '../../app/session-context';
import { enterprisePath, riskReportPath } from '../../lib/links';
import { newClientId } from '../../lib/outbox';
import { getOutbox, saveCorrection, saveWrite, savedMessage } from '../../lib/outbox-runtime';
import { useBackfillDays, useEffectiveSettings } from '../../lib/settings-api';
import { useFormEnterprise } from '../../lib/use-enterprise-name';
import { hasErrors } from '../../lib/field-errors';
import { occurredAtError } from '../../lib/occurred-at-error';
import { Field, FormActions } from '../../lib/ui/form-parts';
import { PageHeader } from '../../lib/ui/page-header';
import { CheckInPanel, type TakenCheckIn } from './check-in-panel';
import { newPhotos, queuedClientIds } from './picked-photo';
import { emptyVisitContent, visitContentErrors, VisitFields, type VisitContent } from './visit-fields';

/** C2 实地走访: check-in, photos and findings, saved on the phone and sent by the outbox. */
export function VisitFormPage() {
  const { id = '' } = useParams();
  const [params] = useSearchParams();
  const draftId = params.get('draft');
  const { user } = useSession();
  const navigate = useNavigate();
  const [clientId, setClientId] = useState(newClientId);
  const [checkIn, setCheckIn] = useState<TakenCheckIn | null>(null);
  const [content, setContent] = useState<VisitContent>(emptyVisitContent);
  const [draftName, setDraftName] = useState<string>();
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  // Field errors show after the first save attempt and follow every edit from then on.
  const [tried, setTried] = useState(false);
  const { enterprise, name } = useFormEnterprise(id, draftName);
  const settings = useEffectiveSettings(enterprise?.jurisdictionCode);
  const backfillDays = useBackfillDays(enterprise?.jurisdictionCode);
  const registered =
    enterprise?.latitude != null && enterprise.longitude != null
      ? { latitude: enterprise.latitude, longitude: enterprise.longitude }
      : null;

  useEffect(() => {
    if (!draftId) return;
    void getOutbox()
      .get(draftId)
      .then((item) => {
        if (item?.kind !== 'visit') return;
        setClientId(item.clientId);
        setDraftName(item.enterpriseName);
        setError(item.error?.message ?? null);
        setCheckIn({ checkIn: item.body.checkIn, at: Date.parse(item.body.occurredAt) });
        setContent({
          duties: item.body.duties,
          findings: item.body.findings,
          riskLevel: item.body.riskLevel,
          photos: item.photos.map((p) => ({ key: p.clientId, source: 'queued', clientId: p.clientId })),
        });
      });
  }, [draftId]);

  const contentErrors = visitContentErrors(content, settings.minVisitPhotos);
  // A visit happens when the check-in was taken: a stored draft may have aged past the window.
  const checkInError = checkIn
    ? occurredAtError(new Date(checkIn.at), backfillDays, '请先签到定位')
    : '请先签到定位';

  const submit = async () => {
    setTried(true);
    if (!checkIn || checkInError || hasErrors(contentErrors)) return setError('请按提示修改标红的内容');
    setError(null);
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
    if (!parsed.success) return setError(parsed.error.issues[0]?.message ?? '请检查填写的内容');
    const { photos: _none, ...body } = parsed.data;
    setSaving(true);
    try {
      if (draftId)
        await saveCorrection(
          draftId,
          { body, keepPhotoClientIds: queuedClientIds(content.photos) },
          newPhotos(content.photos),
        );
      else
        await saveWrite(
          { userId: user.id, enterpriseName: name },
          { kind: 'visit', body },
          newPhotos(content.photos),
        );
      Toast.show({ content: savedMessage(), position: 'bottom' });
      // A high risk found on site is reported at once (seed §二(二): 及时反映发现的风险隐患).
      const report =
        content.riskLevel === 'high' &&
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
    } catch {
      setError('无法保存到本机，请检查手机存储空间后重试');
    } finally {
      setSaving(false);
    }
  };

  return (
    <>
      <PageHeader title="实地走访" backTo={enterprisePath(id)} />
      <div className="form-page">
        <h2 className="form-subject">{name}</h2>
        <Field label="现场签到" required error={tried ? checkInError : undefined}>
          <CheckInPanel
            value={checkIn}
            onChange={setCheckIn}
            registered={registered}
            farMeters={settings.farCheckInMeters}
            autoLocate={!draftId}
          />
        </Field>
        <VisitFields
          value={content}
          onChange={setContent}
          minPhotos={settings.minVisitPhotos}
          errors={tried ? contentErrors : {}}
        />
      </div>
      <FormActions label="提交审核" onSubmit={() => void submit()} loading={saving} error={error} />
    </>
  );
}
