/**
 * Turning one-vs-rest margins into probabilities: softmax(scale × margins), with the one
 * `scale` that minimises log loss on cross-validated margins (temperature scaling). It
 * keeps the ranking of labels and makes "probability 0.8" mean roughly 80 % right.
 */

/** Softmax of `scale × margins`, written into `out`. */
export function scaledSoftmax(margins: Float64Array, scale: number, out = new Float64Array(margins.length)): Float64Array {
  let max = -Infinity;
  for (const m of margins) if (m * scale > max) max = m * scale;
  let sum = 0;
  for (let k = 0; k < margins.length; k++) {
    const e = Math.exp((margins[k] as number) * scale - max);
    out[k] = e;
    sum += e;
  }
  for (let k = 0; k < out.length; k++) out[k] = (out[k] as number) / sum;
  return out;
}

function meanLogLoss(margins: readonly Float64Array[], labels: Int32Array, scale: number): number {
  let loss = 0;
  for (let i = 0; i < margins.length; i++) {
    const p = scaledSoftmax(margins[i] as Float64Array, scale);
    loss -= Math.log(Math.max(p[labels[i] as number] as number, 1e-12));
  }
  return loss / Math.max(1, margins.length);
}

/**
 * Scale in [0.1, 100] minimising log loss, by golden-section search on log(scale);
 * 1 when there is nothing to calibrate on.
 */
export function fitScale(margins: readonly Float64Array[], labels: Int32Array): number {
  if (margins.length === 0) return 1;
  let lo = Math.log(0.1);
  let hi = Math.log(100);
  const g = (Math.sqrt(5) - 1) / 2;
  let a = hi - g * (hi - lo);
  let b = lo + g * (hi - lo);
  let fa = meanLogLoss(margins, labels, Math.exp(a));
  let fb = meanLogLoss(margins, labels, Math.exp(b));
  for (let i = 0; i < 40; i++) {
    if (fa <= fb) {
      hi = b;
      b = a;
      fb = fa;
      a = hi - g * (hi - lo);
      fa = meanLogLoss(margins, labels, Math.exp(a));
    } else {
      lo = a;
      a = b;
      fa = fb;
      b = lo + g * (hi - lo);
      fb = meanLogLoss(margins, labels, Math.exp(b));
    }
  }
  return Math.exp((lo + hi) / 2);
}
