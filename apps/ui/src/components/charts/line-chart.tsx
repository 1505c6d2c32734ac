'use client';

import { labelIndexes, linearScale, linePath, niceTicks } from '../../lib/charts/scale.ts';
import { useChartWidth } from './use-chart-width.ts';
import { CHART, ChartFrame } from './chart-frame.tsx';

export interface Series {
  name: string;
  values: readonly number[];
}

/** One or more lines over the same labels (days); each series gets its own colour class and a legend entry. */
export function LineChart({ title, labels, series, formatValue, formatLabel = (label) => label, testId, integerValues = false }: { title: string; labels: readonly string[]; series: readonly Series[]; formatValue: (value: number) => string; formatLabel?: (label: string) => string; testId?: string; integerValues?: boolean }) {
  const [canvasRef, width] = useChartWidth<HTMLDivElement>();
  const { height, top, right, bottom, left } = CHART;
  const all = series.flatMap((s) => s.values);
  const ticks = niceTicks(Math.min(0, ...all), Math.max(0, ...all), 5, integerValues);
  const y = linearScale([ticks[0] as number, ticks.at(-1) as number], [height - bottom, top]);
  const x = linearScale([0, Math.max(labels.length - 1, 1)], [left + 8, width - right - 8]);
  const summary = series.map((s) => `${s.name}: total ${formatValue(s.values.reduce((sum, v) => sum + v, 0))}`).join('; ') + '.';
  return (
    <ChartFrame
      canvasRef={canvasRef}
      title={title}
      summary={labels.length === 0 ? 'No data.' : summary}
      testId={testId}
      table={{ headers: ['Date', ...series.map((s) => s.name)], rows: labels.map((label, i) => [formatLabel(label), ...series.map((s) => formatValue(s.values[i] ?? 0))]) }}
    >
      <svg viewBox={`0 0 ${width} ${height}`} className="chart-svg" aria-hidden="true" focusable="false">
        {ticks.map((tick) => (
          <g key={tick}>
            <line x1={left} x2={width - right} y1={y(tick)} y2={y(tick)} className="chart-grid" />
            <text x={left - 6} y={y(tick)} className="chart-axis-label" textAnchor="end" dominantBaseline="middle">
              {formatValue(tick)}
            </text>
          </g>
        ))}
        {series.map((s, seriesIndex) => (
          <g key={s.name} className={`chart-series chart-series-${seriesIndex % 4}`}>
            <path d={linePath(s.values.map((v, i) => [labels.length === 1 ? (left + width - right) / 2 : x(i), y(v)] as const))} className="chart-line" />
            {s.values.map((v, i) => (
              <circle key={i} cx={labels.length === 1 ? (left + width - right) / 2 : x(i)} cy={y(v)} r={labels.length > 40 ? 1.5 : 3} className="chart-point">
                <title>{`${s.name}, ${formatLabel(labels[i] ?? '')}: ${formatValue(v)}`}</title>
              </circle>
            ))}
          </g>
        ))}
        {labelIndexes(labels.length, Math.max(2, Math.floor((width - left - right) / 70))).map((index) => (
          <text key={index} x={labels.length === 1 ? (left + width - right) / 2 : x(index)} y={height - bottom + 16} className="chart-axis-label" textAnchor="middle">
            {formatLabel(labels[index] ?? '')}
          </text>
        ))}
      </svg>
      {series.length > 1 && (
        <ul className="chart-legend" aria-hidden="true">
          {series.map((s, i) => (
            <li key={s.name}>
              <span className={`legend-swatch chart-series-${i % 4}`} />
              {s.name}
            </li>
          ))}
        </ul>
      )}
    </ChartFrame>
  );
}
