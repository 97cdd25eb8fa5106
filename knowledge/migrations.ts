/**
 * The knowledge base's schema, as an ordered list the migration runner appends to its own.
 * Append only: a released entry is never edited. No schema is ever named (tests run in a
 * fresh schema through `search_path`), except `vector`, which lives in `public`.
 *
 * Vectors are NOT here: HNSW needs a fixed dimension, so each index identity (tenant, kb,
 * embedder id, dimension) gets its own table `kb_vec_<id>` created at run time by
 * knowledge/store/vectors.ts and listed in `kb_indexes`.
 */
export const KNOWLEDGE_MIGRATIONS: { id: string; name: string; sql: string }[] = [
  {
    id: "kb-001",
    name: "knowledge base: documents, chunks with full-text search, vector index registry",
    sql: `
CREATE EXTENSION IF NOT EXISTS vector SCHEMA public;

CREATE TABLE IF NOT EXISTS kb_documents (
  id bigserial PRIMARY KEY,
  tenant_id text NOT NULL,
  kb text NOT NULL,
  -- The document's identity in its knowledge base, what citations and evals use: the file name without its extension.
  name text NOT NULL,
  -- Where it was last read from (informative).
  path text NOT NULL,
  title text NOT NULL,
  format text NOT NULL,
  access_labels text[] NOT NULL DEFAULT '{}',
  content_hash text NOT NULL,
  bytes integer NOT NULL,
  chunk_count integer NOT NULL DEFAULT 0,
  ingested_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (tenant_id, kb, name)
);

CREATE TABLE IF NOT EXISTS kb_chunks (
  id bigserial PRIMARY KEY,
  tenant_id text NOT NULL,
  kb text NOT NULL,
  document_id bigint NOT NULL REFERENCES kb_documents (id) ON DELETE CASCADE,
  -- Denormalised from the document so filters and citations need no join.
  document_name text NOT NULL,
  title text NOT NULL,
  -- The document's own summary (front matter description or opening words), repeated on
  -- every chunk: a passage deep in a guide still says which guide it belongs to.
  summary text NOT NULL DEFAULT '',
  access_labels text[] NOT NULL DEFAULT '{}',
  ordinal integer NOT NULL,
  heading_path text[] NOT NULL DEFAULT '{}',
  heading text NOT NULL DEFAULT '',
  content text NOT NULL,
  words integer NOT NULL,
  -- Title and headings weigh more than body text (weight A), the summary next (B), body text least (D).
  tsv tsvector GENERATED ALWAYS AS (
    setweight(to_tsvector('english'::regconfig, title || ' ' || heading), 'A') ||
    setweight(to_tsvector('english'::regconfig, summary), 'B') ||
    setweight(to_tsvector('english'::regconfig, content), 'D')
  ) STORED
);
CREATE INDEX IF NOT EXISTS kb_chunks_document_idx ON kb_chunks (document_id);
CREATE INDEX IF NOT EXISTS kb_chunks_scope_idx ON kb_chunks (tenant_id, kb);
CREATE INDEX IF NOT EXISTS kb_chunks_tsv_idx ON kb_chunks USING gin (tsv);

-- One row per index identity: switching embedder or dimension makes a new index (and table).
CREATE TABLE IF NOT EXISTS kb_indexes (
  id bigserial PRIMARY KEY,
  tenant_id text NOT NULL,
  kb text NOT NULL,
  embedder_id text NOT NULL,
  kind text NOT NULL CHECK (kind IN ('dense', 'sparse')),
  dimensions integer NOT NULL,
  table_name text NOT NULL,
  vector_count integer NOT NULL DEFAULT 0,
  created_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (tenant_id, kb, embedder_id, dimensions)
);

-- Sparse indexes only: document frequency per feature, so queries weight rare terms higher.
CREATE TABLE IF NOT EXISTS kb_terms (
  tenant_id text NOT NULL,
  index_id bigint NOT NULL REFERENCES kb_indexes (id) ON DELETE CASCADE,
  term integer NOT NULL,
  df integer NOT NULL,
  PRIMARY KEY (index_id, term)
);
`,
  },
  {
    id: "kb-002",
    name: "knowledge base: shared-passage key, corpus-fitted LSA models and their term projections",
    sql: `
-- Same text (whitespace-normalised) = same key: a passage repeated verbatim in several
-- documents (a shared option list, a licence notice) says little about which one is meant.
ALTER TABLE kb_chunks ADD COLUMN IF NOT EXISTS content_key text
  GENERATED ALWAYS AS (md5(btrim(regexp_replace(content, '\\s+', ' ', 'g')))) STORED;
CREATE INDEX IF NOT EXISTS kb_chunks_content_key_idx ON kb_chunks (tenant_id, kb, content_key);

-- One LSA model per knowledge base (fitted at ingest, knowledge/store/lsa.ts). Its chunk
-- vectors live in table_name (vector(dimensions), HNSW cosine), like kb_indexes' tables.
CREATE TABLE IF NOT EXISTS kb_lsa_models (
  id bigserial PRIMARY KEY,
  tenant_id text NOT NULL,
  kb text NOT NULL,
  version text NOT NULL,
  dimensions integer NOT NULL,
  table_name text NOT NULL DEFAULT '',
  -- Distinct passages the SVD was fitted on, and chunk rows present right after the fit.
  fitted_on integer NOT NULL,
  chunks_at_fit integer NOT NULL,
  -- Chunks folded in with the stored projection since the fit (added or changed documents).
  folded integer NOT NULL DEFAULT 0,
  fitted_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX IF NOT EXISTS kb_lsa_models_scope_idx ON kb_lsa_models (tenant_id, kb);

-- The fitted projection: per term its IDF and its row of V (length = dimensions). Queries
-- read only their own terms' rows, so search needs no model in memory.
CREATE TABLE IF NOT EXISTS kb_lsa_terms (
  model_id bigint NOT NULL REFERENCES kb_lsa_models (id) ON DELETE CASCADE,
  term text NOT NULL,
  idf real NOT NULL,
  vector real[] NOT NULL,
  PRIMARY KEY (model_id, term)
);
`,
  },
  {
    id: "kb-003",
    name: "knowledge base: one ranking model per kb (LSA projection + fitted ranker, generation), LSA vector tables retired",
    sql: `
-- What in-memory search needs besides the chunks (knowledge/store/model.ts): the LSA
-- projection as one blob, the ranker fitted on the kb's own pseudo-queries, and a
-- generation bumped by every change, so each process knows when its copy is stale.
-- Generations come from one sequence: a kb deleted and re-created never reuses a number.
CREATE SEQUENCE IF NOT EXISTS kb_model_generation;
CREATE TABLE IF NOT EXISTS kb_models (
  tenant_id text NOT NULL,
  kb text NOT NULL,
  generation bigint NOT NULL,
  -- Code version of the model (features, LSA, fit): another version is refitted.
  version text NOT NULL,
  -- LSA projection (vocabulary, IDF, rows of V), see knowledge/store/lsa-blob.ts; NULL when too small to fit.
  lsa bytea,
  -- {dimensions, fittedOn, chunksAtFit, maxChunkIdAtFit, fittedAt}: when the corpus drifted enough to refit.
  lsa_meta jsonb NOT NULL DEFAULT '{}',
  -- The fitted ranker: weights, the fit's configuration and figures (what kb stats shows).
  ranker jsonb NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, kb)
);

-- Chunk versions a citation may still point at after a re-ingest replaced them.
CREATE TABLE IF NOT EXISTS kb_chunk_archive (
  id bigint PRIMARY KEY,
  tenant_id text NOT NULL,
  kb text NOT NULL,
  document_name text NOT NULL,
  title text NOT NULL,
  heading text NOT NULL,
  content text NOT NULL,
  content_key text NOT NULL,
  replaced_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX IF NOT EXISTS kb_chunk_archive_key_idx ON kb_chunk_archive (tenant_id, kb, document_name, content_key);

-- The stored LSA chunk vectors and per-term rows are replaced by kb_models (vectors are
-- folded in memory when a process loads the kb).
DO $$
DECLARE r record;
BEGIN
  IF to_regclass('kb_lsa_models') IS NOT NULL THEN
    FOR r IN SELECT table_name FROM kb_lsa_models WHERE table_name <> '' LOOP
      EXECUTE format('DROP TABLE IF EXISTS %I', r.table_name);
    END LOOP;
  END IF;
END $$;
DROP TABLE IF EXISTS kb_lsa_terms;
DROP TABLE IF EXISTS kb_lsa_models;
`,
  },
];
