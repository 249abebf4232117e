/** Seeded PRNG for tests (mulberry32) with a normal generator (Box–Muller). */
export function seededRandom(seed: number): {
  uniform: () => number;
  normal: () => number;
  int: (n: number) => number;
} {
  let a = seed >>> 0;
  const uniform = (): number => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const normal = (): number => {
    const u = 1 - uniform();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * uniform());
  };
  return { uniform, normal, int: (n) => Math.floor(uniform() * n) };
}
