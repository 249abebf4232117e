/** Dense least squares by Householder QR: returns coefficients and (R′R)⁻¹. */
export function denseLeastSquares(
  design: number[][],
  y: number[],
): { beta: number[]; xtxInverse: number[][]; rss: number } {
  const n = design.length;
  const p = design[0]!.length;
  const a = design.map((row) => [...row]);
  const b = [...y];
  for (let j = 0; j < p; j++) {
    let norm = 0;
    for (let i = j; i < n; i++) norm += a[i]![j]! ** 2;
    norm = Math.sqrt(norm);
    const alpha = a[j]![j]! > 0 ? -norm : norm;
    const v = new Array(n).fill(0);
    for (let i = j; i < n; i++) v[i] = a[i]![j]!;
    v[j] -= alpha;
    const vv = v.reduce((s: number, x: number) => s + x * x, 0);
    for (let c = j; c < p; c++) {
      let dot = 0;
      for (let i = j; i < n; i++) dot += v[i] * a[i]![c]!;
      for (let i = j; i < n; i++) a[i]![c]! -= (2 * dot * v[i]) / vv;
    }
    let dot = 0;
    for (let i = j; i < n; i++) dot += v[i] * b[i]!;
    for (let i = j; i < n; i++) b[i]! -= (2 * dot * v[i]) / vv;
  }
  const beta = new Array(p).fill(0);
  for (let i = p - 1; i >= 0; i--) {
    let s = b[i]!;
    for (let c = i + 1; c < p; c++) s -= a[i]![c]! * beta[c];
    beta[i] = s / a[i]![i]!;
  }
  // R⁻¹ then (R′R)⁻¹ = R⁻¹R⁻ᵀ
  const rInv = Array.from({ length: p }, () => new Array(p).fill(0));
  for (let c = 0; c < p; c++) {
    for (let i = c; i >= 0; i--) {
      let s = i === c ? 1 : 0;
      for (let m = i + 1; m <= c; m++) s -= a[i]![m]! * rInv[m]![c];
      rInv[i]![c] = s / a[i]![i]!;
    }
  }
  const xtxInverse = rInv.map((ri) =>
    rInv.map((rj) => ri.reduce((s: number, v: number, m: number) => s + v * rj[m], 0)),
  );
  let rss = 0;
  for (let i = p; i < n; i++) rss += b[i]! ** 2;
  return { beta, xtxInverse, rss };
}
