import { DUTY_STATUSES, type DutySummary } from '@coordnet/shared/api/duties';

const SERIES = [
  { key: 'done', color: '#00b578' },
  { key: 'awaiting_approval', color: '#ff8f1f' },
  { key: 'due', color: '#1677ff' },
  { key: 'overdue', color: '#ff3141' },
] as const;

/**
 * Stacked bars of each child jurisdiction's enterprises by duty status; a tap drills down. Plain
 * HTML rather than a chart library: the 看板 is the first screen of a supervisor, and a canvas chart
 * cost 140 kB of JavaScript and over a second of a mid-range phone's main thread. The bars are real
 * buttons with their figures in words, so a screen reader and a keyboard can use them too.
 */
export function CoverageBars({
  rows,
  onSelect,
}: {
  rows: DutySummary['items'];
  onSelect: (index: number) => void;
}) {
  const widest = Math.max(1, ...rows.map((row) => row.counts.total));
  return (
    <div className="coverage-bars">
      <ul className="coverage-legend" aria-hidden="true">
        {SERIES.map((s) => (
          <li key={s.key}>
            <span className="coverage-swatch" style={{ background: s.color }} />
            {DUTY_STATUSES[s.key]}
          </li>
        ))}
      </ul>
      <ul className="coverage-rows">
        {rows.map((row, index) => {
          const words = SERIES.map((s) => `${DUTY_STATUSES[s.key]} ${row.counts[s.key]}`).join('，');
          const bar = (
            <>
              <span className="coverage-name">{row.name}</span>
              <span className="coverage-track" aria-hidden="true">
                {SERIES.map((s) =>
                  row.counts[s.key] > 0 ? (
                    <span
                      key={s.key}
                      className="coverage-segment"
                      style={{ width: `${(row.counts[s.key] / widest) * 100}%`, background: s.color }}
                    />
                  ) : null,
                )}
              </span>
              <span className="coverage-total">{row.counts.total}</span>
            </>
          );
          return (
            <li key={row.code}>
              {row.self ? (
                <div className="coverage-row" aria-label={`${row.name}：共 ${row.counts.total} 家，${words}`}>
                  {bar}
                </div>
              ) : (
                <button
                  type="button"
                  className="coverage-row"
                  aria-label={`${row.name}：共 ${row.counts.total} 家，${words}。查看下级`}
                  onClick={() => onSelect(index)}
                >
                  {bar}
                </button>
              )}
            </li>
          );
        })}
      </ul>
    </div>
  );
}
