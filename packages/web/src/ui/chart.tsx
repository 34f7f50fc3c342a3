/**
 * A chart.js chart in a canvas. The canvas carries a label (role img, aria-label) and the
 * screens give the same figures in a table beside it, so that no figure is only a picture.
 */
import {
  BarController,
  BarElement,
  CategoryScale,
  Chart,
  Legend,
  LinearScale,
  LineController,
  LineElement,
  PointElement,
  Tooltip,
  type ChartConfiguration,
} from 'chart.js';
import { useEffect, useRef } from 'react';

Chart.register(
  BarController,
  BarElement,
  LineController,
  LineElement,
  PointElement,
  CategoryScale,
  LinearScale,
  Legend,
  Tooltip,
);

/** Lane colours with enough contrast on white (WCAG 1.4.11: 3:1 for graphics). */
export const laneColours = { red: '#b3261e', yellow: '#a16800', blue: '#1f5fa8', green: '#2e7d32' } as const;

export function ChartCanvas({
  config,
  label,
  height = 260,
}: {
  readonly config: ChartConfiguration;
  readonly label: string;
  readonly height?: number;
}) {
  const canvas = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    if (!canvas.current) return undefined;
    const chart = new Chart(canvas.current, {
      ...config,
      options: { ...config.options, responsive: true, maintainAspectRatio: false, animation: false },
    });
    return () => {
      chart.destroy();
    };
  }, [config]);
  return (
    <div className="chart" style={{ height }}>
      <canvas ref={canvas} role="img" aria-label={label} />
    </div>
  );
}
