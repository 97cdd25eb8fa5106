import { existsSync, readdirSync } from "node:fs";
import { copyFile, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { basename, dirname, join, resolve } from "node:path";

/**
 * Where the public documentation the eval sets were written against lives on this machine
 * (knowledge/eval/README.md). Nothing is copied into the repository: npm (and undici inside
 * it) ship with Node; Git's guides, PostgreSQL's SQL reference and Python's HOWTOs come with
 * Debian's `git-doc`, `postgresql-doc-15` and `python3.11-doc` packages (.ci/run installs them).
 */

/** One eval corpus: its question file and the files to ingest, or why they are not here. */
export interface EvalCorpus {
  /** Short name, used by `kb eval`'s tables and the LOCO protocol. */
  name: string;
  about: string;
  questions: string;
  /** The documents' files, or the reason the corpus is missing. */
  files(): string[] | { missing: string };
  /** Reference pages with specific questions (the 0.97 / 0.90 goal applies). */
  reference: boolean;
}

/** npm's own global install: beside node (<prefix>/bin/node → <prefix>/lib/node_modules/npm), or a usual prefix. */
function npmRoot(): string | undefined {
  const candidates = [resolve(dirname(process.execPath), "../lib/node_modules/npm"), "/usr/lib/node_modules/npm", "/usr/local/lib/node_modules/npm"];
  return candidates.find((c) => existsSync(join(c, "package.json")));
}

/** The npm CLI's documentation (91 Markdown files): `npm-docs.questions.jsonl`. */
export function npmDocsDir(): string | undefined {
  const root = npmRoot();
  return root && existsSync(join(root, "docs/content")) ? join(root, "docs/content") : undefined;
}

/** undici's API reference and guides as shipped inside npm: `undici-docs.questions.jsonl`. */
export function undiciDocsDir(): string | undefined {
  const root = npmRoot();
  const dir = root && join(root, "node_modules/undici/docs/docs");
  return dir && existsSync(dir) ? dir : undefined;
}

/** The 28 guides of `git-guides.questions.jsonl`, by document name. */
export const GIT_GUIDES = [
  "gitattributes", "gitcli", "gitcore-tutorial", "gitcredentials", "gitcvs-migration", "gitdiffcore", "giteveryday",
  "gitfaq", "gitglossary", "githooks", "gitignore", "gitmailmap", "gitmodules", "gitnamespaces", "gitremote-helpers",
  "gitrepository-layout", "gitrevisions", "gitsubmodules", "gittutorial", "gittutorial-2", "gitworkflows", "user-manual",
  "MyFirstContribution", "MyFirstObjectWalk", "SubmittingPatches", "ReviewingGuidelines", "ToolsForGit", "gitk",
] as const;

/** Debian's git-doc HTML pages, one per guide, or undefined when the package is not installed. */
export function gitGuideFiles(docDir = "/usr/share/doc/git-doc"): string[] | undefined {
  const files = GIT_GUIDES.map((n) => join(docDir, `${n}.html`));
  return files.every((f) => existsSync(f)) ? files : undefined;
}

/** PostgreSQL 15's SQL command reference pages (`sql-*.html`, Debian's postgresql-doc-15). */
export function postgresSqlFiles(docDir = "/usr/share/doc/postgresql-doc-15/html"): string[] | undefined {
  if (!existsSync(docDir)) return undefined;
  const files = readdirSync(docDir).filter((f) => /^sql-.*\.html$/.test(f)).sort();
  return files.length > 0 ? files.map((f) => join(docDir, f)) : undefined;
}

/** Python 3.11's HOWTO guides (Debian's python3.11-doc), without the index page. */
export function pythonHowtoFiles(docDir = "/usr/share/doc/python3.11/html/howto"): string[] | undefined {
  if (!existsSync(docDir)) return undefined;
  const files = readdirSync(docDir).filter((f) => f.endsWith(".html") && f !== "index.html").sort();
  return files.length > 0 ? files.map((f) => join(docDir, f)) : undefined;
}

const filesIn = (dir: string | undefined): string[] | undefined =>
  dir ? readdirSync(dir, { recursive: true, withFileTypes: true }).filter((e) => e.isFile() && !e.name.startsWith(".")).map((e) => join(e.parentPath, e.name)).sort() : undefined;

const orMissing = (files: string[] | undefined, missing: string): string[] | { missing: string } => files ?? { missing };

/** The five eval corpora, in the order the tables list them. */
export const EVAL_CORPORA: EvalCorpus[] = [
  { name: "npm", about: "npm CLI docs: 91 pages, 129 paraphrased questions", questions: "knowledge/eval/npm-docs.questions.jsonl", reference: false, files: () => orMissing(filesIn(npmDocsDir()), "npm's docs/content not found beside node") },
  { name: "undici", about: "undici docs: 32 pages, 52 questions", questions: "knowledge/eval/undici-docs.questions.jsonl", reference: false, files: () => orMissing(filesIn(undiciDocsDir()), "undici's docs not found inside npm") },
  { name: "git", about: "Git's 28 guides, 150 questions", questions: "knowledge/eval/git-guides.questions.jsonl", reference: true, files: () => orMissing(gitGuideFiles(), "Debian's git-doc is not installed: apt-get install git-doc") },
  { name: "postgres-sql", about: "PostgreSQL 15 SQL command reference: 189 pages, 150 questions", questions: "knowledge/eval/postgres-sql.questions.jsonl", reference: true, files: () => orMissing(postgresSqlFiles(), "Debian's postgresql-doc-15 is not installed: apt-get install postgresql-doc-15") },
  { name: "python-howto", about: "Python 3.11 HOWTOs: 19 guides, 150 questions", questions: "knowledge/eval/python-howto.questions.jsonl", reference: false, files: () => orMissing(pythonHowtoFiles(), "Debian's python3.11-doc is not installed: apt-get install python3.11-doc") },
];

/** Copy a corpus's files into a fresh folder (the ingest reads folders; Debian's folders hold other pages too). */
export async function stageCorpus(files: string[]): Promise<{ dir: string; cleanup: () => Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), "kb-corpus-"));
  for (const f of files) await copyFile(f, join(dir, basename(f)));
  return { dir, cleanup: () => rm(dir, { recursive: true, force: true }) };
}
