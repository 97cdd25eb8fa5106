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
];
