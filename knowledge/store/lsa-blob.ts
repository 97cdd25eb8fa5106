import { AppError } from "../../core/errors.ts";
import type { LsaModel } from "../lsa/model.ts";

/**
 * An LSA projection as one `bytea`: a little-endian u32 header length, a JSON header
 * (version, dimensions, fittedOn, vocabulary in order), then Float32 IDFs (one per term)
 * and Float32 rows of V (dimensions per term). One read gives a process the whole model;
 * 20k terms × 128 dimensions is ≈ 10 MB.
 */
export function encodeLsa(m: LsaModel): Buffer {
  const terms = [...m.terms.keys()];
  const header = Buffer.from(JSON.stringify({ version: m.version, dimensions: m.dimensions, fittedOn: m.fittedOn, terms }), "utf8");
  const k = m.dimensions;
  const idf = new Float32Array(terms.length);
  const vec = new Float32Array(terms.length * k);
  terms.forEach((t, i) => {
    const e = m.terms.get(t);
    if (!e) return;
    idf[i] = e.idf;
    vec.set(e.vector.subarray(0, k), i * k);
  });
  const len = Buffer.alloc(4);
  len.writeUInt32LE(header.length, 0);
  // Float32 data aligned to 4 bytes after the header, so it can be viewed without a copy.
  const pad = Buffer.alloc((4 - ((4 + header.length) % 4)) % 4);
  return Buffer.concat([len, header, pad, Buffer.from(idf.buffer), Buffer.from(vec.buffer)]);
}

/** Inverse of encodeLsa. */
export function decodeLsa(buf: Uint8Array): LsaModel {
  const b = Buffer.from(buf.buffer, buf.byteOffset, buf.byteLength);
  if (b.length < 4) throw new AppError("INTERNAL", "LSA blob too short");
  const hl = b.readUInt32LE(0);
  const h = JSON.parse(b.subarray(4, 4 + hl).toString("utf8")) as { version: string; dimensions: number; fittedOn: number; terms: string[] };
  const start = 4 + hl + ((4 - ((4 + hl) % 4)) % 4);
  const n = h.terms.length;
  const k = h.dimensions;
  // Copy into fresh, aligned arrays (the driver's Buffer may sit at any offset of a shared pool).
  const floats = new Float32Array(n + n * k);
  new Uint8Array(floats.buffer).set(b.subarray(start, start + floats.byteLength));
  if (b.length < start + floats.byteLength) throw new AppError("INTERNAL", "LSA blob truncated");
  const terms = new Map<string, { idf: number; vector: Float32Array }>();
  h.terms.forEach((t, i) => terms.set(t, { idf: floats[i] as number, vector: floats.subarray(n + i * k, n + (i + 1) * k) }));
  return { version: h.version, dimensions: k, fittedOn: h.fittedOn, terms };
}
