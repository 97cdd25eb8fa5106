import type { ParsedDoc } from "../types.ts";
import { sectionBuilder } from "./markdown.ts";

/** One visual line of a page: its text, font size and baseline. */
interface Line {
  text: string;
  size: number;
  y: number;
  page: number;
}

/** An outline (bookmark) entry, flattened: its title and depth (1 = top). */
interface OutlineEntry {
  title: string;
  depth: number;
}

/** A PDF that could not be read, with the reason for the ingest report. */
export class PdfUnreadable extends Error {}

/** A line this much larger than the body text, and short, is a heading when the PDF has no outline. */
const HEADING_SIZE_RATIO = 1.15;
const HEADING_MAX_WORDS = 15;
/** A vertical gap this many line heights wide between two lines starts a new paragraph. */
const PARAGRAPH_GAP = 1.6;

/**
 * PDF to sections with Mozilla's pdf.js (text layer only; nothing is rendered or executed:
 * `isEvalSupported` off, no fonts fetched). Structure comes from the outline (bookmarks)
 * when the PDF has one — a line whose text is the next bookmark's title opens a section at
 * its depth — otherwise from font size: short lines clearly larger than the body text are
 * headings, the largest size level 1. Running headers and footers (the same line on most
 * pages) and bare page numbers are dropped; words hyphenated across a line end are joined.
 */
export async function parsePdf(bytes: Uint8Array, fallbackTitle: string): Promise<ParsedDoc> {
  // Loaded on first use: pdf.js is large and most knowledge bases have no PDF.
  const { getDocument } = await import("pdfjs-dist/legacy/build/pdf.mjs");
  let pdf: Awaited<ReturnType<typeof getDocument>["promise"]>;
  try {
    // pdf.js takes ownership of (detaches) the buffer it is given, and refuses a Node Buffer: pass a plain copy.
    pdf = await getDocument({ data: new Uint8Array(bytes), isEvalSupported: false, useSystemFonts: false, disableFontFace: true, verbosity: 0 }).promise;
  } catch (err) {
    throw new PdfUnreadable(err instanceof Error ? err.message : String(err));
  }
  try {
    const lines: Line[] = [];
    for (let p = 1; p <= pdf.numPages; p++) lines.push(...pageLines(await (await pdf.getPage(p)).getTextContent(), p));
    const outline = flattenOutline((await pdf.getOutline()) ?? []);
    const info = (await pdf.getMetadata()).info as { Title?: unknown } | undefined;
    const metaTitle = typeof info?.Title === "string" ? info.Title.trim() : "";
    const size = bodySize(lines);
    const { sections, firstH1 } = toSections(dropRunningLines(lines, pdf.numPages), outline, size);
    return { title: metaTitle || coverTitle(lines, size) || firstH1 || fallbackTitle, sections };
  } finally {
    await pdf.destroy();
  }
}

/** Text items to lines: pdf.js marks line ends (`hasEOL`); size is the glyphs' height. */
function pageLines(content: { items: unknown[] }, page: number): Line[] {
  const out: Line[] = [];
  let text = "";
  let size = 0;
  let y = 0;
  const flush = () => {
    const t = text.replace(/\s+/g, " ").trim();
    if (t) out.push({ text: t, size, y, page });
    text = "";
    size = 0;
  };
  for (const raw of content.items) {
    const item = raw as { str?: unknown; hasEOL?: unknown; transform?: unknown; height?: unknown };
    if (typeof item.str !== "string") continue;
    const tr = Array.isArray(item.transform) ? (item.transform as number[]) : [];
    const h = typeof item.height === "number" && item.height > 0 ? item.height : Math.hypot(tr[2] ?? 0, tr[3] ?? 0);
    if (item.str.trim()) {
      if (!text) y = tr[5] ?? 0;
      size = Math.max(size, h);
    }
    text += item.str;
    if (item.hasEOL === true) flush();
  }
  flush();
  return out;
}

