import { useId } from 'react';

export interface ChartSeries {
  label: string;
  values: number[];
  /** CSS colour (a token variable is fine). */
  color: string;
  dashed?: boolean;
}

function niceMax(v: number): number {
  if (v <= 0) return 1;
  const exp = Math.pow(10, Math.floor(Math.log10(v)));
  for (const m of [1, 2, 2.5, 5, 10]) if (v <= m * exp) return m * exp;
  return 10 * exp;
}

/**
 * A small SVG line chart for live streams. It draws what it is given (already bounded ring
 * buffers) and describes the latest values in its accessible name.
 */
export function LineChart({
  title,
  series,
  format = (v) => String(Math.round(v)),
  height = 140,
  capacity = 240,
  testId,
}: {
  title: string;
  series: ChartSeries[];
  format?: (v: number) => string;
  height?: number;
  capacity?: number;
  testId?: string;
}) {
  const id = useId();
  const W = 600;
  const H = height;
  const pad = { l: 44, r: 8, t: 8, b: 18 };
  const max = niceMax(Math.max(0, ...series.flatMap((s) => s.values)));
  const x = (i: number, n: number) => pad.l + ((W - pad.l - pad.r) * (capacity - n + i)) / Math.max(1, capacity - 1);
  const y = (v: number) => pad.t + (H - pad.t - pad.b) * (1 - v / max);
  const latest = series.map((s) => `${s.label} ${format(s.values[s.values.length - 1] ?? 0)}`).join(', ');
  return (
    <figure className="chart" data-testid={testId}>
      <figcaption id={id} className="chart-title">
        <span>{title}</span>
        <span className="chart-legend">
          {series.map((s) => (
            <span key={s.label} className="chart-key">
              <span className="chart-swatch" style={{ background: s.color }} aria-hidden="true" />
              {s.label} <strong className="num">{format(s.values[s.values.length - 1] ?? 0)}</strong>
            </span>
          ))}
        </span>
      </figcaption>
      <svg viewBox={`0 0 ${W} ${H}`} role="img" aria-labelledby={id} aria-description={latest} preserveAspectRatio="none" className="chart-svg">
        {[1, 0.5, 0].map((f, i, all) => {
          // An axis label equal to the one above it (an empty chart's "1, 1, 0" after rounding) is left out.
          const label = format(max * f);
          const same = i > 0 && format(max * all[i - 1]!) === label;
          return (
            <g key={f}>
              <line x1={pad.l} x2={W - pad.r} y1={y(max * f)} y2={y(max * f)} className="chart-grid" />
              {same ? null : (
                <text x={pad.l - 6} y={y(max * f) + 4} textAnchor="end" className="chart-axis">
                  {label}
                </text>
              )}
            </g>
          );
        })}
        {series.map((s) =>
          s.values.length > 1 ? (
            <polyline
              key={s.label}
              fill="none"
              stroke={s.color}
              strokeWidth={1.8}
              strokeDasharray={s.dashed ? '4 3' : undefined}
              vectorEffect="non-scaling-stroke"
              points={s.values.map((v, i) => `${x(i, s.values.length).toFixed(1)},${y(v).toFixed(1)}`).join(' ')}
            />
          ) : null,
        )}
      </svg>
    </figure>
  );
}

export function formatMs(v: number): string {
  if (v === 0) return '0';
  if (v < 1) return `${(v * 1000).toFixed(0)}µs`;
  if (v < 10) return `${v.toFixed(1)}ms`;
  if (v < 1000) return `${v.toFixed(0)}ms`;
  return `${(v / 1000).toFixed(1)}s`;
}
