import { setTimeout as sleep } from "node:timers/promises";

/**
 * Export batches taking turns on the event loop: one batch at a time and, while other requests
 * are waiting for an answer, each followed by a rest `1 / share − 1` times as long as the batch
 * took, so that exports together hold the event loop at most `share` of the time while a school
 * report waits. With no other request in flight, exports run flat out.
 */
export class ExportPace {
  private lane: Promise<void> = Promise.resolve();

  constructor(
    readonly share: number,
    private readonly othersWaiting: () => boolean,
  ) {
    if (!(share > 0 && share <= 1))
      throw new Error(`the exports' share of the event loop must be in (0, 1], got ${share}`);
  }

  /** Runs one batch's `work` in its turn, then holds the next turn back for the rest. */
  async turn<T>(work: () => Promise<T>): Promise<T> {
    const previous = this.lane;
    let free = () => {};
    this.lane = new Promise((resolve) => {
      free = resolve;
    });
    await previous;
    const started = performance.now();
    try {
      return await work();
    } finally {
      const rest = this.othersWaiting() ? (performance.now() - started) * (1 / this.share - 1) : 0;
      if (rest > 0) void sleep(rest).then(free);
      else free();
    }
  }
}
