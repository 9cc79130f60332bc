import { EigenvalueDecomposition, Matrix } from "ml-matrix";

/**
 * Latent semantic analysis of a workspace's chunks: a truncated SVD of the chunk × term matrix
 * (sublinear tf times idf, rows L2-normalised), found by randomized range finding with power
 * iterations (Halko, Martinsson & Tropp 2011). Each term gets a concept vector (its right singular
 * vector row, scaled by its idf), so a text's concept vector is the sum of its terms' vectors
 * weighted by 1 + ln tf, the same fold-in for chunks and queries. Terms that occur together land
 * close together, so "automobile" finds a passage that only says "car". The server runs it on a
 * pool thread (fit-concepts-task.ts), never on its own.
 */

export interface ConceptFitOptions {
  dimensions: number;
  /** Only the most frequent terms get concepts; rarer ones add little and cost memory. */
  maxTerms: number;
  /** Terms in fewer chunks than this carry no co-occurrence to learn from. */
  minChunks: number;
  /** Extra random directions beyond `dimensions`, and power iterations, for accuracy. */
  oversampling: number;
  powerIterations: number;
  seed: number;
}

export const DEFAULT_CONCEPT_FIT: ConceptFitOptions = { dimensions: 100, maxTerms: 30_000, minChunks: 2, oversampling: 10, powerIterations: 2, seed: 1 };

export interface ConceptModel {
  terms: string[];
  /** `terms.length` rows of `dimensions` values, row-major. */
  vectors: Float32Array;
  dimensions: number;
  /** How many chunks the model was fitted on. */
  chunks: number;
}

/** A chunk as the fit reads it: each term (lexeme) with its count. */
export type TermCounts = Map<string, number>;

const ROWS_PER_SLICE = 500;
const COMPRESSION = 4;
const yieldToEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

/** BM25's idf, so concept weights agree with full-text ranking on what is rare. */
export const idf = (chunks: number, df: number) => Math.log(1 + (chunks - df + 0.5) / (df + 0.5));

interface SparseRows {
  /** Row r's entries are `cols[start[r]..start[r + 1])` with `values` alike. */
  start: Int32Array;
  cols: Int32Array;
  values: Float64Array;
  columns: number;
}

