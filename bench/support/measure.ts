// Peak memory sampling and result tables for the benchmarks.

export interface MemoryPeak {
  /** RSS when sampling started (process, modules and anything already loaded). */
  startRssMb: number;
  peakRssMb: number;
  peakHeapUsedMb: number;
}

const MB = 1024 * 1024;

/** Samples process.memoryUsage() every `intervalMs` (and on demand via `sample`) until stopped. */
export function sampleMemory(intervalMs = 50): { sample(): void; stop(): MemoryPeak } {
  const start = process.memoryUsage().rss;
  let peakRss = start;
  let peakHeap = process.memoryUsage().heapUsed;
  const sample = (): void => {
    const m = process.memoryUsage();
    if (m.rss > peakRss) peakRss = m.rss;
    if (m.heapUsed > peakHeap) peakHeap = m.heapUsed;
  };
  const timer = setInterval(sample, intervalMs);
  return {
    sample,
    stop() {
      clearInterval(timer);
      sample();
      return { startRssMb: start / MB, peakRssMb: peakRss / MB, peakHeapUsedMb: peakHeap / MB };
    },
  };
}

export interface ResultRow {
  what: string;
  rows: number;
  /** Wall-clock seconds. */
  seconds: number;
  /** CPU seconds of the whole process (all threads), from process.cpuUsage(): less sensitive to a busy machine. */
  cpuSeconds?: number;
  peak: MemoryPeak;
  note?: string;
}

const fmt = (n: number, digits = 0): string => n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });

/** A small fixed-width table of real figures. */
export function printTable(title: string, rows: ResultRow[]): void {
  const header = ['measure', 'rows', 'seconds', 'rows/s', 'CPU s', 'rows/CPU-s', 'start RSS MB', 'peak RSS MB', 'peak heap MB', 'note'];
  const lines = rows.map((r) => [
    r.what, fmt(r.rows), fmt(r.seconds, 2), fmt(r.rows / r.seconds),
    r.cpuSeconds === undefined ? '' : fmt(r.cpuSeconds, 2), r.cpuSeconds === undefined ? '' : fmt(r.rows / r.cpuSeconds),
    fmt(r.peak.startRssMb), fmt(r.peak.peakRssMb), fmt(r.peak.peakHeapUsedMb), r.note ?? '',
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => (l[i] ?? '').length)));
  const render = (cells: string[]): string => cells.map((c, i) => (i === 0 || i === cells.length - 1 ? c.padEnd(widths[i] ?? 0) : c.padStart(widths[i] ?? 0))).join(' | ');
  console.log(`\n${title}`);
  console.log(render(header));
  console.log(widths.map((w) => '-'.repeat(w)).join('-|-'));
  for (const l of lines) console.log(render(l));
}

/** `--rows 1000000` style flags. */
export function flag(args: readonly string[], name: string): string | undefined {
  const at = args.indexOf(`--${name}`);
  return at === -1 ? undefined : args[at + 1];
}

/** CPU seconds (user + system, all threads) since `since`. */
export function cpuSecondsSince(since: NodeJS.CpuUsage): number {
  const d = process.cpuUsage(since);
  return (d.user + d.system) / 1e6;
}

/**
 * One full collection (with `--expose-gc`, which `npm run bench` passes; without it, none), then a
 * rest while the collector finishes sweeping: a measured phase does not pay for its setup's garbage.
 */
export async function settleHeap(restMs: number): Promise<void> {
  (globalThis as { gc?: () => void }).gc?.();
  if (restMs > 0) await new Promise((r) => setTimeout(r, restMs));
}
