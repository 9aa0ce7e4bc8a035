import { Selector } from 'antd-mobile';
import { DUTIES, DUTY_KEYS, type Duty } from '@coordnet/shared/domain/duties';

const OPTIONS = DUTY_KEYS.map((key) => ({ label: DUTIES[key], value: key }));

/** The seven duties of seed §二(二) as checkable chips; a log names the ones it covered. */
export function DutyChips({ value, onChange }: { value: Duty[]; onChange: (next: Duty[]) => void }) {
  return (
    <Selector
      className="duty-chips"
      multiple
      options={OPTIONS}
      value={value}
      onChange={(next) => onChange(next)}
    />
  );
}

export const dutyLabels = (duties: readonly Duty[]): string => duties.map((d) => DUTIES[d]).join('；');
