// Downloads that need the bearer token: a plain <a href> cannot send an Authorization header,
// so the file is fetched, held as a blob and handed to the browser's save dialog.

/** The name from `Content-Disposition: attachment; filename="…"`, or the fallback. */
export function fileNameFromDisposition(header: string | null, fallback: string): string {
  const quoted = header?.match(/filename="([^"]+)"/i)?.[1];
  const bare = header?.match(/filename=([^;\s]+)/i)?.[1];
  const name = (quoted ?? bare ?? '').replace(/[/\\]/g, '_').trim();
  return name.length > 0 ? name : fallback;
}

/** The server's error message from a JSON error body, or the HTTP status. */
async function failureMessage(response: Response): Promise<string> {
  try {
    const body: unknown = await response.json();
    if (typeof body === 'object' && body !== null && 'message' in body && typeof body.message === 'string') return body.message;
  } catch {
    // A non-JSON error body (a proxy's HTML page): the status says enough.
  }
  return `The download failed (HTTP ${response.status}).`;
}

export async function downloadWithToken(url: string, token: string, fallbackName: string): Promise<void> {
  const response = await fetch(url, { headers: { authorization: `Bearer ${token}` } });
  if (!response.ok) throw new Error(await failureMessage(response));
  const blob = await response.blob();
  const objectUrl = URL.createObjectURL(blob);
  try {
    const link = document.createElement('a');
    link.href = objectUrl;
    link.download = fileNameFromDisposition(response.headers.get('content-disposition'), fallbackName);
    document.body.append(link);
    link.click();
    link.remove();
  } finally {
    // The click has started the download by now; the blob can go.
    setTimeout(() => URL.revokeObjectURL(objectUrl), 10_000);
  }
}
