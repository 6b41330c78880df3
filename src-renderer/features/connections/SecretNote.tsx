import { useStore } from '../../store';

/** Says plainly how saved passwords are protected, and when that is weaker than the OS keychain. */
export function SecretNote() {
  const storage = useStore((s) => s.info?.secretStorage);
  if (!storage) return null;
  return (
    <p className={`cx-note${storage.weakerThanKeychain ? ' warn' : ''}`} data-testid="secret-storage-note">
      {storage.weakerThanKeychain ? <strong>Weaker than the OS keychain: </strong> : null}
      {storage.description}
    </p>
  );
}
