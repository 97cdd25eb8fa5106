import { DEFAULT_LIMITS, type ChunkDraft, type ChunkLimits, type ParsedDoc, type Section } from "../types.ts";

/** Count of whitespace-separated words, the unit of every size limit. */
export function countWords(text: string): number {
  const m = text.match(/\S+/g);
  return m ? m.length : 0;
}

/**
 * Sections to chunks. A section within `maxWords` is one chunk; a longer one is packed
 * paragraph by paragraph into pieces of at most `maxWords`, each starting with the last
 * `overlapWords` words of the previous piece; a single paragraph longer than the limit is
 * cut by words. Every chunk keeps its section's heading path.
 */
export function chunkSections(sections: Section[], limits: ChunkLimits = DEFAULT_LIMITS): ChunkDraft[] {
  if (limits.maxWords < 1 || limits.overlapWords < 0 || limits.overlapWords >= limits.maxWords) {
    throw new RangeError(`bad chunk limits: maxWords ${limits.maxWords}, overlapWords ${limits.overlapWords}`);
  }
  const out: ChunkDraft[] = [];
  for (const section of sections) {
    for (const content of splitSection(section.text, limits)) {
      out.push({
        ordinal: out.length,
        headingPath: section.headingPath,
        heading: section.headingPath.join(" > "),
        content,
        words: countWords(content),
      });
    }
  }
  return out;
}

function splitSection(text: string, { maxWords, overlapWords }: ChunkLimits): string[] {
  if (countWords(text) <= maxWords) return [text];
  const paragraphs = text.split(/\n\s*\n/).map((p) => p.match(/\S+/g) ?? []).filter((p) => p.length > 0);
  const pieces: string[] = [];
  let current: string[] = [];
  let fresh = 0; // words in `current` not carried over from the previous piece
  const close = () => {
    pieces.push(current.join(" "));
    current = overlapWords > 0 ? current.slice(-overlapWords) : [];
    fresh = 0;
  };
  for (const paragraph of paragraphs) {
    let rest: string[] = paragraph;
    while (rest.length > 0) {
      const room = maxWords - current.length;
      if (rest.length <= room) {
        current.push(...rest);
        fresh += rest.length;
        rest = [];
      } else if (fresh > 0 && rest.length <= maxWords - overlapWords) {
        close(); // the paragraph fits whole in the next piece: do not cut it
      } else {
        // Longer than a piece: fill this one with its head and carry on.
        current.push(...rest.slice(0, room));
        fresh += room;
        rest = rest.slice(room);
        close();
      }
    }
  }
  if (fresh > 0) pieces.push(current.join(" "));
  return pieces;
}

/** Words of a summary taken from the opening text when the document has none. */
const SUMMARY_WORDS = 30;

/** The document's summary: its own, or its opening words. */
export function summaryOf(doc: ParsedDoc): string {
  if (doc.summary) return doc.summary;
  const first = doc.sections[0]?.text ?? "";
  return (first.split(/\n\s*\n/)[0] ?? "").split(/\s+/).slice(0, SUMMARY_WORDS).join(" ");
}

/**
 * Chunks of a whole document. A document of several chunks also gets an outline chunk
 * first (summary plus its section headings): a question about what a guide covers
 * matches the guide as a whole, not only one of its passages.
 */
export function chunkDocument(doc: ParsedDoc, limits: ChunkLimits = DEFAULT_LIMITS): ChunkDraft[] {
  const body = chunkSections(doc.sections, limits);
  if (body.length < 2) return body;
  const headings = [...new Set(doc.sections.map((s) => s.headingPath.at(-1)).filter((h): h is string => Boolean(h)))];
  const words = [summaryOf(doc), ...headings].join("\n").split(/\s+/).slice(0, limits.maxWords).join(" ");
  const outline: ChunkDraft = { ordinal: 0, headingPath: [], heading: "", content: words, words: countWords(words) };
  return [outline, ...body.map((c) => ({ ...c, ordinal: c.ordinal + 1 }))];
}
