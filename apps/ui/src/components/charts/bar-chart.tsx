'use client';

import { bandScale, labelIndexes, linearScale, niceTicks } from '../../lib/charts/scale.ts';
import { useChartWidth } from './use-chart-width.ts';
import { CHART, ChartFrame, type Datum } from './chart-frame.tsx';

/** Vertical bars over a category axis (days), value axis from zero. */
export function BarChart({ title, data, formatValue, formatLabel = (label) => label, testId, integerValues = false }: { title: string; data: readonly Datum[]; formatValue: (value: number) => string; formatLabel?: (label: string) => string; testId?: string; integerValues?: boolean }) {
  const [canvasRef, width] = useChartWidth<HTMLDivElement>();
  const { height, top, right, bottom, left } = CHART;
  const values = data.map((d) => d.value);
  const ticks = niceTicks(Math.min(0, ...values), Math.max(0, ...values), 5, integerValues);
  const y = linearScale([ticks[0] as number, ticks.at(-1) as number], [height - bottom, top]);
  const band = bandScale(data.length, [left, width - right], 0.25);
  const total = values.reduce((sum, value) => sum + value, 0);
  const peak = data.reduce<Datum | undefined>((best, d) => (best === undefined || d.value > best.value ? d : best), undefined);
  const summary = data.length === 0 ? 'No data.' : `Total ${formatValue(total)} over ${data.length} ${data.length === 1 ? 'point' : 'points'}${peak && peak.value > 0 ? `; highest ${formatValue(peak.value)} on ${formatLabel(peak.label)}` : ''}.`;
  return (
    <ChartFrame canvasRef={canvasRef} title={title} summary={summary} testId={testId} table={{ headers: ['Date', title], rows: data.map((d) => [formatLabel(d.label), formatValue(d.value)]) }}>
      <svg viewBox={`0 0 ${width} ${height}`} className="chart-svg" aria-hidden="true" focusable="false">
        {ticks.map((tick) => (
          <g key={tick}>
            <line x1={left} x2={width - right} y1={y(tick)} y2={y(tick)} className="chart-grid" />
            <text x={left - 6} y={y(tick)} className="chart-axis-label" textAnchor="end" dominantBaseline="middle">
              {formatValue(tick)}
            </text>
          </g>
        ))}
        {data.map((d, index) => {
          const barTop = y(Math.max(0, d.value));
          const barHeight = Math.abs(y(d.value) - y(0));
          return (
            <rect key={d.label} x={band.x(index)} y={barTop} width={band.width} height={Math.max(barHeight, d.value !== 0 ? 1 : 0)} className="chart-bar">
              <title>{`${formatLabel(d.label)}: ${formatValue(d.value)}`}</title>
            </rect>
          );
        })}
        {labelIndexes(data.length, Math.max(2, Math.floor((width - left - right) / 70))).map((index) => (
          <text key={index} x={band.x(index) + band.width / 2} y={height - bottom + 16} className="chart-axis-label" textAnchor="middle">
            {formatLabel((data[index] as Datum).label)}
          </text>
        ))}
      </svg>
    </ChartFrame>
  );
}
