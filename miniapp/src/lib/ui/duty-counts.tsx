import type { DutyCounts } from '@coordnet/shared/api/duties';

/** Done / awaiting / due / overdue counts side by side. */
export function CountRow({ counts }: { counts: DutyCounts }) {
  return (
    <ul className="count-row">
      <li className="count-done">
        <strong>{counts.done}</strong>已完成
      </li>
      <li className="count-awaiting">
        <strong>{counts.awaiting_approval}</strong>待审核
      </li>
      <li className="count-due">
        <strong>{counts.due}</strong>待完成
      </li>
      <li className="count-overdue">
        <strong>{counts.overdue}</strong>已逾期
      </li>
    </ul>
  );
}
