import { useState } from 'react';
import { Button, Input, Popup, Selector, Toast } from 'antd-mobile';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import {
  coordinatorQualificationBodySchema,
  type Coordinator,
  type CoordinatorQualification,
} from '@coordnet/shared/api/registry';
import { SKILL_LEVELS, SKILL_LEVEL_KEYS, type SkillLevel } from '@coordnet/shared/domain/roles';
import { errorMessage } from '../../lib/api';
import { updateQualification } from '../../lib/registry-api';
import { Field } from '../../lib/ui/form-parts';

const NONE = 'none';
const LEVEL_OPTIONS = [
  ...SKILL_LEVEL_KEYS.map((key) => ({ value: key as string, label: SKILL_LEVELS[key] })),
  { value: NONE, label: '未取得等级' },
];

/**
 * 技能等级与证书 of one post, for supervisors managing its jurisdiction: level (四级..一级 or none),
 * certificate number and date of issue. The server checks the scope and writes the change to its
 * audit log; only what changed is sent.
 */
export function QualificationPopup({
  coordinator: c,
  onClose,
}: {
  coordinator: Coordinator | null;
  onClose: () => void;
}) {
  const queryClient = useQueryClient();
  // The parent keys this component by the post, so these start from the post opened.
  const [level, setLevel] = useState<string>(c?.skillLevel ?? NONE);
  const [certificateNo, setCertificateNo] = useState(c?.certificateNo ?? '');
  const [certificateDate, setCertificateDate] = useState(c?.certificateDate ?? '');
  const [error, setError] = useState<string | null>(null);

  const save = useMutation({
    mutationFn: (body: CoordinatorQualification) => updateQualification(c!.roleId, body),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: ['registry', 'coordinators'] });
      Toast.show({ content: '已保存' });
      onClose();
    },
    onError: (failure) => setError(errorMessage(failure)),
  });

  const submit = () => {
    if (!c) return;
    const next = {
      skillLevel: level === NONE ? null : (level as SkillLevel),
      certificateNo: certificateNo.trim() || null,
      certificateDate: certificateDate || null,
    };
    const changed = Object.fromEntries(
      Object.entries(next).filter(([key, value]) => c[key as keyof typeof next] !== value),
    );
    const parsed = coordinatorQualificationBodySchema.safeParse(changed);
    if (!parsed.success) return setError(parsed.error.issues[0]?.message ?? '请检查填写的内容');
    setError(null);
    save.mutate(parsed.data);
  };

  return (
    <Popup visible={c !== null} onMaskClick={onClose} bodyStyle={{ maxHeight: '85vh', overflowY: 'auto' }}>
      {c && (
        <div className="form-page">
          <h2 className="detail-title">{c.name} · 技能等级与证书</h2>
          <p className="muted">
            {c.kindLabel} · {c.enterpriseName ?? c.organisation ?? c.jurisdictionName}
          </p>
          <Field label="技能等级">
            <Selector
              columns={2}
              showCheckMark={false}
              options={LEVEL_OPTIONS}
              value={[level]}
              onChange={(values) => values[0] && setLevel(values[0])}
            />
          </Field>
          <Field label="证书编号" labelFor="certificate-no">
            <Input
              id="certificate-no"
              value={certificateNo}
              onChange={setCertificateNo}
              placeholder="职业技能等级证书编号"
              maxLength={64}
              clearable
            />
          </Field>
          <Field label="发证日期" labelFor="certificate-date">
            <input
              id="certificate-date"
              type="date"
              value={certificateDate}
              onChange={(event) => setCertificateDate(event.target.value)}
            />
          </Field>
          {error && (
            <p className="form-error-inline" role="alert">
              {error}
            </p>
          )}
          <div className="button-row">
            <Button color="primary" loading={save.isPending} onClick={submit}>
              保存
            </Button>
            <Button onClick={onClose}>取消</Button>
          </div>
        </div>
      )}
    </Popup>
  );
}
