import { useRef } from 'react';
import { CheckList, Dropdown, type DropdownRef } from 'antd-mobile';
import { COORDINATOR_KINDS, type CoordinatorKind } from '@coordnet/shared/domain/roles';

const ALL = 'all';
export const KINDS = Object.keys(COORDINATOR_KINDS) as CoordinatorKind[];

export function parseKind(value: string | null): CoordinatorKind | undefined {
  return KINDS.find((kind) => kind === value);
}

export function KindFilter({
  value,
  onChange,
}: {
  value: CoordinatorKind | undefined;
  onChange: (kind: CoordinatorKind | undefined) => void;
}) {
  const dropdown = useRef<DropdownRef>(null);
  return (
    <Dropdown ref={dropdown} className="kind-filter">
      <Dropdown.Item key="kind" title={value ? COORDINATOR_KINDS[value] : '全部类型'}>
        <CheckList
          value={[value ?? ALL]}
          onChange={(values) => {
            onChange(parseKind(String(values[0] ?? ALL)));
            dropdown.current?.close();
          }}
        >
          <CheckList.Item value={ALL}>全部类型</CheckList.Item>
          {KINDS.map((kind) => (
            <CheckList.Item key={kind} value={kind}>
              {COORDINATOR_KINDS[kind]}
            </CheckList.Item>
          ))}
        </CheckList>
      </Dropdown.Item>
    </Dropdown>
  );
}
