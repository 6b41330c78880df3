import { writeSync } from 'node:fs';

/**
 * A writer for the command line's stdout or stderr that writes to the file descriptor itself.
 * `process.stdout` is built on first use, and building it loads Node's stream modules: 3 to 7 ms of
 * `poolscope list`, a command that prints a table and exits. Written this way the text goes out in
 * order and before exit, as it does through `process.stdout` on a file, pipe or terminal.
 * If the descriptor cannot take it (a non-blocking pipe that is full, a closed reader, Windows), the
 * rest of that text and everything after go through the stream, which handles those cases as before.
 */
export function fdWriter(fd: number, stream: () => NodeJS.WritableStream): (text: string) => void {
  let viaStream = process.platform === 'win32';
  return (text) => {
    if (viaStream) {
      stream().write(text);
      return;
    }
    const bytes = Buffer.from(text, 'utf8');
    let written = 0;
    try {
      while (written < bytes.length) written += writeSync(fd, bytes, written);
    } catch {
      viaStream = true;
      stream().write(bytes.subarray(written));
    }
  };
}
