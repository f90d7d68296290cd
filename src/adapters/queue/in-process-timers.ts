/**
 * The in-process queue's delayed jobs and retries under one timer. Each waiting reply holds two
 * delayed jobs for its nudge and release times (minutes to hours), so a busy single-process
 * install keeps tens of thousands of them; one Node timer, two closures and their contexts per job
 * was about half of each one's memory. Here a job costs one heap entry, and one unref'd timer is
 * armed for the earliest, re-armed as entries come and go.
 *
 * Entries due at the same time fire in the order they were added (as setTimeout does), and a
 * delay longer than Node's timer limit (about 24.8 days) waits by re-arming instead of firing at
 * once with a TimeoutOverflowWarning.
 */

/** The longest delay a Node timer takes. */
const MAX_TIMER_MS = 2 ** 31 - 1;

interface Entry<T> {
  at: number;
  seq: number;
  item: T;
}

const before = <T>(a: Entry<T>, b: Entry<T>): boolean => a.at < b.at || (a.at === b.at && a.seq < b.seq);

export class DueTimers<T> {
  private readonly heap: Entry<T>[] = [];
  private seq = 0;
  private timer: NodeJS.Timeout | undefined;
  private armedAt = Infinity;

  /** `fire` gets every item whose time has come, in time order. */
  constructor(
    private readonly fire: (item: T) => void,
    private readonly now: () => number = () => performance.now(),
  ) {}

  get size(): number {
    return this.heap.length;
  }

  add(delayMs: number, item: T): void {
    const entry: Entry<T> = { at: this.now() + Math.max(0, delayMs), seq: (this.seq += 1), item };
    const a = this.heap;
    a.push(entry);
    let i = a.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      const p = a[parent] as Entry<T>;
      if (!before(entry, p)) break;
      a[i] = p;
      i = parent;
    }
    a[i] = entry;
    if (entry.at < this.armedAt) this.arm();
  }

  /** Drops every entry and the timer; returns the items that were waiting. */
  clear(): T[] {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.armedAt = Infinity;
    return this.heap.splice(0).map((e) => e.item);
  }

  private arm(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    const head = this.heap[0];
    if (!head) {
      this.armedAt = Infinity;
      return;
    }
    const now = this.now();
    const ms = Math.min(MAX_TIMER_MS, Math.max(0, Math.ceil(head.at - now)));
    // When the timer fires (the head's time, or the longest wait a timer takes before re-arming).
    this.armedAt = Math.min(head.at, now + ms);
    this.timer = setTimeout(() => this.wake(), ms);
    this.timer.unref();
  }

  private wake(): void {
    // The timer firing is what makes its entry due, even when the clock reads a hair earlier
    // (libuv counts whole milliseconds) or is not the one the timers run on (test fake timers).
    const now = Math.max(this.now(), this.armedAt);
    this.timer = undefined;
    this.armedAt = Infinity;
    const due: T[] = [];
    while (this.heap.length > 0 && (this.heap[0] as Entry<T>).at <= now) due.push((this.pop() as Entry<T>).item);
    // Re-armed before firing, so items a fire callback adds find the timer in place.
    this.arm();
    for (const item of due) this.fire(item);
  }

  private pop(): Entry<T> | undefined {
    const a = this.heap;
    const top = a[0];
    const last = a.pop();
    if (a.length === 0 || last === undefined) return top;
    let i = 0;
    const n = a.length;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= n) break;
      const r = l + 1;
      const child = r < n && before(a[r] as Entry<T>, a[l] as Entry<T>) ? r : l;
      if (!before(a[child] as Entry<T>, last)) break;
      a[i] = a[child] as Entry<T>;
      i = child;
    }
    a[i] = last;
    return top;
  }
}
