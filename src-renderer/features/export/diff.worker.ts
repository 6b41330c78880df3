/** Runs line diffs off the UI thread: a big models.py never blocks a click or a tab switch. */
import { diffLines, diffStats } from './line-diff';

export interface DiffRequest {
  id: number;
  before: string;
  after: string;
}

const scope = self as unknown as { onmessage: ((e: MessageEvent<DiffRequest>) => void) | null; postMessage(message: unknown): void };
scope.onmessage = (e) => {
  const { id, before, after } = e.data;
  const lines = diffLines(before, after);
  scope.postMessage({ id, lines, ...diffStats(lines) });
};
