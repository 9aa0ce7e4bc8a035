import { useEffect, useRef } from 'react';
import * as echarts from 'echarts/core';
import { BarChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';
import { DUTY_STATUSES, type DutySummary } from '@coordnet/shared/api/duties';

// Only the parts drawn here, so the chart chunk stays small; the page loads this file lazily.
echarts.use([BarChart, GridComponent, LegendComponent, TooltipComponent, CanvasRenderer]);

const SERIES = [
  { key: 'done', color: '#00b578' },
  { key: 'awaiting_approval', color: '#ff8f1f' },
  { key: 'due', color: '#1677ff' },
  { key: 'overdue', color: '#ff3141' },
] as const;

const ROW_HEIGHT = 36;

/** Stacked bars of each child jurisdiction's enterprises by duty status; a tap drills down. */
export default function CoverageChart({
  rows,
  onSelect,
}: {
  rows: DutySummary['items'];
  onSelect: (index: number) => void;
}) {
  const host = useRef<HTMLDivElement>(null);
  const select = useRef(onSelect);
  useEffect(() => {
    select.current = onSelect;
  }, [onSelect]);

  useEffect(() => {
    const element = host.current;
    if (!element) return;
    const chart = echarts.init(element, undefined, { renderer: 'canvas' });
    // Horizontal bars: long Chinese names read on a narrow screen; first row at the top.
    const names = rows.map((row) => row.name).reverse();
    chart.setOption({
      textStyle: { fontSize: 14 },
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' }, textStyle: { fontSize: 14 } },
      legend: { top: 0, textStyle: { fontSize: 14 }, itemWidth: 14, itemHeight: 14 },
      grid: { left: 8, right: 16, top: 36, bottom: 8, containLabel: true },
      xAxis: { type: 'value', minInterval: 1, axisLabel: { fontSize: 14 } },
      yAxis: {
        type: 'category',
        data: names,
        axisLabel: { fontSize: 14, width: 96, overflow: 'truncate' },
      },
      series: SERIES.map((s) => ({
        name: DUTY_STATUSES[s.key],
        type: 'bar',
        stack: 'total',
        itemStyle: { color: s.color },
        barMaxWidth: 22,
        data: rows.map((row) => row.counts[s.key]).reverse(),
      })),
    });
    chart.on('click', (params) => {
      const index = rows.length - 1 - (params.dataIndex ?? 0);
      select.current(index);
    });
    const resize = () => chart.resize();
    window.addEventListener('resize', resize);
    return () => {
      window.removeEventListener('resize', resize);
      chart.dispose();
    };
  }, [rows]);

  return (
    <div
      ref={host}
      className="coverage-chart"
      role="img"
      aria-label="各下级区划履职情况柱状图"
      style={{ height: rows.length * ROW_HEIGHT + 60 }}
    />
  );
}
