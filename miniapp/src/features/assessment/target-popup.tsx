import { useState } from 'react';
import { Button, Input, Popup } from 'antd-mobile';
import {
  TARGET_KEYS,
  TARGET_LABELS,
  type AssessmentRow,
  type TargetKey,
} from '@coordnet/shared/api/assessment';
import { errorMessage } from '../../lib/api';
import { Field } from '../../lib/ui/form-parts';
import { saveTarget } from './assessment-api';

const toPercent = (rate: number | null | undefined) =>
  rate == null ? '' : String(Math.round(rate * 10_000) / 100);

/** Sets a region's yearly targets in percent; an emptied field clears the target. */
export function TargetPopup({
  row,
  year,
  onClose,
  onSaved,
}: {
  row: AssessmentRow | null;
  year: number;
  onClose: () => void;
  onSaved: () => void;
}) {
  return (
    <Popup
      visible={row !== null}
      onMaskClick={onClose}
      bodyStyle={{ padding: 16, boxSizing: 'border-box' }}
      destroyOnClose
    >
      {row && <TargetForm key={row.code} row={row} year={year} onSaved={onSaved} />}
    </Popup>
  );
}

function TargetForm({ row, year, onSaved }: { row: AssessmentRow; year: number; onSaved: () => void }) {
  const [values, setValues] = useState<Record<TargetKey, string>>(
    () =>
      Object.fromEntries(TARGET_KEYS.map((k) => [k, toPercent(row.target?.[k])])) as Record<
        TargetKey,
        string
      >,
  );
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);

  const save = async () => {
    const body: Record<string, number | null> = {};
    for (const key of TARGET_KEYS) {
      const text = values[key].trim();
      const percent = Number(text);
      if (text !== '' && (!Number.isFinite(percent) || percent < 0 || percent > 100))
        return setError(`${TARGET_LABELS[key]}应为 0–100 之间的百分数`);
      body[key] = text === '' ? null : Math.round(percent * 100) / 10_000;
    }
    setSaving(true);
    setError(null);
    try {
      await saveTarget(row.code, { year, ...body });
      onSaved();
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setSaving(false);
    }
  };

  return (
    <div className="target-form">
      <h3 className="detail-title">
        {row.name} · {year}年度目标
      </h3>
      {TARGET_KEYS.map((key) => (
        <Field key={key} label={`${TARGET_LABELS[key]}（%）`} labelFor={`target-${key}`}>
          <Input
            id={`target-${key}`}
            type="number"
            inputMode="decimal"
            placeholder="不设目标"
            value={values[key]}
            onChange={(v) => {
              setError(null);
              setValues((prev) => ({ ...prev, [key]: v }));
            }}
          />
        </Field>
      ))}
      {error && (
        <p className="form-actions-error" role="alert">
          {error}
        </p>
      )}
      <Button block color="primary" size="large" loading={saving} onClick={() => void save()}>
        保存目标
      </Button>
    </div>
  );
}
