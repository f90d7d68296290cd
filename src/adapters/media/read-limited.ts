/** Reads an HTTP body up to a byte limit, cancelling the download past it (never buffers more). */
export type LimitedBody = { ok: true; bytes: Uint8Array } | { ok: false; tooLarge: boolean };

export async function readLimited(res: Response, max: number): Promise<LimitedBody> {
  const declared = Number(res.headers.get('content-length') ?? NaN);
  if (Number.isFinite(declared) && declared > max) {
    await res.body?.cancel().catch(() => undefined);
    return { ok: false, tooLarge: true };
  }
  if (!res.body) return { ok: false, tooLarge: false };
  const reader = res.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.length;
    if (total > max) {
      await reader.cancel().catch(() => undefined);
      return { ok: false, tooLarge: true };
    }
    chunks.push(value);
  }
  const bytes = new Uint8Array(total);
  let at = 0;
  for (const c of chunks) {
    bytes.set(c, at);
    at += c.length;
  }
  return { ok: true, bytes };
}
