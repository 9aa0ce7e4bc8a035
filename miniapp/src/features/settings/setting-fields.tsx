import { Input, Selector } from 'antd-mobile';
import {
  formatTimeOfDay,
  type DutyScope,
  type PolicySettingKey,
  type PolicySettings,
} from '@coordnet/shared/api/settings';
import { SIZE_LABELS } from '@coordnet/shared/domain/enterprise-size';
import { LEVEL_LABELS } from '@coordnet/shared/domain/jurisdiction-code';

export const SCOPE_KEYS = ['c1Scope', 'c2Scope', 'c3Scope'] as const;
export const NUMBER_KEYS = [
  'backfillDays',
  'farCheckInMeters',
  'minVisitPhotos',
  'manyEnterprisesThreshold',
  'checkInRetentionDays',
  'reminderDayOfMonth',
  'reminderLastWorkdays',
  'approvalReminderDays',
  'reminderListLimit',
  'reminderWindowStart',
  'reminderWindowEnd',
  'backupHour',
  'backupKeep',
  'riskDeadlineHoursGeneral',
  'riskDeadlineHoursSerious',
  'riskDeadlineHoursMajor',
] as const;

/** Times of day are stored as HHMM numbers (830 = 08:30) and shown as a clock time. */
const TIME_KEYS: readonly PolicySettingKey[] = ['reminderWindowStart', 'reminderWindowEnd'];

const SCOPE_MODES = [
  { value: 'all', label: '全部企业' },
  { value: 'min_size', label: '规模以上' },
  { value: 'key', label: '重点企业' },
] as const;
const MIN_SIZES = (['small', 'medium', 'large'] as const).map((size) => ({
  value: size,
  label: `${SIZE_LABELS[size]}及以上`,
}));
const APPROVER_OPTIONS = (['county', 'city', 'province'] as const).map((level) => ({
  value: level,
  label: LEVEL_LABELS[level],
}));

export function describeValue(key: PolicySettingKey, settings: PolicySettings): string {
  const value = settings[key];
  if (typeof value === 'number') return TIME_KEYS.includes(key) ? formatTimeOfDay(value) : String(value);
  if (typeof value === 'string') return LEVEL_LABELS[value];
  if ('coverage' in value)
    return `覆盖面 ${value.coverage} · 频次 ${value.frequency} · 质量 ${value.quality} · 难度 ${value.difficulty}`;
  if (value.mode === 'min_size') return `${SIZE_LABELS[value.minSize]}及以上企业`;
  return value.mode === 'key' ? '重点企业' : '全部企业';
}

export function ScopeField({ value, onChange }: { value: DutyScope; onChange: (next: DutyScope) => void }) {
  return (
    <>
      <Selector
        columns={3}
        showCheckMark={false}
        options={[...SCOPE_MODES]}
        value={[value.mode]}
        onChange={(values) => {
          const mode = values[0];
          if (mode === 'min_size') onChange({ mode, minSize: 'medium' });
          else if (mode) onChange({ mode });
        }}
      />
      {value.mode === 'min_size' && (
        <Selector
          className="setting-sub"
          columns={3}
          showCheckMark={false}
          options={MIN_SIZES}
          value={[value.minSize]}
          onChange={(values) => values[0] && onChange({ mode: 'min_size', minSize: values[0] })}
        />
      )}
    </>
  );
}

export function ApproverField({
  value,
  onChange,
}: {
  value: PolicySettings['approverLevel'];
  onChange: (next: PolicySettings['approverLevel']) => void;
}) {
  return (
    <Selector
      columns={3}
      showCheckMark={false}
      options={APPROVER_OPTIONS}
      value={[value]}
      onChange={(values) => values[0] && onChange(values[0])}
    />
  );
}

export function NumberField({
  label,
  value,
  onChange,
}: {
  label: string;
  value: number;
  onChange: (next: number) => void;
}) {
  return (
    <Input
      type="number"
      inputMode="numeric"
      aria-label={label}
      value={Number.isFinite(value) ? String(value) : ''}
      onChange={(text) => onChange(text.trim() === '' ? Number.NaN : Number(text))}
    />
  );
}

const WEIGHT_PARTS = [
  ['coverage', '覆盖面'],
  ['frequency', '频次'],
  ['quality', '质量'],
  ['difficulty', '难度'],
] as const;

/** The four weights of the yearly evaluation (C5), in percent; the server checks they add up to 100. */
export function WeightsField({
  value,
  onChange,
}: {
  value: PolicySettings['evaluationWeights'];
  onChange: (next: PolicySettings['evaluationWeights']) => void;
}) {
  return (
    <div className="weights-field">
      {WEIGHT_PARTS.map(([key, label]) => (
        <label key={key}>
          {label}
          <NumberField
            label={`${label}权重`}
            value={value[key]}
            onChange={(n) => onChange({ ...value, [key]: n })}
          />
        </label>
      ))}
    </div>
  );
}
