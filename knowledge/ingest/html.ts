import type { ParsedDoc } from "../types.ts";
import { parseMarkdown } from "./markdown.ts";

const ENTITIES: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'", nbsp: " ", mdash: "—", ndash: "–", hellip: "…", copy: "©", rsquo: "’", lsquo: "‘", rdquo: "”", ldquo: "“" };

/** Decode the entities real documentation uses: named basics and numeric ones. */
export function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (all, e: string) => {
    if (e[0] === "#") {
      const code = e[1] === "x" || e[1] === "X" ? Number.parseInt(e.slice(2), 16) : Number.parseInt(e.slice(1), 10);
      return Number.isFinite(code) && code > 0 && code < 0x110000 ? String.fromCodePoint(code) : all;
    }
    return ENTITIES[e.toLowerCase()] ?? all;
  });
}

/**
 * HTML to sections by turning it into Markdown-shaped text (h1–h6 become `#` headings,
 * blocks become lines) and reusing the Markdown parser, so both formats chunk alike.
 * Scripts, styles and navigation are dropped; `<title>` is the title when there is no h1.
 */
export function parseHtml(source: string, fallbackTitle: string): ParsedDoc {
  const titleTag = /<title[^>]*>([\s\S]*?)<\/title>/i.exec(source)?.[1];
  const title = titleTag ? decodeEntities(titleTag.replace(/<[^>]+>/g, "")).replace(/\s+/g, " ").trim() : "";
  const body = source
    .replace(/<!--[\s\S]*?-->/g, "")
    .replace(/<(script|style|head|nav|noscript|svg)\b[\s\S]*?<\/\1>/gi, "")
    .replace(/<h([1-6])\b[^>]*>([\s\S]*?)<\/h\1>/gi, (_m, level: string, inner: string) => {
      const text = decodeEntities(inner.replace(/<[^>]+>/g, "")).replace(/\s+/g, " ").trim();
      return text ? `\n\n${"#".repeat(Number(level))} ${text}\n\n` : "\n";
    })
    .replace(/<li\b[^>]*>/gi, "\n- ")
    .replace(/<(br|hr)\b[^>]*>/gi, "\n")
    .replace(/<\/(p|div|pre|table|tr|ul|ol|dl|dt|dd|blockquote|section|article|h[1-6])>/gi, "\n\n")
    .replace(/<\/(td|th)>/gi, " ")
    .replace(/<[^>]+>/g, "");
  const text = decodeEntities(body)
    .replace(/[ \t\u00a0]+/g, " ")
    .replace(/^ +/gm, "")
    .replace(/\n{3,}/g, "\n\n");
  // Tags are gone already; what looks like one now is decoded text ("&lt;db&gt;").
  const parsed = parseMarkdown(text, title || fallbackTitle, { stripTags: false });
  return { title: title || parsed.title, sections: parsed.sections };
}

/** Plain text: one section (paragraphs are kept for the chunker); a short first line is the title. */
export function parseText(source: string, fallbackTitle: string): ParsedDoc {
  const text = source.replace(/\r\n?/g, "\n").trim();
  const first = text.split("\n", 1)[0]?.trim() ?? "";
  const title = first && first.length <= 100 && text.includes("\n") ? first : fallbackTitle;
  return { title, sections: text ? [{ headingPath: [], text }] : [] };
}
