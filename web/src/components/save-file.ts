/**
 * Hands `blob` to the browser as a download named `fileName` (a link with `download`, clicked
 * once). The object URL is released a minute later: some browsers read it after the click returns.
 */
export function saveFile(fileName: string, blob: Blob): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement("a");
  link.href = url;
  link.download = fileName;
  link.hidden = true;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}
