/**
 * Resolves true once every URL answers 200, false when `timeoutMs` passes first. The launcher says "up" only
 * then: its front listens at once, and a request sent the moment it said so reached a gateway that was still
 * starting (a 502 "gateway is not reachable").
 */
export async function waitUntilLive(urls: readonly string[], timeoutMs: number, intervalMs = 100): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  const pending = new Set(urls);
  for (;;) {
    for (const url of [...pending]) {
      try {
        const response = await fetch(url, { signal: AbortSignal.timeout(Math.max(1, Math.min(1_000, deadline - Date.now()))) });
        await response.body?.cancel();
        if (response.status === 200) pending.delete(url);
      } catch {
        // not listening yet
      }
    }
    if (pending.size === 0) return true;
    if (Date.now() >= deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}
