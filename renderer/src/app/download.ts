/** Offers a blob for download as fileName through a temporary link (the browser's or Electron's download handling). */
export function downloadBlob(fileName: string, blob: Blob): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  document.body.append(link);
  link.click();
  link.remove();
  // Revoked later, not at once: the download may still be reading the URL after click() returns.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
