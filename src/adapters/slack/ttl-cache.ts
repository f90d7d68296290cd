/**
 * A small bounded cache with a time-to-live, oldest-first eviction (LRU on read). Used for the
 * event ids already seen (Slack retries), members' locales and names, team names and DM
 * channel ids. One instance per adapter; nothing module-level.
 */
import type { Clock } from '../../core/ports.js';

export interface TtlCacheOptions {
  /** Entries kept at most; the least recently used go first. */
  max: number;
  ttlMs: number;
  clock: Clock;
}

export class TtlCache<K, V> {
  private readonly entries = new Map<K, { value: V; expires: number }>();

  constructor(private readonly opts: TtlCacheOptions) {}

  get(key: K): V | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    if (entry.expires <= this.opts.clock.now().getTime()) {
      this.entries.delete(key);
      return undefined;
    }
    this.entries.delete(key);
    this.entries.set(key, entry);
    return entry.value;
  }

  has(key: K): boolean {
    return this.get(key) !== undefined;
  }

  set(key: K, value: V): void {
    this.entries.delete(key);
    this.entries.set(key, { value, expires: this.opts.clock.now().getTime() + this.opts.ttlMs });
    while (this.entries.size > this.opts.max) {
      const oldest = this.entries.keys().next();
      if (oldest.done) break;
      this.entries.delete(oldest.value);
    }
  }

  /** Adds the key and returns true, or returns false when it was already there (and fresh). */
  addIfAbsent(key: K, value: V): boolean {
    if (this.has(key)) return false;
    this.set(key, value);
    return true;
  }

  delete(key: K): void {
    this.entries.delete(key);
  }

  get size(): number {
    return this.entries.size;
  }
}
