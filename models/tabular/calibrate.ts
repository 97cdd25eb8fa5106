/**
 * Platt scaling: p = σ(a·margin + b), fitted on out-of-fold margins so the probabilities
 * reflect how the model does on cases it has not seen. Targets use Platt's smoothing
 * ((N+ + 1)/(N+ + 2), 1/(N- + 2)), which keeps the optimum finite even on separable data;
 * the fit is Newton's method with a backtracking line search (Lin, Lin & Weng 2007, "A
 * note on Platt's probabilistic outputs"), so it cannot overshoot into huge slopes the way
 * plain Newton does when every margin sits far out on the sigmoid's flat tails.
 */
export interface Platt {
  a: number;
  b: number;
}

export const applyPlatt = (c: Platt, margin: number): number => 1 / (1 + Math.exp(-(c.a * margin + c.b)));

/** Newton iterations at most; each one at most halves its step this many times. */
const MAX_ITER = 100;
const MAX_HALVINGS = 40;
/** A tiny ridge on the slope: identifies `a` when every margin is the same. */
const RIDGE = 1e-6;

/** Summed smoothed log loss of σ(a·z + b) plus the ridge, computed without overflow. */
function objective(z: ArrayLike<number>, t: Float64Array, a: number, b: number): number {
  let f = (RIDGE / 2) * a * a;
  for (let i = 0; i < z.length; i++) {
    const u = a * z[i]! + b;
    // -t·log σ(u) - (1-t)·log(1-σ(u)) = (1-t)·u + log(1+e^-u), rearranged per sign of u.
    f += u >= 0 ? (1 - t[i]!) * u + Math.log1p(Math.exp(-u)) : -t[i]! * u + Math.log1p(Math.exp(u));
  }
  return f;
}

/**
 * Fit (a, b) on margins and 0/1 labels. The slope is kept ≥ 0: a calibration must not
 * reverse the model's ranking. Margins that rank worse than chance on the held-out folds
 * carry no usable signal, and every case then gets the (smoothed) base rate.
 */
export function fitPlatt(margins: ArrayLike<number>, y: ArrayLike<number>): Platt {
  const n = margins.length;
  let nPos = 0;
  for (let i = 0; i < n; i++) nPos += y[i] === 1 ? 1 : 0;
  const hi = (nPos + 1) / (nPos + 2);
  const lo = 1 / (n - nPos + 2);
  const t = Float64Array.from({ length: n }, (_, i) => (y[i] === 1 ? hi : lo));
  let a = 0;
  let b = Math.log((nPos + 1) / (n - nPos + 1));
  let f = objective(margins, t, a, b);
  for (let iter = 0; iter < MAX_ITER; iter++) {
    let gA = RIDGE * a;
    let gB = 0;
    let hAA = RIDGE + 1e-12;
    let hAB = 0;
    let hBB = 1e-12;
    for (let i = 0; i < n; i++) {
      const z = margins[i]!;
      const q = 1 / (1 + Math.exp(-(a * z + b)));
      const w = q * (1 - q);
      gA += (q - t[i]!) * z;
      gB += q - t[i]!;
      hAA += w * z * z;
      hAB += w * z;
      hBB += w;
    }
    if (Math.abs(gA) < 1e-7 * n && Math.abs(gB) < 1e-7 * n) break;
    const det = hAA * hBB - hAB * hAB;
    if (!(det > 0)) break;
    const dA = -(hBB * gA - hAB * gB) / det;
    const dB = -(hAA * gB - hAB * gA) / det;
    const slope = gA * dA + gB * dB;
    // Backtracking: accept the largest step 2^-k with enough decrease (Armijo).
    let step = 1;
    let accepted = false;
    for (let k = 0; k < MAX_HALVINGS; k++, step /= 2) {
      const fNew = objective(margins, t, a + step * dA, b + step * dB);
      if (fNew <= f + 1e-4 * step * slope) {
        a += step * dA;
        b += step * dB;
        f = fNew;
        accepted = true;
        break;
      }
    }
    if (!accepted) break;
  }
  if (!(Number.isFinite(a) && Number.isFinite(b)) || a < 0) return { a: 0, b: baseRateLogit(t) };
  return { a, b };
}

/** Intercept-only optimum: the logit of the mean smoothed target. */
function baseRateLogit(t: Float64Array): number {
  let s = 0;
  for (let i = 0; i < t.length; i++) s += t[i]!;
  const m = s / Math.max(1, t.length);
  return Math.log(m / (1 - m));
}
