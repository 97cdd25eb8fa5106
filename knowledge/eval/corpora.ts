import { existsSync } from "node:fs";
import { dirname, join, resolve } from "node:path";

/**
 * Where the public documentation the eval sets were written against lives on this machine
 * (knowledge/eval/README.md). Nothing is copied into the repository: npm (and undici inside
 * it) ship with Node; Git's guides come with Debian's `git-doc` package.
 */

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
