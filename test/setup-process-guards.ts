import { afterAll } from 'vitest';

/**
 * Belt and braces beside Vitest's own unhandled-error reporting: remember every unhandled
 * rejection or exception in this worker and fail the file that let it happen.
 */
const seen: string[] = [];
const onRejection = (reason: unknown) => seen.push(`unhandledRejection: ${reason instanceof Error ? reason.stack ?? reason.message : String(reason)}`);
const onException = (err: Error) => seen.push(`uncaughtException: ${err.stack ?? err.message}`);
process.on('unhandledRejection', onRejection);
process.on('uncaughtException', onException);

afterAll(() => {
  process.off('unhandledRejection', onRejection);
  process.off('uncaughtException', onException);
  if (seen.length) throw new Error(`This test file let ${seen.length} error(s) escape:\n${seen.join('\n')}`);
});
