/**
 * The work a button press does after its ack (the claim, the card, the Web API calls) runs at most
 * `concurrency` presses at a time, first come first served. Without a bound, a burst of presses
 * (a campaign launch: hundreds of volunteers pressing Claim in the same second) fills the event
 * loop with their work, and presses still waiting to be read off their sockets are acked only
 * after it, past Slack's 3 seconds. With it, each press is read and acked at once and the cards
 * follow in arrival order.
 */
export type PressWork = <T>(work: () => Promise<T>) => Promise<T>;

export function createPressWork(concurrency: number): PressWork {
  const limit = Math.max(1, Math.floor(concurrency));
  let running = 0;
  const waiting: (() => void)[] = [];
  const release = (): void => {
    running -= 1;
    const next = waiting.shift();
    if (next) {
      running += 1;
      // The next press starts on a later turn of the event loop, so sockets are read in between.
      setImmediate(next);
    }
  };
  return async (work) => {
    if (running >= limit) await new Promise<void>((resume) => waiting.push(resume));
    else running += 1;
    try {
      return await work();
    } finally {
      release();
    }
  };
}
