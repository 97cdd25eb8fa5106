import { createHash } from "node:crypto";
import { basename, extname } from "node:path";
import type { DocFormat, ParsedDoc } from "../types.ts";
import { parseHtml, parseText } from "./html.ts";
import { parseMarkdown } from "./markdown.ts";
import { parsePdf, PdfUnreadable } from "./pdf.ts";

const FORMATS: Record<string, DocFormat> = {
  ".md": "markdown",
  ".markdown": "markdown",
  ".mdx": "markdown",
  ".txt": "text",
  ".text": "text",
  ".html": "html",
  ".htm": "html",
  ".pdf": "pdf",
};

/** The format a file name implies, or undefined when the knowledge base does not read it. */
export function formatOf(file: string): DocFormat | undefined {
  return FORMATS[extname(file).toLowerCase()];
}

/** Document name as evals and citations know it: the file name without its extension. */
export function documentName(file: string): string {
  return basename(file, extname(file));
}

/** A file that could be read, or why it was skipped. */
export type ReadResult =
  | { ok: true; name: string; format: DocFormat; hash: string; bytes: number; doc: ParsedDoc }
  | { ok: false; reason: "binary" | "empty" | "encoding" | "unsupported" | "unreadable"; message: string };

/**
 * Decode and parse one file's bytes. Binary content (NUL bytes), empty or whitespace-only
 * files and invalid UTF-8 are refused with a reason, never guessed at: a mis-decoded
 * document would pollute retrieval silently. A UTF-8 BOM is tolerated. PDFs are read
 * through their text layer; a damaged or encrypted one is refused as unreadable.
 */
export async function readDocument(file: string, bytes: Uint8Array): Promise<ReadResult> {
  const format = formatOf(file);
  if (!format) return { ok: false, reason: "unsupported", message: `unsupported file type "${extname(file) || "(none)"}"` };
  const name = documentName(file);
  let doc: ParsedDoc;
  if (format === "pdf") {
    if (bytes.length === 0) return { ok: false, reason: "empty", message: "empty file" };
    try {
      doc = await parsePdf(bytes, name);
    } catch (err) {
      if (err instanceof PdfUnreadable) return { ok: false, reason: "unreadable", message: `unreadable PDF: ${err.message}` };
      throw err;
    }
  } else {
    if (bytes.subarray(0, 8192).includes(0)) return { ok: false, reason: "binary", message: "binary content (NUL bytes)" };
    let text: string;
    try {
      text = new TextDecoder("utf-8", { fatal: true, ignoreBOM: false }).decode(bytes);
    } catch {
      return { ok: false, reason: "encoding", message: "not valid UTF-8" };
    }
    if (!text.trim()) return { ok: false, reason: "empty", message: "empty file" };
    doc = format === "markdown" ? parseMarkdown(text, name) : format === "html" ? parseHtml(text, name) : parseText(text, name);
  }
  if (doc.sections.length === 0) return { ok: false, reason: "empty", message: format === "pdf" ? "no text layer (a scanned PDF needs OCR first)" : "no text after parsing" };
  const hash = createHash("sha256").update(bytes).digest("hex");
  return { ok: true, name, format, hash, bytes: bytes.length, doc };
}
