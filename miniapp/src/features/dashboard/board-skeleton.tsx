import { Skeleton } from 'antd-mobile';

/** Pixel heights the loaded sections keep (the same numbers as in app.css `.board-*`). */
export const BOARD_HEIGHTS = {
  /** Name, rate and up to four lines: the period may wrap on a narrow phone, 待审核 has its own. */
  rules: 148,
  /** A two-line note (2 × 20 px) and its 8 px margin. */
  note: 48,
  duty: 52,
  heatHead: 32,
  heatRow: 48,
  trend: 150,
};

/**
 * The shape of the 看板's lazy sections while their code and data load: the same headings and the
 * same fixed heights, so nothing below moves when they arrive (CLS).
 */
export function BoardSkeleton({ heatRows }: { heatRows: number }) {
  const h = BOARD_HEIGHTS;
  const sections: [string, number][] = [
    ['C1 / C2 / C3 覆盖率', h.rules],
    ['七项职责', h.note + 7 * h.duty],
    ['风险与覆盖热力', heatRows > 0 ? 2 * h.note + h.heatHead + heatRows * h.heatRow : 0],
    ['近 12 个月趋势', h.note + h.trend],
  ];
  return (
    <div role="status" aria-busy="true" aria-label="加载中">
      {sections.map(([title, height]) =>
        height > 0 ? (
          <section key={title} className="board-section">
            <h3 className="section-title">{title}</h3>
            <div className="board-body">
              <Skeleton style={{ '--height': `${height}px` } as object} />
            </div>
          </section>
        ) : null,
      )}
    </div>
  );
}
