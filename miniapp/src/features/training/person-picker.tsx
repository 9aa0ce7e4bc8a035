import { useState } from 'react';
import { CheckList, SearchBar } from 'antd-mobile';
import { useQuery } from '@tanstack/react-query';
import { useDebouncedValue } from '../../lib/use-debounced-value';
import { fetchPeople, trainingKeys } from './training-api';

export interface PickedPerson {
  userId: string;
  name: string;
}

/** Pick people holding a post under `jurisdiction`, searching by name (one or many). */
export function PersonPicker({
  jurisdiction,
  multiple,
  value,
  onChange,
}: {
  jurisdiction: string;
  multiple: boolean;
  value: PickedPerson[];
  onChange: (next: PickedPerson[]) => void;
}) {
  const [q, setQ] = useState('');
  const query = useDebouncedValue(q.trim(), 300);
  const people = useQuery({
    queryKey: trainingKeys.people(jurisdiction, query),
    queryFn: ({ signal }) => fetchPeople(jurisdiction, query, signal),
  });
  // One row per person (a person may hold several posts).
  const rows = new Map<string, { name: string; place: string }>();
  for (const c of people.data?.items ?? [])
    if (!rows.has(c.userId))
      rows.set(c.userId, {
        name: c.name,
        place: `${c.kindLabel} · ${c.enterpriseName ?? c.jurisdictionName}`,
      });
  for (const p of value) if (!rows.has(p.userId)) rows.set(p.userId, { name: p.name, place: '已选' });
  return (
    <div className="person-picker">
      <SearchBar placeholder="按姓名搜索" value={q} onChange={setQ} aria-label="按姓名搜索人员" />
      <CheckList
        multiple={multiple}
        value={value.map((p) => p.userId)}
        onChange={(ids) =>
          onChange(ids.map((id) => ({ userId: String(id), name: rows.get(String(id))?.name ?? '' })))
        }
      >
        {[...rows].map(([userId, r]) => (
          <CheckList.Item key={userId} value={userId} description={r.place}>
            {r.name}
          </CheckList.Item>
        ))}
      </CheckList>
    </div>
  );
}
