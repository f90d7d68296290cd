/**
 * A binary min-heap of strings (ids). Ids are minted in increasing order, so pushing a
 * freshly imported contact costs O(1); popping costs O(log n).
 */
export class MinHeap {
  private readonly items: string[] = [];

  get size(): number {
    return this.items.length;
  }

  peek(): string | undefined {
    return this.items[0];
  }

  push(value: string): void {
    const a = this.items;
    a.push(value);
    let i = a.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      const p = a[parent] as string;
      if (p <= value) break;
      a[i] = p;
      i = parent;
    }
    a[i] = value;
  }

  pop(): string | undefined {
    const a = this.items;
    const top = a[0];
    const last = a.pop();
    if (a.length === 0 || last === undefined) return top;
    let i = 0;
    const n = a.length;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= n) break;
      const r = l + 1;
      const child = r < n && (a[r] as string) < (a[l] as string) ? r : l;
      if ((a[child] as string) >= last) break;
      a[i] = a[child] as string;
      i = child;
    }
    a[i] = last;
    return top;
  }
}
