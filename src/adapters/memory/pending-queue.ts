import { MinHeap } from './min-heap.js';

/**
 * Ids waiting to be claimed, lowest first. Ids are minted in increasing order, so nearly every
 * push (an import) extends a sorted run: those pops cost O(1), a step of the run's head. Only ids
 * that come back out of order (a released or expired claim) wait in a heap, O(log k) in their
 * own number. The run drops its consumed head once that is most of it.
 */
export class PendingQueue {
  private run: string[] = [];
  private head = 0;
  private readonly late = new MinHeap();

  get size(): number {
    return this.run.length - this.head + this.late.size;
  }

  push(id: string): void {
    const run = this.run;
    if (run.length === this.head || (run[run.length - 1] as string) < id) run.push(id);
    else this.late.push(id);
  }

  peek(): string | undefined {
    const a = this.head < this.run.length ? this.run[this.head] : undefined;
    const b = this.late.peek();
    if (a === undefined) return b;
    return b !== undefined && b < a ? b : a;
  }

  pop(): string | undefined {
    const a = this.head < this.run.length ? this.run[this.head] : undefined;
    const b = this.late.peek();
    if (a === undefined || (b !== undefined && b < a)) return this.late.pop();
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
