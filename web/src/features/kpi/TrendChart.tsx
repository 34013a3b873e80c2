// A line chart over months (ECharts, only the line chart, grid, tooltip and legend are bundled:
// echarts/core keeps the performance chunk small). The months on the axis are also written to
// data-months (and the first series' data-values) so tests and screen readers need not read the canvas.
import { useEffect, useRef } from 'react';
import * as echarts from 'echarts/core';
import { LineChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';

echarts.use([LineChart, GridComponent, LegendComponent, TooltipComponent, CanvasRenderer]);

export interface Series {
  name: string;
  values: (number | null)[];
}

interface Props {
  months: string[];
  series: Series[];
  /** Formats a value for the axis and the tooltip. */
  format: (v: number) => string;
  height?: number;
  'data-testid'?: string;
}

export function TrendChart({ months, series, format, height = 320, ...rest }: Props) {
  const ref = useRef<HTMLDivElement>(null);
  const chart = useRef<echarts.ECharts | null>(null);

  useEffect(() => {
    if (!ref.current) return;
    const c = echarts.init(ref.current);
    chart.current = c;
    const onResize = () => c.resize();
    window.addEventListener('resize', onResize);
    return () => {
      window.removeEventListener('resize', onResize);
      c.dispose();
      chart.current = null;
    };
  }, []);

  useEffect(() => {
    chart.current?.setOption(
      {
        animation: false,
        grid: { left: 72, right: 24, top: 36, bottom: 36 },
        tooltip: {
          trigger: 'axis',
          valueFormatter: (v: unknown) => (typeof v === 'number' ? format(v) : '—'),
        },
        legend: { top: 0 },
        xAxis: { type: 'category', data: months, boundaryGap: false },
        yAxis: { type: 'value', axisLabel: { formatter: (v: number) => format(v) } },
        series: series.map((s) => ({ type: 'line', name: s.name, data: s.values, connectNulls: false, showSymbol: true })),
      },
      { notMerge: true },
    );
  }, [months, series, format]);

  return (
    <div
      ref={ref}
      data-testid={rest['data-testid']}
      data-months={months.join(',')}
      data-series={series.map((s) => s.name).join('|')}
      data-values={series[0]?.values.map((v) => v ?? '').join(',')}
      style={{ width: '100%', height }}
    />
  );
}
