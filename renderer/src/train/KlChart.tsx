import { useEffect, useRef } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { useServices } from '../app/StudioContext';

function cssVar(name: string): string {
  return getComputedStyle(document.documentElement).getPropertyValue(name).trim() || '#888';
}

function chartOptions(width: number): uPlot.Options {
  const axis = { stroke: cssVar('--text-muted'), grid: { stroke: cssVar('--grid'), width: 1 }, ticks: { stroke: cssVar('--grid'), width: 1 } };
  return {
    width,
    height: 180,
    legend: { show: false },
    cursor: { drag: { x: false, y: false } },
    scales: { x: { time: false }, y: { range: (_u, min, max) => [Math.min(0, min), max > 0 ? max * 1.05 : 1] } },
    axes: [
      { ...axis, label: 'epoch', labelSize: 18, size: 36 },
      { ...axis, label: 'KL (nats)', labelSize: 18, size: 52, values: (_u, ticks) => ticks.map((t) => t.toPrecision(2)) },
    ],
    series: [{ label: 'epoch' }, { label: 'KL(data‖model)', stroke: cssVar('--accent'), width: 2, points: { show: false } }],
  };
}

/**
 * Live chart of KL(data‖model) per epoch for one run. It reads the run's series straight from the store (arrays
 * appended in place) and redraws at most once per animation frame, so progress events never re-render React.
 */
export function KlChart({ runId, theme }: { runId: string; theme: string }) {
  const { store } = useServices();
  const host = useRef<HTMLDivElement>(null);

  useEffect(() => {
    const element = host.current;
    if (!element) return;
    const seriesOf = () => store.getState().runs.series[runId];
    const initial = seriesOf();
    const chart = new uPlot(chartOptions(Math.max(200, element.clientWidth)), [initial?.steps ?? [], initial?.values.kl ?? []], element);
    let drawnVersion = initial?.version ?? -1;
    let frame = 0;
    const redraw = () => {
      frame = 0;
      const series = seriesOf();
      if (!series || series.version === drawnVersion) return;
      drawnVersion = series.version;
      chart.setData([series.steps, series.values.kl ?? []]);
    };
    const unsubscribe = store.subscribe(() => {
      if (!frame && seriesOf()?.version !== drawnVersion) frame = requestAnimationFrame(redraw);
    });
    const resize = new ResizeObserver(() => chart.setSize({ width: Math.max(200, element.clientWidth), height: 180 }));
    resize.observe(element);
    return () => {
      unsubscribe();
      resize.disconnect();
      if (frame) cancelAnimationFrame(frame);
      chart.destroy();
    };
  }, [store, runId, theme]);

  return <div className="kl-chart" ref={host} data-testid="kl-chart" role="img" aria-label="KL divergence per epoch" />;
}
