import { useEffect, useRef } from 'react';
import * as echarts from 'echarts/core';
import { BarChart, PieChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';
import type { CoordinatorCounts } from '@coordnet/shared/api/stats';
import { COORDINATOR_KINDS, SKILL_LEVELS, type CoordinatorKind } from '@coordnet/shared/domain/roles';

// Only the parts drawn here; the page loads this file lazily, like the 看板 chart.
echarts.use([BarChart, PieChart, GridComponent, LegendComponent, TooltipComponent, CanvasRenderer]);

const SHORT_KINDS: Record<CoordinatorKind, string> = {
  enterprise: '企业',
  township: '乡镇(街道)',
  park: '园区',
  community: '社区(村)',
  union: '工会',
  enterprise_federation: '企联/企协',
  federation_of_industry: '工商联',
  industry_association: '行业协会',
  mediation: '调解组织',
  legal: '律所/社会组织',
};
const SKILL_SHORT = { ...SKILL_LEVELS, none: '未取得' } as const;

function useChart(build: () => echarts.EChartsCoreOption, deps: unknown[]) {
  const host = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!host.current) return;
    const chart = echarts.init(host.current, undefined, { renderer: 'canvas' });
    chart.setOption(build());
    const resize = () => chart.resize();
    window.addEventListener('resize', resize);
    return () => {
      window.removeEventListener('resize', resize);
      chart.dispose();
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, deps);
  return host;
}

/** Posts by kind (bars) and by skill level (a ring). */
export default function StatsCharts({ counts }: { counts: CoordinatorCounts }) {
  const kinds = (Object.keys(COORDINATOR_KINDS) as CoordinatorKind[]).filter((k) => counts.byKind[k] > 0);
  const byKind = useChart(
    () => ({
      textStyle: { fontSize: 14 },
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
      grid: { left: 8, right: 24, top: 8, bottom: 8, containLabel: true },
      xAxis: { type: 'value', minInterval: 1, axisLabel: { fontSize: 12 } },
      yAxis: {
        type: 'category',
        data: kinds.map((k) => SHORT_KINDS[k]).reverse(),
        axisLabel: { fontSize: 13 },
      },
      series: [
        {
          type: 'bar',
          barMaxWidth: 18,
          itemStyle: { color: '#1677ff' },
          label: { show: true, position: 'right', fontSize: 12 },
          data: kinds.map((k) => counts.byKind[k]).reverse(),
        },
      ],
    }),
    [counts],
  );
  const bySkill = useChart(
    () => ({
      textStyle: { fontSize: 14 },
      tooltip: { trigger: 'item' },
      legend: { bottom: 0, textStyle: { fontSize: 12 }, itemWidth: 12, itemHeight: 12 },
      series: [
        {
          type: 'pie',
          radius: ['38%', '62%'],
          center: ['50%', '42%'],
          label: { formatter: '{c}', fontSize: 12 },
          data: (Object.keys(SKILL_SHORT) as (keyof typeof SKILL_SHORT)[]).map((k) => ({
            name: SKILL_SHORT[k].split('/')[0],
            value: counts.bySkill[k],
          })),
        },
      ],
    }),
    [counts],
  );
  return (
    <>
      <h3 className="section-title">按类别</h3>
      <div
        ref={byKind}
        className="coverage-chart"
        role="img"
        aria-label="协调员按类别柱状图"
        style={{ height: kinds.length * 30 + 24 }}
      />
      <h3 className="section-title">按技能等级</h3>
      <div
        ref={bySkill}
        className="coverage-chart"
        role="img"
        aria-label="协调员按技能等级环形图"
        style={{ height: 240 }}
      />
    </>
  );
}
