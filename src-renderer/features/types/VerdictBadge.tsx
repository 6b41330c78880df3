import type { VerdictLevel } from '@shared/typemap-model';

const LABEL: Record<VerdictLevel, string> = { portable: 'portable', lossy: 'lossy', unsupported: 'unsupported' };
const SYMBOL: Record<VerdictLevel, string> = { portable: '✓', lossy: '!', unsupported: '✕' };
const TONE: Record<VerdictLevel, string> = { portable: 'ok', lossy: 'warn', unsupported: 'bad' };

export function VerdictBadge({ level, compact }: { level: VerdictLevel; compact?: boolean }) {
  return (
    <span className={`badge ${TONE[level]} verdict${compact ? ' compact' : ''}`} data-verdict={level} title={LABEL[level]}>
      {compact ? <span aria-hidden="true">{SYMBOL[level]}</span> : LABEL[level]}
      {compact ? <span className="sr-only">{LABEL[level]}</span> : null}
    </span>
  );
}
