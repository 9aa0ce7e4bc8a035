import { Selector, TextArea } from 'antd-mobile';
import { RISK_LEVELS, type RiskLevel } from '@coordnet/shared/api/logs';
import type { Duty } from '@coordnet/shared/domain/duties';
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

/** Checks the parts the server would refuse, in the order they appear on the form. */
export function visitContentError(content: VisitContent, minPhotos: number): string | null {
  if (content.photos.length < minPhotos) return `请至少上传 ${minPhotos} 张现场照片`;
  if (content.duties.length === 0) return '请至少选择一项工作内容';
  if (content.findings.trim() === '') return '请填写走访情况';
  return null;
}

/** Photos, duties, findings and risk level: what a visit and its correction share. */
export function VisitFields({
  value,
  onChange,
  minPhotos,
}: {
  value: VisitContent;
  onChange: (next: VisitContent) => void;
  minPhotos: number;
}) {
  const update = (change: Partial<VisitContent>) => onChange({ ...value, ...change });
  return (
    <>
      <Field label="现场照片" required={minPhotos > 0}>
        <PhotoPicker photos={value.photos} onChange={(photos) => update({ photos })} min={minPhotos} />
      </Field>
      <Field label="工作内容" required hint="可多选">
        <DutyChips value={value.duties} onChange={(duties) => update({ duties })} />
      </Field>
      <Field label="走访情况" labelFor="visit-findings" required>
        <TextArea
          id="visit-findings"
          placeholder="现场指导服务的内容、发现的问题和处理情况"
          value={value.findings}
          onChange={(findings) => update({ findings })}
          maxLength={4000}
          autoSize={{ minRows: 4, maxRows: 10 }}
          showCount
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
