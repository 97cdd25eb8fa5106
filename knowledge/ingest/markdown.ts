import type { ParsedDoc, Section } from "../types.ts";

const ATX = /^(#{1,6})[ \t]+(.*?)[ \t]*#*[ \t]*$/;
const FENCE = /^\s{0,3}(```|~~~)/;
const SETEXT = /^\s{0,3}(=+|-+)\s*$/;

/**
 * Split Markdown into heading-delimited sections. Headings inside code fences are code,
 * not structure. A YAML front matter `title` wins over the first H1 and its `description`
 * opens the first section (it is the document's own summary, valuable for retrieval).
 */
export function parseMarkdown(source: string, fallbackTitle: string): ParsedDoc {
  const { body, meta } = splitFrontMatter(source);
  const lines = body.split(/\r?\n/);
  const doc = sectionBuilder(meta.description ? [meta.description] : [], (t) => cleanMarkdown(t, true));
  let inFence = false;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? "";
    if (FENCE.test(line)) inFence = !inFence;
    if (!inFence) {
      const atx = ATX.exec(line);
      if (atx) {
        doc.open(atx[1]?.length ?? 1, inline(atx[2] ?? ""));
        continue;
      }
      const next = lines[i + 1] ?? "";
      const prevBlank = i === 0 || !(lines[i - 1] ?? "").trim();
      if (line.trim() && prevBlank && SETEXT.test(next) && !/^\s*[-*+>|]/.test(line)) {
        doc.open(next.trim().startsWith("=") ? 1 : 2, inline(line.trim()));
        i++;
        continue;
      }
    }
    doc.push(line);
  }
  const { sections, firstH1 } = doc.finish();
  return { title: meta.title || firstH1 || fallbackTitle, summary: meta.description, sections };
}

/**
 * Sections under their heading path, built as a parser meets headings and lines. Shared by
 * the Markdown and HTML readers, so both nest headings alike; each reader decides what a
 * heading is (HTML: only h1–h6 tags, never a `#` line of a code listing).
 */
export function sectionBuilder(opening: string[], clean: (text: string) => string) {
  const sections: Section[] = [];
  const path: string[] = [];
  const levels: number[] = [];
  let current = [...opening];
  let firstH1 = "";
  const flush = () => {
    const text = clean(current.join("\n"));
    if (text) sections.push({ headingPath: [...path], text });
    current = [];
  };
  return {
    open(level: number, heading: string): void {
      flush();
      if (!firstH1 && level === 1) firstH1 = heading;
      while (levels.length && (levels.at(-1) ?? 0) >= level) {
        levels.pop();
        path.pop();
      }
      levels.push(level);
      path.push(heading);
    },
    push(line: string): void {
      current.push(line);
    },
    finish(): { sections: Section[]; firstH1: string } {
      flush();
      return { sections, firstH1 };
    },
  };
}

/** Front matter keys we use; the rest is ignored. */
function splitFrontMatter(source: string): { body: string; meta: { title?: string; description?: string } } {
  const m = /^\uFEFF?---\r?\n([\s\S]*?)\r?\n---\r?\n/.exec(source);
  if (!m) return { body: source, meta: {} };
  const meta: { title?: string; description?: string } = {};
  for (const line of (m[1] ?? "").split(/\r?\n/)) {
    const kv = /^(title|description):\s*(.*)$/.exec(line);
    if (kv?.[1] && kv[2]) meta[kv[1] as "title" | "description"] = kv[2].replace(/^["']|["']$/g, "").trim();
  }
  return { body: source.slice(m[0].length), meta };
}

/** Inline Markdown to plain words: links keep their text, emphasis and code marks go. */
function inline(text: string): string {
  return text
    .replace(/!\[([^\]]*)\]\([^)]*\)/g, "$1")
    .replace(/\[([^\]]*)\]\([^)]*\)/g, "$1")
    .replace(/[`*_]+/g, "")
    .replace(/<[^>]+>/g, "")
    .trim();
}

/** Body text without HTML comments, link targets or emphasis marks; code is kept (commands matter). */
export function cleanMarkdown(text: string, stripTags: boolean): string {
  const untagged = stripTags ? text.replace(/<!--[\s\S]*?-->/g, "").replace(/<\/?[a-zA-Z][^>]*>/g, "") : text;
  return untagged
    .replace(/!\[([^\]]*)\]\([^)]*\)/g, "$1")
    .replace(/\[([^\]]*)\]\([^)]*\)/g, "$1")
    .replace(/[ \t]+$/gm, "")
    .replace(/\n{3,}/g, "\n\n")
    .trim();
}
