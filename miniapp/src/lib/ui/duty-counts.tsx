import type { DutyCounts } from '@coordnet/shared/api/duties';

/** Done / awaiting / due / overdue counts side by side; without counts, a placeholder of the same size. */
export function CountRow({ counts }: { counts?: DutyCounts }) {
  const show = (n: number | undefined) => (n === undefined ? '–' : n);
  return (
    <ul className="count-row">
      <li className="count-done">
        <strong>{show(counts?.done)}</strong>已完成
      </li>
      <li className="count-awaiting">
        <strong>{show(counts?.awaiting_approval)}</strong>待审核
      </li>
      <li className="count-due">
        <strong>{show(counts?.due)}</strong>待完成
      </li>
      <li className="count-overdue">
        <strong>{show(counts?.overdue)}</strong>已逾期
      </li>
    </ul>
  );
}
