import { describe, expect, it } from "vitest";
import { mulberry32 } from "../../core/random.ts";
import { eigenSymmetric } from "./jacobi.ts";
import { randomizedSvd, type SparseMatrix } from "./svd.ts";

/** CSR from a dense row-major matrix (zeros dropped). */
function sparse(rows: number[][]): SparseMatrix {
  const rowPtr = [0];
  const colIdx: number[] = [];
  const values: number[] = [];
  for (const r of rows) {
    r.forEach((x, j) => {
      if (x !== 0) {
        colIdx.push(j);
        values.push(x);
      }
    });
    rowPtr.push(colIdx.length);
  }
  return { rows: rows.length, cols: rows[0]?.length ?? 0, rowPtr: Int32Array.from(rowPtr), colIdx: Int32Array.from(colIdx), values: Float64Array.from(values) };
}

/** Random orthonormal columns (n × k) by Gram–Schmidt of seeded noise. */
function orthonormal(n: number, k: number, seed: number): number[][] {
  const r = mulberry32(seed);
  const cols: number[][] = [];
  for (let c = 0; c < k; c++) {
    const v = Array.from({ length: n }, () => r() - 0.5);
    for (const u of cols) {
      const d = u.reduce((s, x, i) => s + x * (v[i] as number), 0);
      u.forEach((x, i) => (v[i] = (v[i] as number) - d * x));
    }
    const len = Math.hypot(...v);
    cols.push(v.map((x) => x / len));
  }
  return cols;
}

describe("symmetric eigen-decomposition (Jacobi)", () => {
  it("finds the textbook eigenvalues of [[2,1],[1,2]] and [[4,1,0],[1,3,1],[0,1,2]]", () => {
    expect([...eigenSymmetric(Float64Array.from([2, 1, 1, 2]), 2).values]).toEqual([expect.closeTo(3, 12), expect.closeTo(1, 12)]);
    // Eigenvalues of this tridiagonal matrix are 3 + √3, 3, 3 − √3.
    const { values, vectors } = eigenSymmetric(Float64Array.from([4, 1, 0, 1, 3, 1, 0, 1, 2]), 3);
    expect([...values].map((x) => Number(x.toFixed(10)))).toEqual([3 + Math.sqrt(3), 3, 3 - Math.sqrt(3)].map((x) => Number(x.toFixed(10))));
    // The middle eigenvector is (1, −1, 1)/√3 up to sign.
    const mid = [0, 1, 2].map((i) => vectors[i * 3 + 1] as number);
    expect(Math.abs(mid[0] as number)).toBeCloseTo(1 / Math.sqrt(3), 10);
    expect((mid[0] as number) * (mid[1] as number)).toBeLessThan(0);
  });
});

describe("randomized truncated SVD", () => {
  it("recovers the singular values and vectors of a matrix built from known factors", () => {
    // Given A = U diag(10, 5, 2, 1, 0.5) Vᵀ, 60 × 40
    const sigma = [10, 5, 2, 1, 0.5];
    const U = orthonormal(60, 5, 1);
    const V = orthonormal(40, 5, 2);
    const dense = Array.from({ length: 60 }, (_, i) => Array.from({ length: 40 }, (_, j) => sigma.reduce((s, x, c) => s + x * (U[c]?.[i] as number) * (V[c]?.[j] as number), 0)));
    // When its top 3 triplets are computed
    const svd = randomizedSvd(sparse(dense), 3, { seed: 7 });
    // Then the singular values are 10, 5, 2 and each vector matches up to sign
    expect([...svd.s].map((x) => x.toFixed(8))).toEqual(["10.00000000", "5.00000000", "2.00000000"]);
    for (let c = 0; c < 3; c++) {
      const vc = Array.from({ length: 40 }, (_, j) => svd.v[j * 3 + c] as number);
      const uc = Array.from({ length: 60 }, (_, i) => svd.u[i * 3 + c] as number);
      expect(Math.abs(vc.reduce((s, x, j) => s + x * (V[c]?.[j] as number), 0))).toBeCloseTo(1, 8);
      expect(Math.abs(uc.reduce((s, x, i) => s + x * (U[c]?.[i] as number), 0))).toBeCloseTo(1, 8);
    }
  });

  it("matches the exact singular values of a small sparse term-document matrix", () => {
    // Given a 4 × 3 matrix whose singular values are known in closed form:
    // A = [[1,1,0],[1,1,0],[0,0,3],[0,0,0]] → AᵀA has eigenvalues 4, 9, 0 → σ = 3, 2, 0.
    const svd = randomizedSvd(sparse([[1, 1, 0], [1, 1, 0], [0, 0, 3], [0, 0, 0]]), 3, { seed: 3 });
    expect([...svd.s].map((x) => Number(x.toFixed(10)))).toEqual([3, 2, 0]);
    // And a rank-deficient direction has zero vectors, not noise
    expect([0, 1, 2].map((j) => svd.v[j * 3 + 2])).toEqual([0, 0, 0]);
  });

  it("is deterministic for a seed, with one canonical sign per vector", () => {
    const r = mulberry32(11);
    const dense = Array.from({ length: 30 }, () => Array.from({ length: 25 }, () => (r() < 0.2 ? Math.round(r() * 5) : 0)));
    const a = randomizedSvd(sparse(dense), 6, { seed: 5 });
    const b = randomizedSvd(sparse(dense), 6, { seed: 5 });
    expect(b.v).toEqual(a.v);
    expect(b.s).toEqual(a.s);
    // Largest-magnitude entry of each right vector is positive
    for (let c = 0; c < 6; c++) {
      const col = Array.from({ length: 25 }, (_, j) => a.v[j * 6 + c] as number);
      const big = col.reduce((m, x) => (Math.abs(x) > Math.abs(m) ? x : m), 0);
      expect(big).toBeGreaterThan(0);
    }
  });
});
