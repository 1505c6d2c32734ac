'use client';

import { linearScale, niceTicks } from '../../lib/charts/scale.ts';
import { ChartFrame, type Datum } from './chart-frame.tsx';
import { useChartWidth } from './use-chart-width.ts';

const ROW = 26;
const LABEL_WIDTH = 180;
const RIGHT = 80;

const clip = (label: string, max = 26) => (label.length > max ? `${label.slice(0, max - 1)}…` : label);

/** Ranked bars (spend by team, key, model...): labels are user data, drawn as SVG text, never markup. */
export function HorizontalBarChart({ title, data, formatValue, testId }: { title: string; data: readonly Datum[]; formatValue: (value: number) => string; testId?: string }) {
  const [canvasRef, width] = useChartWidth<HTMLDivElement>();
  const max = Math.max(0, ...data.map((d) => d.value));
  const ticks = niceTicks(0, max, 4);
  const x = linearScale([0, ticks.at(-1) as number], [LABEL_WIDTH, width - RIGHT]);
  const height = Math.max(data.length, 1) * ROW + 8;
  const summary = data.length === 0 ? 'No data.' : `${data.length} entries; largest ${clip(data[0]?.label ?? '', 60)} with ${formatValue(data[0]?.value ?? 0)}.`;
  return (
    <ChartFrame canvasRef={canvasRef} title={title} summary={summary} testId={testId} table={{ headers: ['Name', title], rows: data.map((d) => [d.label, formatValue(d.value)]) }}>
      <svg viewBox={`0 0 ${width} ${height}`} className="chart-svg" aria-hidden="true" focusable="false">
        {data.map((d, index) => {
          const y = 4 + index * ROW;
          return (
            <g key={`${d.label}-${index}`}>
              <text x={LABEL_WIDTH - 8} y={y + ROW / 2} className="chart-axis-label chart-hbar-label" textAnchor="end" dominantBaseline="middle">
                {clip(d.label)}
                <title>{d.label}</title>
              </text>
              <rect x={LABEL_WIDTH} y={y + 4} width={Math.max(x(d.value) - LABEL_WIDTH, d.value > 0 ? 1 : 0)} height={ROW - 8} className="chart-bar" />
              <text x={x(d.value) + 6} y={y + ROW / 2} className="chart-axis-label" dominantBaseline="middle">
                {formatValue(d.value)}
              </text>
            </g>
          );
        })}
      </svg>
    </ChartFrame>
  );
}
