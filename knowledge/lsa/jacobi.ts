/**
 * Eigen-decomposition of a small symmetric matrix by cyclic Jacobi rotations: slow for big
 * matrices (O(n³) per sweep) but exact to machine precision and simple, which is all the
 * randomized SVD needs for its sketch-sized (≈ 200 × 200) problem.
 */

/** Eigenvalues descending; `vectors` is row-major n × n, column c the eigenvector of values[c]. */
export interface Eigen {
  values: Float64Array;
  vectors: Float64Array;
}

/** Eigenvalues and eigenvectors of the symmetric row-major n × n matrix `m` (not modified). */
export function eigenSymmetric(m: Float64Array, n: number, maxSweeps = 60): Eigen {
  const a = Float64Array.from(m);
  const w = new Float64Array(n * n);
  for (let i = 0; i < n; i++) w[i * n + i] = 1;
  const at = (i: number, j: number) => a[i * n + j] as number;
  for (let sweep = 0; sweep < maxSweeps; sweep++) {
    let off = 0;
    let diag = 0;
    for (let i = 0; i < n; i++) {
      diag += at(i, i) ** 2;
      for (let j = i + 1; j < n; j++) off += at(i, j) ** 2;
    }
    if (off <= 1e-30 * Math.max(diag, 1e-300)) break;
    for (let p = 0; p < n - 1; p++) {
      for (let q = p + 1; q < n; q++) {
        const apq = at(p, q);
        if (apq === 0 || Math.abs(apq) < 1e-300) continue;
        // Rotation angle that zeroes a[p][q] (Numerical Recipes' stable form).
        const theta = (at(q, q) - at(p, p)) / (2 * apq);
        const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1);
        const s = t * c;
        for (let k = 0; k < n; k++) {
          const akp = at(k, p);
          const akq = at(k, q);
          a[k * n + p] = c * akp - s * akq;
          a[k * n + q] = s * akp + c * akq;
        }
        for (let k = 0; k < n; k++) {
          const apk = at(p, k);
          const aqk = at(q, k);
          a[p * n + k] = c * apk - s * aqk;
          a[q * n + k] = s * apk + c * aqk;
        }
        for (let k = 0; k < n; k++) {
          const wkp = w[k * n + p] as number;
          const wkq = w[k * n + q] as number;
          w[k * n + p] = c * wkp - s * wkq;
          w[k * n + q] = s * wkp + c * wkq;
        }
      }
    }
  }
  const order = Array.from({ length: n }, (_, i) => i).sort((x, y) => at(y, y) - at(x, x) || x - y);
  const values = new Float64Array(n);
  const vectors = new Float64Array(n * n);
  order.forEach((src, dst) => {
    values[dst] = at(src, src);
    for (let k = 0; k < n; k++) vectors[k * n + dst] = w[k * n + src] as number;
  });
  return { values, vectors };
}
