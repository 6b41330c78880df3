import { LineChart, formatMs } from '../../components/LineChart';
import type { LivePool } from './live';

export function PoolCharts({ live }: { live: LivePool }) {
  const s = live.series;
  return (
    <div className="charts" data-testid="pool-charts">
      <LineChart
        title="Connections"
        testId="chart-connections"
        series={[
          { label: 'checked out', values: s.checkedOut.toArray(), color: 'var(--accent)' },
          { label: 'in pool', values: s.idle.toArray(), color: 'var(--ok)' },
          { label: 'waiting', values: s.waiting.toArray(), color: 'var(--bad)' },
          { label: 'open', values: s.open.toArray(), color: 'var(--text-faint)', dashed: true },
        ]}
      />
      <LineChart
        title="Checkout wait and query time (per tick)"
        testId="chart-latency"
        format={formatMs}
        series={[
          { label: 'wait p99', values: s.waitP99.toArray(), color: 'var(--bad)' },
          { label: 'query p50', values: s.queryP50.toArray(), color: 'var(--accent)' },
          { label: 'query p99', values: s.queryP99.toArray(), color: 'var(--warn)', dashed: true },
        ]}
      />
      <LineChart
        title="Load: throughput (req/s)"
        testId="chart-throughput"
        format={(v) => (v >= 1000 ? `${(v / 1000).toFixed(1)}k` : v.toFixed(0))}
        series={[
          { label: 'throughput', values: s.throughput.toArray(), color: 'var(--accent)' },
          { label: 'errors/tick', values: s.errors.toArray(), color: 'var(--bad)' },
        ]}
      />
    </div>
  );
}
