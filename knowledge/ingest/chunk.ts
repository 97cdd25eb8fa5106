import { DEFAULT_LIMITS, type ChunkDraft, type ChunkLimits, type Section } from "../types.ts";

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
  // Paragraphs first (blank-line separated), long ones cut into word windows.
  const units: string[][] = [];
  for (const para of text.split(/\n\s*\n/)) {
    const words = para.match(/\S+/g) ?? [];
    for (let i = 0; i < words.length; i += maxWords - overlapWords) {
      units.push(words.slice(i, i + maxWords));
      if (i + maxWords >= words.length) break;
    }
  }
  const pieces: string[] = [];
  let current: string[] = [];
  let fresh = 0; // words in `current` not carried over from the previous piece
  for (const unit of units) {
    if (current.length + unit.length > maxWords && fresh > 0) {
      pieces.push(current.join(" "));
      current = overlapWords > 0 ? current.slice(-overlapWords) : [];
      fresh = 0;
    }
    if (current.length + unit.length > maxWords) current = current.slice(current.length + unit.length - maxWords);
    current.push(...unit);
    fresh += unit.length;
  }
  if (fresh > 0) pieces.push(current.join(" "));
  return pieces;
}
