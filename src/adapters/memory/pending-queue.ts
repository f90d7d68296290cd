import { MinHeap } from './min-heap.js';

/**
 * Records waiting to be claimed, lowest id first. Ids are minted in increasing order, so nearly
 * every push (an import) extends a sorted run: those pops cost O(1), a step of the run's head.
 * Only records that come back out of order (a released or expired claim) wait in a heap,
 * O(log k) in their own number. The run drops its consumed head once that is most of it.
 * It holds the records themselves, so checking that a head is still pending needs no lookup.
 */
export class PendingQueue<T extends { readonly id: string }> {
  private run: T[] = [];
  private head = 0;
  private readonly late = new MinHeap<T>();

  get size(): number {
    return this.run.length - this.head + this.late.size;
  }

  push(record: T): void {
    const run = this.run;
    if (run.length === this.head || (run[run.length - 1] as T).id < record.id) run.push(record);
    else this.late.push(record);
  }

  peek(): T | undefined {
    const a = this.head < this.run.length ? this.run[this.head] : undefined;
    const b = this.late.peek();
    if (a === undefined) return b;
    return b !== undefined && b.id < a.id ? b : a;
  }

  pop(): T | undefined {
    const a = this.head < this.run.length ? this.run[this.head] : undefined;
    const b = this.late.peek();
    if (a === undefined || (b !== undefined && b.id < a.id)) return this.late.pop();
    this.head += 1;
    if (this.head === this.run.length) {
      this.run = [];
      this.head = 0;
    } else if (this.head >= 1024 && this.head * 2 >= this.run.length) {
      this.run = this.run.slice(this.head);
      this.head = 0;
    }
    return a;
  }
}
