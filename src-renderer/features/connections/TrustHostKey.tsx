import { useState } from 'react';
import type { HostKeyFacts } from '@shared/ssh';
import { bridge, toApiError } from '../../bridge';

/**
 * First use of an SSH host: its fingerprint, to compare with what the server's administrator
 * gives, and one button that records the key in Poolscope's own known_hosts and tests again.
 */
export function TrustHostKey({ hostKey, onTrusted }: { hostKey: HostKeyFacts; onTrusted?: () => void }) {
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const trust = async () => {
    setBusy(true);
    setError(null);
    try {
      await bridge.call('ssh.trustHostKey', { host: hostKey.host, port: hostKey.port, keyType: hostKey.keyType, key: hostKey.key });
      onTrusted?.();
    } catch (err) {
      setError(toApiError(err).message);
    } finally {
      setBusy(false);
    }
  };
  return (
    <div className="stack" style={{ gap: 6 }} data-testid="ssh-trust">
      <div>
        <span className="muted">{hostKey.keyType} key of {hostKey.hostEntry}: </span>
        <span className="mono" data-testid="ssh-fingerprint">
          {hostKey.fingerprint}
        </span>
      </div>
      <div className="row">
        <button type="button" className="btn primary" onClick={() => void trust()} disabled={busy} data-testid="ssh-trust-button">
          Trust this key, then test
        </button>
      </div>
      {error ? (
        <span className="field-error" role="alert">
          {error}
        </span>
      ) : null}
    </div>
  );
}
