/**
 * How many export downloads each client address has running, with a limit: an export holds a
 * warehouse connection and a share of the processor while it streams, so one anonymous client
 * may not take them all.
 */
export class AddressExportLimit {
  private readonly running = new Map<string, number>();

  constructor(readonly perAddress: number) {
    if (!Number.isInteger(perAddress) || perAddress < 1)
      throw new Error(`exports at once per address must be a whole number ≥ 1, got ${perAddress}`);
  }

  /**
   * Counts one more export of `address` and returns what ends it (calling it again does nothing);
   * null, counting nothing, when the address already has `perAddress` running.
   */
  enter(address: string): (() => void) | null {
    const now = this.running.get(address) ?? 0;
    if (now >= this.perAddress) return null;
    this.running.set(address, now + 1);
    let ended = false;
    return () => {
      if (ended) return;
      ended = true;
      const left = (this.running.get(address) ?? 1) - 1;
      if (left > 0) this.running.set(address, left);
      else this.running.delete(address);
    };
  }

  /** Exports `address` has running. */
  of(address: string): number {
    return this.running.get(address) ?? 0;
  }
}
