import type { ReactNode } from 'react';

export interface InfoRow {
  label: string;
  value: ReactNode;
}

/** Label/value pairs that wrap long values instead of overflowing a narrow screen. */
export function InfoRows({ rows }: { rows: InfoRow[] }) {
  return (
    <dl className="info-rows">
      {rows.map((row) => (
        <div key={row.label} className="info-row">
          <dt>{row.label}</dt>
          <dd>{row.value}</dd>
        </div>
      ))}
    </dl>
  );
}
