import { BACKEND_INFO, type Backend } from '@shared/backends';
import type { Environment } from '@shared/profile';

export function EnvBadge({ env }: { env: Environment }) {
  return (
    <span className={`badge env-${env}`} data-testid="env-badge" title={`Environment: ${env}`}>
      {env === 'production' ? 'PRODUCTION' : env}
    </span>
  );
}

export function BackendBadge({ backend }: { backend: Backend }) {
  return (
    <span className="badge" data-testid="backend-badge">
      {BACKEND_INFO[backend].label}
    </span>
  );
}

export type Tone = 'ok' | 'warn' | 'bad' | 'info' | 'neutral';
export function Badge({ tone = 'neutral', children, title }: { tone?: Tone; children: React.ReactNode; title?: string }) {
  return (
    <span className={`badge ${tone === 'neutral' ? '' : tone}`} title={title}>
      {children}
    </span>
  );
}
