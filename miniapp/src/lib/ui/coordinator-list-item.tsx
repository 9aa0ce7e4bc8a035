import { List } from 'antd-mobile';
import type { Coordinator } from '@coordnet/shared/api/registry';
import { skillLabel } from '../labels';
import { CoordinatorMobile } from './coordinator-mobile';

/** Where a coordinator serves: their enterprise or organisation, within their jurisdiction. */
function placeOf(c: Coordinator): string {
  const unit = c.enterpriseName ?? c.organisation;
  return unit ? `${c.jurisdictionName} · ${unit}` : c.jurisdictionName;
}

export function CoordinatorListItem({ coordinator: c }: { coordinator: Coordinator }) {
  return (
    <List.Item
      className="coordinator-item"
      description={
        <>
          <div>{c.kindLabel}</div>
          <div>{placeOf(c)}</div>
          <div className="list-meta">
            <span>{skillLabel(c.skillLevel)}</span>
            <CoordinatorMobile coordinator={c} />
          </div>
        </>
      }
    >
      {c.name}
    </List.Item>
  );
}
