/** Saves bytes through the browser's own download (serve mode): a Blob URL on a temporary link, revoked afterwards. */
export function downloadBytes(bytes: Uint8Array, fileName: string, type: string): void {
  const url = URL.createObjectURL(new Blob([bytes as BlobPart], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  a.rel = 'noopener';
  document.body.appendChild(a);
  a.click();
  a.remove();
  // The click has started the download synchronously; the URL is not needed after this turn.
  setTimeout(() => URL.revokeObjectURL(url), 0);
}
