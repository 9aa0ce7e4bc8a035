import { useState } from 'react';
import { Button, List, Popup } from 'antd-mobile';
import { CheckOutline, DownOutline } from 'antd-mobile-icons';
import { useQuery } from '@tanstack/react-query';
import type { Jurisdiction } from '@coordnet/shared/api/registry';
import { countiesInScope, evaluationKeys } from './evaluation-api';

export interface CountyOption {
  code: string;
  name: string;
  /** The city it lies under ('' when the tree does not have it). */
  city: string;
  /** The name, with the city in front when my scope spans several cities. */
  label: string;
}

/** The counties of my scope, labelled with their city when they lie under more than one. */
export function countyOptions(tree: Jurisdiction[]): CountyOption[] {
  const counties = tree.filter((j) => j.level === 'county');
  const cities = new Map(tree.filter((j) => j.level === 'city').map((j) => [j.code, j.name]));
  const severalCities = new Set(counties.map((c) => c.parentCode)).size > 1;
  return counties.map((c) => {
    const city = (c.parentCode && cities.get(c.parentCode)) || '';
    return { code: c.code, name: c.name, city, label: severalCities && city ? `${city} ${c.name}` : c.name };
  });
}

/** The counties a city or province supervisor may evaluate; a county's own staff get only theirs. */
export function useCounties(enabled: boolean) {
  return useQuery({
    queryKey: evaluationKeys.counties(),
    queryFn: async ({ signal }) => countyOptions(await countiesInScope(signal)),
    enabled,
    staleTime: 10 * 60_000,
  });
}

/**
 * 选择县(市、区): the evaluation is per county, so a city or province supervisor picks one first,
 * from a list grouped by city (a tap chooses; long lists scroll inside the sheet).
 */
export function CountyPicker({
  options,
  value,
  onChange,
}: {
  options: CountyOption[];
  value: string;
  onChange: (code: string) => void;
}) {
  const [open, setOpen] = useState(false);
  const current = options.find((o) => o.code === value);
  const groups = new Map<string, CountyOption[]>();
  for (const o of options) groups.set(o.city, [...(groups.get(o.city) ?? []), o]);
  return (
    <>
      <Button
        className="county-picker-button"
        size="small"
        onClick={() => setOpen(true)}
        aria-label={current ? `县(市、区)：${current.label}，点按更换` : '选择县(市、区)'}
      >
        {current ? current.label : '选择县(市、区)'} <DownOutline />
      </Button>
      <Popup
        visible={open}
        onMaskClick={() => setOpen(false)}
        onClose={() => setOpen(false)}
        bodyStyle={{ maxHeight: '75vh', overflowY: 'auto' }}
      >
        <h2 className="sheet-title">选择县(市、区)</h2>
        {[...groups].map(([city, counties]) => (
          <List key={city} header={groups.size > 1 ? city : undefined}>
            {counties.map((o) => (
              <List.Item
                key={o.code}
                arrowIcon={false}
                extra={o.code === value ? <CheckOutline aria-label="当前" /> : undefined}
                onClick={() => {
                  setOpen(false);
                  onChange(o.code);
                }}
              >
                {o.name}
              </List.Item>
            ))}
          </List>
        ))}
      </Popup>
    </>
  );
}
