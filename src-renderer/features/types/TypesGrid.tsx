import { useCallback, useEffect, useRef, useState, type KeyboardEvent } from 'react';
import { TARGETS, TARGET_LABELS, type ColumnMapping } from '@shared/typemap-model';
import { VerdictBadge } from './VerdictBadge';

/**
 * A virtualised grid: only the rows in view (plus a few) are in the DOM, so 20,000 columns
 * scroll like 20. Rows have a fixed height; the header sticks; arrows, Page Up/Down, Home and End
 * move the selection.
 */
const ROW_HEIGHT = 34;
const OVERSCAN = 10;

export function TypesGrid({ columns, rows, selected, onSelect }: { columns: ColumnMapping[]; rows: number[]; selected: number | null; onSelect(index: number | null): void }) {
  const scroller = useRef<HTMLDivElement>(null);
  const [scrollTop, setScrollTop] = useState(0);
  const [height, setHeight] = useState(480);
  const frame = useRef(0);

  useEffect(() => {
    const el = scroller.current;
    if (!el) return;
    const ro = new ResizeObserver(() => setHeight(el.clientHeight));
    ro.observe(el);
    return () => ro.disconnect();
  }, []);

  const onScroll = useCallback(() => {
    cancelAnimationFrame(frame.current);
    frame.current = requestAnimationFrame(() => setScrollTop(scroller.current?.scrollTop ?? 0));
  }, []);

  const position = selected === null ? -1 : rows.indexOf(selected);
  const moveTo = (pos: number) => {
    if (rows.length === 0) return;
    const p = Math.max(0, Math.min(rows.length - 1, pos));
    onSelect(rows[p]!);
    const el = scroller.current;
    if (!el) return;
    const top = p * ROW_HEIGHT;
    const viewTop = el.scrollTop;
    const viewBottom = viewTop + el.clientHeight - ROW_HEIGHT * 2;
    if (top < viewTop) el.scrollTop = top;
    else if (top > viewBottom) el.scrollTop = top - el.clientHeight + ROW_HEIGHT * 2;
  };
  const page = Math.max(1, Math.floor(height / ROW_HEIGHT) - 2);
  const onKeyDown = (e: KeyboardEvent) => {
    const keys: Record<string, () => void> = {
      ArrowDown: () => moveTo(position + 1),
      ArrowUp: () => moveTo(position - 1),
      PageDown: () => moveTo(position + page),
      PageUp: () => moveTo(position - page),
      Home: () => moveTo(0),
      End: () => moveTo(rows.length - 1),
      Escape: () => onSelect(null),
    };
    const fn = keys[e.key];
    if (fn) {
      e.preventDefault();
      fn();
    }
  };

  const first = Math.max(0, Math.floor(scrollTop / ROW_HEIGHT) - OVERSCAN);
  const last = Math.min(rows.length, Math.ceil((scrollTop + height) / ROW_HEIGHT) + OVERSCAN);
  const visible: number[] = [];
  for (let p = first; p < last; p++) visible.push(p);

  // A short result shrinks the grid so the detail below stays in view; long ones scroll inside it.
  const fitted = rows.length < 14 ? { height: Math.max(150, (rows.length + 1) * ROW_HEIGHT + 4) } : undefined;
  return (
    <div
      className="types-grid"
      style={fitted}
      ref={scroller}
      onScroll={onScroll}
      onKeyDown={onKeyDown}
      tabIndex={0}
      role="grid"
      aria-label="Column type mappings"
      aria-rowcount={rows.length + 1}
      aria-colcount={7}
      data-testid="types-grid"
    >
      <div className="types-row types-head" role="row" aria-rowindex={1}>
        <div role="columnheader">Table</div>
        <div role="columnheader">Column</div>
        <div role="columnheader">Native type</div>
        <div role="columnheader">SQLAlchemy</div>
        {TARGETS.map((t) => (
          <div role="columnheader" key={t}>
            {TARGET_LABELS[t]}
          </div>
        ))}
      </div>
      <div className="types-body" style={{ height: rows.length * ROW_HEIGHT }}>
        {visible.map((p) => {
          const index = rows[p]!;
          const c = columns[index]!;
          return (
            <div
              key={index}
              className="types-row"
              role="row"
              aria-rowindex={p + 2}
              aria-selected={index === selected}
              data-testid="types-row"
              style={{ transform: `translateY(${p * ROW_HEIGHT}px)` }}
              onClick={() => onSelect(index)}
            >
              <div role="gridcell" className="cell-ellipsis" title={c.table}>
                {c.table}
              </div>
              <div role="gridcell" className="cell-ellipsis" title={c.column}>
                {c.primaryKey ? <span className="pk-mark" title="Primary key">PK</span> : null}
                {c.column}
              </div>
              <div role="gridcell" className="cell-ellipsis mono" title={c.nativeType}>
                {c.nativeType || <span className="faint">(none)</span>}
              </div>
              <div role="gridcell" className="cell-ellipsis mono" title={c.generic}>
                {c.generic}
              </div>
              {TARGETS.map((t) => {
                const d = c.ddl[t];
                return (
                  <div role="gridcell" key={t} className="cell-target" data-testid={`cell-${t}`}>
                    <VerdictBadge level={c.verdicts[t].level} compact />
                    <span className="cell-ellipsis mono" title={d.ok ? d.ddl : d.error}>
                      {d.ok ? d.ddl : 'cannot create'}
                    </span>
                  </div>
                );
              })}
            </div>
          );
        })}
      </div>
      {rows.length === 0 ? (
        <div className="types-empty-rows" data-testid="types-no-rows">
          No column matches these filters. Clear the search or pick another verdict.
        </div>
      ) : null}
    </div>
  );
}
