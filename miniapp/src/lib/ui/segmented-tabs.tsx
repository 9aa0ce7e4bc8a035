import { useRef, type KeyboardEvent } from 'react';

export interface SegmentedTab<K extends string> {
  key: K;
  title: string;
}

/**
 * A row of tabs drawn with CSS alone. antd-mobile's Tabs measures its tabs in JavaScript to slide
 * the underline, which forced a layout of the whole first screen inside a script task (the longest
 * task of 首页 on a mid-range phone); this one never reads layout.
 */
export function SegmentedTabs<K extends string>({
  tabs,
  active,
  onChange,
  label,
  className,
}: {
  tabs: readonly SegmentedTab<K>[];
  active: K;
  onChange: (key: K) => void;
  label: string;
  className?: string;
}) {
  const list = useRef<HTMLDivElement>(null);
  // Arrow keys move between tabs, as WAI-ARIA's tabs pattern expects.
  const onKeyDown = (event: KeyboardEvent) => {
    const step = event.key === 'ArrowRight' ? 1 : event.key === 'ArrowLeft' ? -1 : 0;
    if (!step) return;
    event.preventDefault();
    const index = tabs.findIndex((t) => t.key === active);
    const next = tabs[(index + step + tabs.length) % tabs.length]!;
    onChange(next.key);
    list.current?.querySelector<HTMLButtonElement>(`[data-key="${next.key}"]`)?.focus();
  };
  return (
    <div
      ref={list}
      role="tablist"
      aria-label={label}
      className={['segmented-tabs', className].filter(Boolean).join(' ')}
      onKeyDown={onKeyDown}
    >
      {tabs.map((tab) => {
        const selected = tab.key === active;
        return (
          <button
            key={tab.key}
            type="button"
            role="tab"
            data-key={tab.key}
            aria-selected={selected}
            tabIndex={selected ? 0 : -1}
            className="segmented-tab"
            onClick={() => onChange(tab.key)}
          >
            {tab.title}
          </button>
        );
      })}
    </div>
  );
}
