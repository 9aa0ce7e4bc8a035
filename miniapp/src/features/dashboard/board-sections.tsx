import { useDeferredValue } from 'react';
import { useQuery } from '@tanstack/react-query';
import { boardSchema, type Board, type BoardHeatRow } from '@coordnet/shared/api/stats';
import { apiGet } from '../../lib/api';
import { formatRate } from '../../lib/format';
import { ErrorState } from '../../lib/ui/query-states';
import { BoardSkeleton } from './board-skeleton';
import type { TrailStep } from './dashboard-trail';

const RULE_NAMES = { C1: 'C1 每月联络', C2: 'C2 每季走访', C3: 'C3 年度指导' } as const;

export const boardKey = (jurisdiction?: string, period?: string) =>
  ['stats', 'board', jurisdiction ?? null, period ?? null] as const;

/**
 * The 看板's four sections below its first screen (issue 17): loaded lazily, after the page has
 * painted, so the route's own JavaScript stays in budget; the skeleton they replace has their shape.
 */
export default function BoardSections({
  jurisdiction,
  period,
  heatRows,
  onDrill,
}: {
  jurisdiction?: string | undefined;
  /** A month, 2026-11; this month by default. */
  period?: string | undefined;
  /** Rows the heat grid will have, for the placeholder's height. */
  heatRows: number;
  onDrill: (step: TrailStep) => void;
}) {
  const board = useQuery({
    queryKey: boardKey(jurisdiction, period),
    queryFn: ({ signal }) => apiGet('/stats/board', boardSchema, { jurisdiction, period }, signal),
  });
  // Rendered in a transition when it arrives, in slices, not in one long task (docs/performance P6).
  const data = useDeferredValue(board.data);
  if (board.isError) return <ErrorState error={board.error} onRetry={() => void board.refetch()} />;
  if (!data) return <BoardSkeleton heatRows={heatRows} />;
  return (
    <>
      <RuleCards data={data} />
      <DutyCoverage data={data} />
      {data.heat.length > 0 && <HeatGrid data={data} onDrill={onDrill} />}
      <Trend data={data} />
    </>
  );
}

function RuleCards({ data }: { data: Board }) {
  return (
    <section className="board-section" aria-labelledby="board-rules">
      <h3 className="section-title" id="board-rules">
        C1 / C2 / C3 覆盖率
      </h3>
      <ul className="board-rules">
        {data.rules.map((r) => (
          <li key={r.rule} className="board-rule">
            <span className="board-rule-name">{RULE_NAMES[r.rule]}</span>
            <strong className="board-rule-rate">{formatRate(r.coverageRate)}</strong>
            <span className="muted">
              {r.periodLabel}
              <br />
              {r.done}/{r.total} 家
              {r.awaiting > 0 && (
                <>
                  <br />
                  待审核 {r.awaiting}
                </>
              )}
            </span>
          </li>
        ))}
      </ul>
    </section>
  );
}

/** Seed §二(二): the seven duties, and how many enterprises the month's contacts and visits covered on each. */
function DutyCoverage({ data }: { data: Board }) {
  const { enterprises, items } = data.duties;
  return (
    <section className="board-section" aria-labelledby="board-duties">
      <h3 className="section-title" id="board-duties">
        七项职责
      </h3>
      <p className="board-note muted">
        {data.periodLabel}共 {enterprises} 家企业有联络或走访记录（seed §二(二)），各项职责涉及的企业数：
      </p>
      <ol className="board-duties">
        {items.map((d) => (
          <li key={d.key} className="board-duty">
            <span className="board-duty-label">{d.label}</span>
            <span className="board-duty-track" aria-hidden="true">
              <span
                className="board-duty-fill"
                style={{ width: `${enterprises > 0 ? (d.enterprises / enterprises) * 100 : 0}%` }}
              />
            </span>
            <span className="board-duty-value">
              {d.enterprises} 家{d.enterprises === 0 && <span className="board-flag">未涉及</span>}
            </span>
          </li>
        ))}
      </ol>
    </section>
  );
}

/** Heat classes with their words: colour is never the only carrier, each cell says the band too. */
function coverageBand(rate: number | null): { className: string; word: string } {
  if (rate === null) return { className: 'heat-none', word: '无需履职' };
  if (rate >= 0.9) return { className: 'heat-good', word: '良好' };
  if (rate >= 0.6) return { className: 'heat-fair', word: '一般' };
  return { className: 'heat-poor', word: '偏低' };
}

function riskBand(risks: BoardHeatRow['risks']): { className: string; word: string } {
  if (risks.high > 0) return { className: 'heat-poor', word: '有较大以上风险' };
  if (risks.open > 0) return { className: 'heat-fair', word: '有未办结' };
  return { className: 'heat-good', word: risks.total > 0 ? '已办结' : '无' };
}

