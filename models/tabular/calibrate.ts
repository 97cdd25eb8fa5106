/**
 * Platt scaling: p = σ(a·margin + b), fitted on out-of-fold margins so the probabilities
 * reflect how the model does on cases it has not seen. Targets use Platt's smoothing
 * ((N+ + 1)/(N+ + 2), 1/(N- + 2)) so a separable fold does not yield infinite slopes.
 */
export interface Platt {
  a: number;
  b: number;
}

export const applyPlatt = (c: Platt, margin: number): number => 1 / (1 + Math.exp(-(c.a * margin + c.b)));

export function fitPlatt(margins: ArrayLike<number>, y: ArrayLike<number>): Platt {
  let nPos = 0;
  for (let i = 0; i < y.length; i++) nPos += y[i]!;
  const nNeg = y.length - nPos;
  const hi = (nPos + 1) / (nPos + 2);
  const lo = 1 / (nNeg + 2);
  let a = 1;
  let b = 0;
  for (let iter = 0; iter < 50; iter++) {
    let gA = 0;
    let gB = 0;
    let hAA = 1e-6;
    let hAB = 0;
    let hBB = 1e-6;
    for (let i = 0; i < margins.length; i++) {
      const z = margins[i]!;
      const q = 1 / (1 + Math.exp(-(a * z + b)));
      const t = y[i] === 1 ? hi : lo;
      const w = Math.max(q * (1 - q), 1e-12);
      gA += (q - t) * z;
      gB += q - t;
      hAA += w * z * z;
      hAB += w * z;
      hBB += w;
    }
    const det = hAA * hBB - hAB * hAB;
    if (!(Math.abs(det) > 1e-18)) break;
    const dA = (hBB * gA - hAB * gB) / det;
    const dB = (hAA * gB - hAB * gA) / det;
    a -= dA;
    b -= dB;
    if (Math.abs(dA) + Math.abs(dB) < 1e-10) break;
  }
  return Number.isFinite(a) && Number.isFinite(b) ? { a, b } : { a: 1, b: 0 };
}
