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
              <span className="coverage-total" aria-hidden="true">
                {row.counts.total}
              </span>
            </>
          );
          // The figures in words for a screen reader, inside the row so its name is what it shows.
          const spoken = (
            <span className="visually-hidden">
              ：共 {row.counts.total} 家，{words}
            </span>
          );
          return (
            <li key={row.code}>
              {row.self ? (
                <div className="coverage-row">
                  {bar}
                  {spoken}
                </div>
              ) : (
                <button type="button" className="coverage-row" onClick={() => onSelect(index)}>
                  {bar}
                  {spoken}
                  <span className="visually-hidden">。查看下级</span>
                </button>
              )}
            </li>
          );
        })}
      </ul>
    </div>
  );
}
