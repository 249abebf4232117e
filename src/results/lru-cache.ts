/** A map that keeps at most `size` entries, dropping the least recently used. */
export class LruCache<K, V> {
  private readonly entries = new Map<K, V>();
  constructor(readonly size: number) {}

  get(key: K): V | undefined {
    const hit = this.entries.get(key);
    if (hit !== undefined) {
      this.entries.delete(key);
      this.entries.set(key, hit);
    }
    return hit;
  }

  set(key: K, value: V): void {
    this.entries.delete(key);
    this.entries.set(key, value);
    while (this.entries.size > this.size) this.entries.delete(this.entries.keys().next().value!);
  }

  delete(key: K): void {
    this.entries.delete(key);
  }

  get count(): number {
    return this.entries.size;
  }
}