function HeatGrid({ data, onDrill }: { data: Board; onDrill: (step: TrailStep) => void }) {
  const rows = data.heat;
  return (
    <section className="board-section" aria-labelledby="board-heat">
      <h3 className="section-title" id="board-heat">
        风险与覆盖热力
      </h3>
      <p className="board-note muted">
        {data.periodLabel}，按较大及以上风险、未办结风险、C1 覆盖率由低到高排序；点一行查看下级。
      </p>
      <p className="board-note muted">
        颜色：绿 ≥90%，黄 60%–90% 或有未办结风险，红 &lt;60% 或有较大以上风险；风险列为较大以上/未办结件数。
      </p>
      <div className="heat-head" aria-hidden="true">
        <span>#</span>
        <span>地区</span>
        <span>C1 联络</span>
        <span>C2 走访</span>
        <span>风险</span>
      </div>
      <ol className="heat-rows">
        {rows.map((row, i) => {
          const c1 = coverageBand(row.c1.coverageRate);
          const c2 = coverageBand(row.c2.coverageRate);
          const risk = riskBand(row.risks);
          const cells = (
            <>
              <span className="heat-rank" aria-hidden="true">
                {row.self ? '' : i + 1}
              </span>
              <span className="heat-name">{row.name}</span>
              <span className={`heat-cell ${c1.className}`} aria-hidden="true">
                {formatRate(row.c1.coverageRate)}
              </span>
              <span className={`heat-cell ${c2.className}`} aria-hidden="true">
                {formatRate(row.c2.coverageRate)}
              </span>
              <span className={`heat-cell ${risk.className}`} aria-hidden="true">
                {row.risks.total > 0 ? `${row.risks.high}/${row.risks.open}` : '0'}
              </span>
              <span className="visually-hidden">
                ：{row.self ? '' : `第 ${i + 1} 名，`}C1 联络覆盖率 {formatRate(row.c1.coverageRate)}（
                {c1.word}，{row.c1.done}/{row.c1.total} 家），C2 走访覆盖率 {formatRate(row.c2.coverageRate)}
                （{c2.word}
                ），本月风险报告 {row.risks.total} 件，较大及以上 {row.risks.high} 件，未办结 {row.risks.open}{' '}
                件
              </span>
            </>
          );
          return (
            <li key={row.code}>
              {row.self ? (
                <div className="heat-row">{cells}</div>
              ) : (
                <button
                  type="button"
                  className="heat-row"
                  onClick={() => onDrill({ code: row.code, name: row.name })}
                >
                  {cells}
                  <span className="visually-hidden">。查看下级</span>
                </button>
              )}
            </li>
          );
        })}
      </ol>
    </section>
  );
}

const monthOnly = (period: string) => `${Number(period.slice(5, 7))}月`;

/** 12 months of C1 and C2 coverage as CSS bars, with the risk reports below; a table says it in words. */
function Trend({ data }: { data: Board }) {
  return (
    <section className="board-section" aria-labelledby="board-trend">
      <h3 className="section-title" id="board-trend">
        近 12 个月趋势
      </h3>
      <ul className="coverage-legend board-note" aria-hidden="true">
        <li>
          <span className="coverage-swatch trend-c1" />
          C1 联络
        </li>
        <li>
          <span className="coverage-swatch trend-c2" />
          C2 走访(所在季度)
        </li>
        <li>柱上为 C1 覆盖率，月份下为风险报告件数(较大以上)</li>
      </ul>
      <div className="trend-chart" aria-hidden="true">
        {data.trend.map((p) => (
          <div key={p.period} className="trend-month">
            <span className="trend-value">{p.c1Rate === null ? '—' : `${Math.round(p.c1Rate * 100)}%`}</span>
            <div className="trend-bars">
              <span className="trend-bar trend-c1" style={{ height: `${(p.c1Rate ?? 0) * 100}%` }} />
              <span className="trend-bar trend-c2" style={{ height: `${(p.c2Rate ?? 0) * 100}%` }} />
            </div>
            <span className="trend-label">{monthOnly(p.period)}</span>
            <span className={p.risks.high > 0 ? 'trend-risk trend-risk-high' : 'trend-risk'}>
              {p.risks.total}
              {p.risks.high > 0 ? `(${p.risks.high})` : ''}
            </span>
          </div>
        ))}
      </div>
      <table className="visually-hidden">
        <caption>近 12 个月联络、走访覆盖率和风险报告</caption>
        <thead>
          <tr>
            <th scope="col">月份</th>
            <th scope="col">C1 联络覆盖率</th>
            <th scope="col">C2 走访覆盖率(所在季度)</th>
            <th scope="col">风险报告</th>
            <th scope="col">较大及以上</th>
          </tr>
        </thead>
        <tbody>
          {data.trend.map((p) => (
            <tr key={p.period}>
              <th scope="row">{p.periodLabel}</th>
              <td>{formatRate(p.c1Rate)}</td>
              <td>{formatRate(p.c2Rate)}</td>
              <td>{p.risks.total}</td>
              <td>{p.risks.high}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