function mulberry(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A tall dense matrix, row-major: the big operands stay in typed arrays; only l × l ones go to ml-matrix. */
interface Dense {
  rows: number;
  cols: number;
  data: Float64Array;
}

const dense = (rows: number, cols: number): Dense => ({ rows, cols, data: new Float64Array(rows * cols) });

/** A × M for sparse A (n × m) and dense M (m × l): n × l. */
async function times(a: SparseRows, m: Dense): Promise<Dense> {
  const rows = a.start.length - 1;
  const l = m.cols;
  const out = dense(rows, l);
  for (let r = 0; r < rows; r++) {
    for (let e = a.start[r]!; e < a.start[r + 1]!; e++) {
      const v = a.values[e]!;
      const source = a.cols[e]! * l;
      for (let j = 0; j < l; j++) out.data[r * l + j]! += v * m.data[source + j]!;
    }
    if (r % ROWS_PER_SLICE === ROWS_PER_SLICE - 1) await yieldToEventLoop();
  }
  return out;
}

/** Aᵀ × M for sparse A (n × m) and dense M (n × l): m × l. */
async function transposeTimes(a: SparseRows, m: Dense): Promise<Dense> {
  const rows = a.start.length - 1;
  const l = m.cols;
  const out = dense(a.columns, l);
  for (let r = 0; r < rows; r++) {
    for (let e = a.start[r]!; e < a.start[r + 1]!; e++) {
      const v = a.values[e]!;
      const target = a.cols[e]! * l;
      for (let j = 0; j < l; j++) out.data[target + j]! += v * m.data[r * l + j]!;
    }
    if (r % ROWS_PER_SLICE === ROWS_PER_SLICE - 1) await yieldToEventLoop();
  }
  return out;
}

/** MᵀM (l × l) of a tall M, in slices. */
async function gram(m: Dense): Promise<Matrix> {
  const l = m.cols;
  const out = new Float64Array(l * l);
  for (let r = 0; r < m.rows; r++) {
    const row = r * l;
    for (let i = 0; i < l; i++) {
      const v = m.data[row + i]!;
      if (v === 0) continue;
      // Upper triangle only; mirrored below.
      for (let j = i; j < l; j++) out[i * l + j]! += v * m.data[row + j]!;
    }
    if (r % ROWS_PER_SLICE === ROWS_PER_SLICE - 1) await yieldToEventLoop();
  }
  const full = Matrix.zeros(l, l);
  for (let i = 0; i < l; i++) {
    for (let j = i; j < l; j++) {
      full.set(i, j, out[i * l + j]!);
      full.set(j, i, out[i * l + j]!);
    }
  }
  return full;
}

/** M × S for a tall M and a small S (ml-matrix), in slices. */
async function timesSmall(m: Dense, s: Matrix): Promise<Dense> {
  const out = dense(m.rows, s.columns);
  const small = s.to2DArray();
  for (let r = 0; r < m.rows; r++) {
    for (let i = 0; i < m.cols; i++) {
      const v = m.data[r * m.cols + i]!;
      if (v === 0) continue;
      const row = small[i]!;
      for (let j = 0; j < s.columns; j++) out.data[r * s.columns + j]! += v * row[j]!;
    }
    if (r % ROWS_PER_SLICE === ROWS_PER_SLICE - 1) await yieldToEventLoop();
  }
  return out;
}

/**
 * An orthonormal basis of Y's columns, through the eigenvectors of the small Gram matrix YᵀY
 * (Y V Λ^-1/2): only l × l work is done in one go; directions with no weight are dropped.
 */
async function orthonormalise(y: Dense): Promise<Dense> {
  const eigen = new EigenvalueDecomposition(await gram(y), { assumeSymmetric: true });
  const values = eigen.realEigenvalues;
  const largest = Math.max(...values);
  const keep = values.map((v, i) => [v, i] as const).filter(([v]) => v > largest * 1e-10);
  const scale = Matrix.zeros(y.cols, keep.length);
  keep.forEach(([v, i], c) => {
    for (let r = 0; r < y.cols; r++) scale.set(r, c, eigen.eigenvectorMatrix.get(r, i) / Math.sqrt(v));
  });
  return timesSmall(y, scale);
}

/** The chunk × term matrix over the kept vocabulary, weighted and row-normalised. */
function weightedMatrix(chunks: TermCounts[], options: ConceptFitOptions): { matrix: SparseRows; terms: string[]; idfs: Float64Array } {
  const df = new Map<string, number>();
  for (const chunk of chunks) for (const term of chunk.keys()) df.set(term, (df.get(term) ?? 0) + 1);
  const terms = [...df]
    .filter(([, n]) => n >= options.minChunks)
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
    .slice(0, options.maxTerms)
    .map(([term]) => term);
  const column = new Map(terms.map((t, i) => [t, i]));
  const idfs = Float64Array.from(terms, (t) => idf(chunks.length, df.get(t)!));
  const start = new Int32Array(chunks.length + 1);
  const cols: number[] = [];
  const values: number[] = [];
  chunks.forEach((chunk, r) => {
    const first = cols.length;
    let norm = 0;
    for (const [term, count] of chunk) {
      const c = column.get(term);
      if (c === undefined) continue;
      const w = (1 + Math.log(count)) * idfs[c]!;
      cols.push(c);
      values.push(w);
      norm += w * w;
    }
    norm = Math.sqrt(norm);
    if (norm > 0) for (let e = first; e < values.length; e++) values[e]! /= norm;
    start[r + 1] = cols.length;
  });
  return { matrix: { start, cols: Int32Array.from(cols), values: Float64Array.from(values), columns: terms.length }, terms, idfs };
}

/** Fits concept vectors to `chunks`; null when there is too little to learn from (under 8 chunks or terms). */
export async function fitConcepts(chunks: TermCounts[], options: ConceptFitOptions = DEFAULT_CONCEPT_FIT): Promise<ConceptModel | null> {
  const { matrix, terms, idfs } = weightedMatrix(chunks, options);
  // Far fewer dimensions than terms or chunks, or the model keeps every word apart and learns nothing.
  const k = Math.min(options.dimensions, Math.floor(Math.min(chunks.length, terms.length) / COMPRESSION));
  if (k < 2) return null;
  const l = Math.min(k + options.oversampling, chunks.length, terms.length);
  const random = mulberry(options.seed);
  // Gaussian test directions (Box-Muller) over the terms.
  const omega = dense(terms.length, l);
  for (let r = 0; r < terms.length; r++) {
    for (let j = r * l; j < (r + 1) * l; j++) omega.data[j] = Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
    if (r % ROWS_PER_SLICE === ROWS_PER_SLICE - 1) await yieldToEventLoop();
  }
  let q = await orthonormalise(await times(matrix, omega));
  for (let i = 0; i < options.powerIterations; i++) {
    const z = await orthonormalise(await transposeTimes(matrix, q));
    q = await orthonormalise(await times(matrix, z));
  }
  // B = Qᵀ A (l' × terms), kept transposed (terms × l'); its right singular vectors come from B Bᵀ.
  const bt = await transposeTimes(matrix, q);
  const eigen = new EigenvalueDecomposition(await gram(bt), { assumeSymmetric: true });
  const order = eigen.realEigenvalues
    .map((v, i) => [v, i] as const)
    .sort((a, b) => b[0] - a[0])
    .slice(0, k)
    .filter(([v]) => v > 1e-12);
  const dimensions = order.length;
  if (dimensions < 2) return null;
  // V = Bᵀ U Σ⁻¹: each term's row, scaled by its idf.
  const vectors = new Float32Array(terms.length * dimensions);
  const u = eigen.eigenvectorMatrix.to2DArray();
  for (let t = 0; t < terms.length; t++) {
    order.forEach(([value, i], d) => {
      let sum = 0;
      for (let j = 0; j < bt.cols; j++) sum += bt.data[t * bt.cols + j]! * u[j]![i]!;
      vectors[t * dimensions + d] = (sum / Math.sqrt(value)) * idfs[t]!;
    });
    if (t % ROWS_PER_SLICE === ROWS_PER_SLICE - 1) await yieldToEventLoop();
  }
  return { terms, vectors, dimensions, chunks: chunks.length };
}