/** Outline items depth-first, with their depth. */
function flattenOutline(items: { title: string; items?: unknown[] }[], depth = 1, out: OutlineEntry[] = []): OutlineEntry[] {
  for (const it of items) {
    const title = it.title.replace(/\s+/g, " ").trim();
    if (title) out.push({ title, depth });
    if (Array.isArray(it.items)) flattenOutline(it.items as { title: string; items?: unknown[] }[], depth + 1, out);
  }
  return out;
}

/** Lines repeated on at least half the pages (running headers, footers) and bare page numbers go. */
function dropRunningLines(lines: Line[], pages: number): Line[] {
  const pagesOf = new Map<string, Set<number>>();
  for (const l of lines) pagesOf.set(l.text, (pagesOf.get(l.text) ?? new Set()).add(l.page));
  return lines.filter((l) => !/^\d{1,4}$/.test(l.text) && !(pages >= 3 && (pagesOf.get(l.text)?.size ?? 0) >= pages / 2));
}

/** The largest line of the first page, when it stands out from the body text: a title page or a document heading. */
function coverTitle(lines: Line[], body: number): string | undefined {
  const first = lines.filter((l) => l.page === 1 && /\p{L}/u.test(l.text));
  const top = first.reduce<Line | undefined>((m, l) => (!m || l.size > m.size ? l : m), undefined);
  return top && top.size >= body * HEADING_SIZE_RATIO ? top.text : undefined;
}

/** The size most characters are set in: the body text. */
function bodySize(lines: Line[]): number {
  const chars = new Map<number, number>();
  for (const l of lines) chars.set(sizeKey(l), (chars.get(sizeKey(l)) ?? 0) + l.text.length);
  let best = 0;
  let most = -1;
  for (const [s, n] of chars) if (n > most) [best, most] = [s, n];
  return best;
}

const norm = (s: string) => s.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, " ").trim();

/** Font sizes compared to the half point: the same style set by different producers differs in the decimals. */
const sizeKey = (l: Line) => Math.round(l.size * 2) / 2;

function toSections(lines: Line[], outline: OutlineEntry[], body: number) {
  const doc = sectionBuilder([], (t) => t.replace(/(\p{L})-\n(\p{Ll})/gu, "$1$2").replace(/\n{3,}/g, "\n\n").trim());
  // Without an outline: heading sizes, largest first, give the levels.
  const headingSizes = [...new Set(lines.filter((l) => isLargeShort(l, body)).map(sizeKey))].sort((a, b) => b - a);
  // Bookmark titles by their normalised text; each is taken once, in outline order.
  const bookmarks = new Map<string, number[]>();
  outline.forEach((o, i) => bookmarks.set(norm(o.title), [...(bookmarks.get(norm(o.title)) ?? []), i]));
  let nextBookmark = 0;
  let prev: Line | undefined;
  for (const l of lines) {
    const bookmark = bookmarks.get(norm(l.text))?.find((i) => i >= nextBookmark) ?? -1;
    if (bookmark >= 0) {
      nextBookmark = bookmark + 1;
      doc.open(outline[bookmark]?.depth ?? 1, l.text);
    } else if (outline.length === 0 && isLargeShort(l, body)) {
      doc.open(headingSizes.indexOf(sizeKey(l)) + 1, l.text);
    } else {
      // A new page or a wide vertical gap starts a paragraph (the chunker packs by paragraph).
      if (prev && (prev.page !== l.page || Math.abs(prev.y - l.y) > PARAGRAPH_GAP * Math.max(l.size, prev.size))) doc.push("");
      doc.push(l.text);
    }
    prev = l;
  }
  return doc.finish();
}

function isLargeShort(l: Line, body: number): boolean {
  return body > 0 && l.size >= body * HEADING_SIZE_RATIO && l.text.split(" ").length <= HEADING_MAX_WORDS && /\p{L}/u.test(l.text);
}
