import type { ParsedDoc } from "../types.ts";
import { stripChrome } from "./chrome.ts";
import { cleanMarkdown, sectionBuilder } from "./markdown.ts";

const ENTITIES: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'", nbsp: " ", mdash: "—", ndash: "–", hellip: "…", copy: "©", rsquo: "’", lsquo: "‘", rdquo: "”", ldquo: "“" };

/** Decode the entities real documentation uses: named basics and numeric ones. */
export function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (all, e: string) => {
    if (e[0] === "#") {
      const code = e[1] === "x" || e[1] === "X" ? Number.parseInt(e.slice(2), 16) : Number.parseInt(e.slice(1), 10);
      // Control characters are not text (and one of them marks headings below).
      return Number.isFinite(code) && (code >= 0x20 || code === 9 || code === 10) && code < 0x110000 ? String.fromCodePoint(code) : all;
    }
    return ENTITIES[e.toLowerCase()] ?? all;
  });
}

/** Starts a line that is an h1–h6 of the page: a control character no decoded text keeps. */
const HEADING = "\u0001";

/**
 * HTML to sections: h1–h6 are the structure, blocks become lines. Only heading tags open a
 * section — a `# comment` or a `----` line inside a `<pre>` listing is body text, as the
 * page shows it. Scripts, styles and site chrome (chrome.ts) are dropped; `<title>` is the
 * title when there is one, else the first h1.
 */
export function parseHtml(source: string, fallbackTitle: string): ParsedDoc {
  const titleTag = /<title[^>]*>([\s\S]*?)<\/title>/i.exec(source)?.[1];
  const title = titleTag ? decodeEntities(titleTag.replace(/<[^>]+>/g, "")).replace(/\s+/g, " ").trim() : "";
  const body = stripChrome(source)
    .replace(/[\u0000-\u0008]/g, "")
    .replace(/<!--[\s\S]*?-->/g, "")
    .replace(/<(script|style|head|nav|noscript|svg)\b[\s\S]*?<\/\1>/gi, "")
    .replace(/<h([1-6])\b[^>]*>([\s\S]*?)<\/h\1>/gi, (_m, level: string, inner: string) => {
      const text = decodeEntities(inner.replace(/<[^>]+>/g, "")).replace(/\s+/g, " ").trim();
      return text ? `\n\n${HEADING}${level}${text}\n\n` : "\n";
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
  const doc = sectionBuilder([], (t) => cleanMarkdown(t, false));
  for (const line of text.split("\n")) {
    if (line.startsWith(HEADING)) doc.open(Number(line[1]), line.slice(2));
    else doc.push(line);
  }
  const { sections, firstH1 } = doc.finish();
  return { title: title || firstH1 || fallbackTitle, sections };
}

/** Plain text: one section (paragraphs are kept for the chunker); a short first line is the title. */
export function parseText(source: string, fallbackTitle: string): ParsedDoc {
  const text = source.replace(/\r\n?/g, "\n").trim();
  const first = text.split("\n", 1)[0]?.trim() ?? "";
  const title = first && first.length <= 100 && text.includes("\n") ? first : fallbackTitle;
  return { title, sections: text ? [{ headingPath: [], text }] : [] };
}
