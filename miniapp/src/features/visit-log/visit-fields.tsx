import { Selector } from 'antd-mobile';
import { RISK_LEVELS, visitReviseBodySchema, type RiskLevel } from '@coordnet/shared/api/logs';
import type { Duty } from '@coordnet/shared/domain/duties';
import { fieldErrorsOf, type FieldErrors } from '../../lib/field-errors';
import { CountedTextArea } from '../../lib/ui/counted-text-area';
import { DutyChips } from '../../lib/ui/duty-chips';
import { Field } from '../../lib/ui/form-parts';
import type { PickedPhoto } from './picked-photo';
import { PhotoPicker } from './photo-picker';

export interface VisitContent {
  duties: Duty[];
  findings: string;
  riskLevel: RiskLevel;
  photos: PickedPhoto[];
}

export const emptyVisitContent = (): VisitContent => ({
  duties: [],
  findings: '',
  riskLevel: 'none',
  photos: [],
});

const RISK_OPTIONS = Object.entries(RISK_LEVELS).map(([value, label]) => ({
  value: value as RiskLevel,
  label,
}));

const contentSchema = visitReviseBodySchema.pick({ duties: true, findings: true });

/**
 * What the server would refuse in the visit's content, by field (photos, duties, findings), with
 * the server's own schema and messages; the photo minimum is the county's setting.
 */
export function visitContentErrors(content: VisitContent, minPhotos: number): FieldErrors {
  const parsed = contentSchema.safeParse({ duties: content.duties, findings: content.findings });
  const errors = parsed.success ? {} : fieldErrorsOf(parsed.error);
  if (content.photos.length < minPhotos) errors.photos = `请至少上传 ${minPhotos} 张现场照片`;
  return errors;
}

/** Photos, duties, findings and risk level: what a visit and its correction share. */
export function VisitFields({
  value,
  onChange,
  minPhotos,
  errors = {},
}: {
  value: VisitContent;
  onChange: (next: VisitContent) => void;
  minPhotos: number;
  /** Field errors to show (after a save attempt); each disappears once its field is fixed. */
  errors?: FieldErrors;
}) {
  const update = (change: Partial<VisitContent>) => onChange({ ...value, ...change });
  return (
    <>
      <Field label="现场照片" required={minPhotos > 0} error={errors.photos}>
        <PhotoPicker photos={value.photos} onChange={(photos) => update({ photos })} min={minPhotos} />
      </Field>
      <Field label="工作内容" required hint="可多选" error={errors.duties}>
        <DutyChips value={value.duties} onChange={(duties) => update({ duties })} />
      </Field>
      <Field label="走访情况" labelFor="visit-findings" required error={errors.findings}>
        <CountedTextArea
          id="visit-findings"
          placeholder="现场指导服务的内容、发现的问题和处理情况"
          value={value.findings}
          onChange={(findings) => update({ findings })}
          max={4000}
          minRows={4}
          maxRows={10}
        />
      </Field>
      <Field label="风险等级" required>
        <Selector
          columns={4}
          options={RISK_OPTIONS}
          value={[value.riskLevel]}
          onChange={(values) => values[0] && update({ riskLevel: values[0] })}
        />
      </Field>
    </>
  );
}
