import { EmptyState } from '../../components/Feedback';

/** Honest placeholder for a section whose feature has not been built yet. */
export function NotBuilt({ section, what }: { section: string; what: string }) {
  return (
    <EmptyState title={`${section} is not built yet`} testId="not-built">
      <p>{what}</p>
      <p className="faint" style={{ marginTop: 8 }}>Nothing on this tab is simulated: it stays empty until the feature exists.</p>
    </EmptyState>
  );
}
