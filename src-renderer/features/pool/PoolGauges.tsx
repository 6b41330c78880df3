import type { PoolCountersDto, PoolGaugesDto, PoolTimersDto } from '@shared/pool-types';
import { formatMs } from '../../components/LineChart';
import { formatCount } from '../../format';

const GAUGES: Array<{ key: keyof PoolGaugesDto; label: string; help: string }> = [
  { key: 'checkedOut', label: 'Checked out', help: 'checkedout(): in use by requests' },
  { key: 'idle', label: 'In pool', help: 'checkedin(): idle, ready to hand out' },
  { key: 'overflow', label: 'Overflow', help: 'overflow(): starts at −pool_size' },
  { key: 'waiting', label: 'Waiting', help: 'requests queued for a connection' },
  { key: 'open', label: 'Open', help: 'driver connections open now' },
];

export function PoolGauges({ gauges }: { gauges: PoolGaugesDto }) {
  return (
    <div className="gauges" data-testid="pool-gauges">
      {GAUGES.map((g) => (
        <div key={g.key} className={`gauge${g.key === 'waiting' && gauges.waiting > 0 ? ' alert' : ''}`} data-testid={`gauge-${g.key}`}>
          <div className="stat-label">{g.label}</div>
          <div className="stat-value num">{gauges[g.key]}</div>
          <div className="gauge-help">{g.help}</div>
        </div>
      ))}
    </div>
  );
}

const COUNTERS: Array<{ key: keyof PoolCountersDto; label: string; bad?: boolean }> = [
  { key: 'checkouts', label: 'Checkouts' },
  { key: 'queries', label: 'Queries' },
  { key: 'opened', label: 'Connections opened' },
  { key: 'closed', label: 'Connections closed' },
  { key: 'recycles', label: 'Recycles' },
  { key: 'invalidations', label: 'Invalidations', bad: true },
  { key: 'prePingFailures', label: 'Pre-ping failures', bad: true },
  { key: 'timeouts', label: 'Checkout timeouts', bad: true },
  { key: 'errors', label: 'Errors', bad: true },
];

export function PoolCounters({ counters }: { counters: PoolCountersDto }) {
  return (
    <div className="counters" data-testid="pool-counters">
      {COUNTERS.map((c) => (
        <div key={c.key} className={`counter${c.bad && counters[c.key] > 0 ? ' bad' : ''}`} data-testid={`counter-${c.key}`}>
          <span>{c.label}</span>
          <strong>{counters[c.key]}</strong>
        </div>
      ))}
    </div>
  );
}

const TIMERS: Array<{ key: keyof PoolTimersDto; label: string }> = [
  { key: 'checkoutWait', label: 'Checkout wait' },
  { key: 'connectionUse', label: 'Connection use' },
  { key: 'connect', label: 'Connect' },
  { key: 'query', label: 'Query' },
];

export function PoolTimers({ timers, title }: { timers: PoolTimersDto; title: string }) {
  return (
    <table className="table" aria-label={title} data-testid="pool-timers">
      <thead>
        <tr>
          <th>{title}</th>
          <th className="num">count</th>
          <th className="num">p50</th>
          <th className="num">p95</th>
          <th className="num">p99</th>
          <th className="num">max</th>
        </tr>
      </thead>
      <tbody>
        {TIMERS.map((t) => {
          const s = timers[t.key];
          return (
            <tr key={t.key}>
              <td>{t.label}</td>
              <td className="num">{formatCount(s.count)}</td>
              <td className="num">{formatMs(s.p50)}</td>
              <td className="num">{formatMs(s.p95)}</td>
              <td className="num">{formatMs(s.p99)}</td>
              <td className="num">{formatMs(s.max)}</td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
