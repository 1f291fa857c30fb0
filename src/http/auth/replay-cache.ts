/**
 * `jti` values seen while their tokens can still be accepted (CONFORMANCE §3.10 step 6). In memory, bounded:
 * expired entries are pruned on insert; when full, the entry that expires first is evicted — only tokens that
 * already verified reach this cache, so filling it needs a trusted client's signing key.
 */
export class ReplayCache {
  /** key → expiry (ms since epoch). Map keeps insertion order, which we prune from. */
  private readonly entries = new Map<string, number>();
  private lastPruneMs = Number.NEGATIVE_INFINITY;

  constructor(private readonly maxEntries: number) {}

  /** Record `key` until `expiresAtMs`; false when it was already recorded and has not expired (a replay). */
  remember(key: string, expiresAtMs: number, nowMs: number): boolean {
    const seen = this.entries.get(key);
    if (seen !== undefined && seen > nowMs) return false;
    // Pruning walks the whole map, so do it at most once a second unless the cache is full.
    if (this.entries.size >= this.maxEntries || nowMs - this.lastPruneMs >= 1000) this.prune(nowMs);
    if (this.entries.size >= this.maxEntries) this.evictSoonestExpiring();
    this.entries.delete(key);
    this.entries.set(key, expiresAtMs);
    return true;
  }

  get size(): number {
    return this.entries.size;
  }

  private prune(nowMs: number): void {
    this.lastPruneMs = nowMs;
    for (const [key, expiry] of this.entries) {
      if (expiry <= nowMs) this.entries.delete(key);
    }
  }

  private evictSoonestExpiring(): void {
    let victim: string | null = null;
    let soonest = Number.POSITIVE_INFINITY;
    for (const [key, expiry] of this.entries) {
      if (expiry < soonest) {
        soonest = expiry;
        victim = key;
      }
    }
    if (victim !== null) this.entries.delete(victim);
  }
}
