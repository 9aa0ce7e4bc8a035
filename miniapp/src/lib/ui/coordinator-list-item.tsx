import type { ReactNode } from 'react';
import { List } from 'antd-mobile';
import type { Coordinator } from '@coordnet/shared/api/registry';
import { skillLabel } from '../labels';
import { CoordinatorMobile } from './coordinator-mobile';

/** Where a coordinator serves: their enterprise or organisation, within their jurisdiction. */
function placeOf(c: Coordinator): string {
  const unit = c.enterpriseName ?? c.organisation;
  return unit ? `${c.jurisdictionName} · ${unit}` : c.jurisdictionName;
}

/** The certificate, when one is recorded: number and date of issue. */
function certificateOf(c: Coordinator): string | null {
  if (!c.certificateNo) return null;
  return c.certificateDate ? `证书 ${c.certificateNo}（${c.certificateDate}）` : `证书 ${c.certificateNo}`;
}

export function CoordinatorListItem({
  coordinator: c,
  action,
}: {
  coordinator: Coordinator;
  /** A button for what the viewer may do with the post (e.g. 修改等级). */
  action?: ReactNode;
}) {
  const certificate = certificateOf(c);
  return (
    <List.Item
      className="coordinator-item"
      description={
        <>
          <div>{c.kindLabel}</div>
          <div>{placeOf(c)}</div>
          <div className="list-meta">
            <span>{skillLabel(c.skillLevel)}</span>
            {certificate && <span className="certificate">{certificate}</span>}
            <CoordinatorMobile coordinator={c} />
          </div>
          {action}
        </>
      }
    >
      {c.name}
    </List.Item>
  );
}
