import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { BarChart } from './bar-chart.tsx';
import { HorizontalBarChart } from './horizontal-bar-chart.tsx';
import { LineChart } from './line-chart.tsx';

const money = (value: number) => `$${value.toFixed(2)}`;

describe('SVG charts', () => {
  it('label themselves for screen readers and offer the numbers as a table', () => {
    const html = renderToStaticMarkup(createElement(BarChart, { title: 'Spend per day', data: [{ label: '2025-01-01', value: 1.5 }, { label: '2025-01-02', value: 3 }], formatValue: money }));
    expect(html).toContain('role="img"');
    expect(html).toContain('aria-label="Spend per day. Total $4.50 over 2 points; highest $3.00 on 2025-01-02."');
    expect(html).toContain('<figcaption class="chart-title">Spend per day</figcaption>');
    expect(html).toContain('<td>2025-01-02</td><td>$3.00</td>');
    expect(html.match(/<rect /g)).toHaveLength(2);
  });

  it('draws user-supplied labels as escaped text, never markup', () => {
    const evil = '<img src=x onerror=alert(1)>';
    const html = renderToStaticMarkup(createElement(HorizontalBarChart, { title: 'Spend by team', data: [{ label: evil, value: 2 }], formatValue: money }));
    expect(html).not.toContain('<img');
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
  });

  it('draws one path per series and a legend when there are several', () => {
    const html = renderToStaticMarkup(
      createElement(LineChart, {
        title: 'Tokens per day',
        labels: ['a', 'b', 'c'],
        series: [
          { name: 'Prompt', values: [1, 2, 3] },
          { name: 'Completion', values: [3, 2, 1] },
        ],
        formatValue: String,
      }),
    );
    expect(html.match(/class="chart-line"/g)).toHaveLength(2);
    expect(html).toContain('Prompt: total 6; Completion: total 6.');
    expect(html).toContain('class="chart-legend"');
  });

  it('says "No data." for an empty series instead of drawing garbage', () => {
    const html = renderToStaticMarkup(createElement(BarChart, { title: 'Spend per day', data: [], formatValue: money }));
    expect(html).toContain('aria-label="Spend per day. No data."');
    expect(html).not.toContain('NaN');
  });
});
