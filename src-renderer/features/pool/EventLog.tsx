import { memo, useMemo, useRef } from 'react';
import type { PoolEventDto, PoolEventKindDto } from '@shared/pool-types';
import { formatCount, formatTimeMs } from '../../format';
import { useStore } from '../../store';
import { DEFAULT_EVENT_FILTER } from '../../store/pool-slice';

const GROUPS: Array<{ id: string; label: string; kinds: PoolEventKindDto[] }> = [
  { id: 'problems', label: 'Problems', kinds: ['invalidate', 'pre-ping-failed', 'timeout', 'error', 'connect-error', 'query-error'] },
  { id: 'lifecycle', label: 'Connect / recycle / close', kinds: ['connect', 'recycle', 'close'] },
  { id: 'traffic', label: 'Checkout / reset / checkin', kinds: ['checkout', 'reset', 'checkin'] },
];


/** The event timeline, newest first, with the driver's real messages. Checkout/checkin traffic is hidden by default. */
export function EventLog({ connectionId, events }: { connectionId: string; events: PoolEventDto[] }) {
  // The filters live in the store per connection: leaving the Pool tab unmounts this component.
  const { shown, text } = useStore((s) => s.eventFilters[connectionId]) ?? DEFAULT_EVENT_FILTER;
  const setShown = (next: Record<string, boolean>) => useStore.getState().setEventFilter(connectionId, { shown: next });
  const setText = (next: string) => useStore.getState().setEventFilter(connectionId, { text: next });
  // A tick brings new events (checkout and checkin traffic during a load run) even when none of them
  // passes the filters: the list shown is then the same one, and its 300 rows are not rendered again.
  const shownBefore = useRef<PoolEventDto[]>([]);
  const visible = useMemo(() => {
    const kinds = new Set(GROUPS.filter((g) => shown[g.id]).flatMap((g) => g.kinds));
    const q = text.trim().toLowerCase();
    const out: PoolEventDto[] = [];
    for (let i = events.length - 1; i >= 0 && out.length < 300; i--) {
      const e = events[i]!;
      if (!kinds.has(e.kind)) continue;
      if (q && !`${e.kind} ${e.detail ?? ''} #${e.conn}`.toLowerCase().includes(q)) continue;
      out.push(e);
    }
    const before = shownBefore.current;
    if (out.length === before.length && out.every((e, i) => e.seq === before[i]!.seq)) return before;
    shownBefore.current = out;
    return out;
  }, [events, shown, text]);
  return (
    <div className="stack" style={{ gap: 8 }}>
      <div className="row-wrap">
        <div className="chips" role="group" aria-label="Event filters">
          {GROUPS.map((g) => (
            <button key={g.id} type="button" className="chip" aria-pressed={shown[g.id] ? 'true' : 'false'} onClick={() => setShown({ ...shown, [g.id]: !shown[g.id] })} data-testid={`event-filter-${g.id}`}>
              {g.label}
            </button>
          ))}
        </div>
        <input className="input" style={{ width: 220 }} type="search" placeholder="Filter events" aria-label="Filter events by text" value={text} onChange={(e) => setText(e.target.value)} />
      </div>
      <div className="event-log" role="log" aria-label="Pool events" tabIndex={0} data-testid="event-log">
        {visible.length === 0 ? (
          <p className="muted" style={{ padding: 10 }} data-testid="event-log-empty">
            {events.length === 0
              ? 'No events yet. Open the pool, start a load run or run a probe.'
              : `None of the last ${formatCount(events.length)} events matches the filters. Turn on more groups above${text.trim() ? ' or clear the text filter' : ''}; older events are not kept once a load run fills the log.`}
          </p>
        ) : (
          <EventRows rows={visible} />
        )}
      </div>
    </div>
  );
}

const EventRows = memo(function EventRows({ rows }: { rows: PoolEventDto[] }) {
  return rows.map((e) => (
    <div key={e.seq} className="event-row" data-testid="event-row" data-kind={e.kind}>
      <span className="mono faint">{formatTimeMs(e.at)}</span>
      <span className={`event-kind k-${e.kind}`}>{e.kind}</span>
      <span className="mono faint">{e.conn ? `#${e.conn}` : ''}</span>
      <span className="event-detail">{e.detail ?? ''}</span>
    </div>
  ));
});
