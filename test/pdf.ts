/**
 * A minimal, valid PDF writer for tests: Helvetica text lines at given sizes, one content
 * stream per page, optional document title and outline (bookmarks, one level of nesting).
 * Enough to exercise a real PDF reader without committing binary fixtures.
 */
export interface PdfLine {
  text: string;
  size: number;
  /** Extra space above the line, in points (a paragraph break). */
  gapBefore?: number;
}

export interface PdfBookmark {
  title: string;
  /** 0-based page the bookmark points at. */
  page: number;
  children?: PdfBookmark[];
}

const esc = (s: string) => s.replace(/[\\()]/g, (c) => `\\${c}`);

export function makePdf(pages: PdfLine[][], opts: { title?: string; outline?: PdfBookmark[] } = {}): Uint8Array {
  const objects: string[] = [];
  // push returns the new length: the object number (they start at 1)
  const add = (body: string) => objects.push(body);
  const reserve = () => add("");
  const catalog = reserve();
  const pagesObj = reserve();
  const font = add("<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>");
  const pageRefs: number[] = [];
  for (const lines of pages) {
    let y = 760;
    const ops = lines.map((l) => {
      y -= l.size * 1.3 + (l.gapBefore ?? 0);
      return `BT /F1 ${l.size} Tf 72 ${y.toFixed(1)} Td (${esc(l.text)}) Tj ET`;
    });
    const stream = ops.join("\n");
    const contents = add(`<< /Length ${stream.length} >>\nstream\n${stream}\nendstream`);
    pageRefs.push(add(`<< /Type /Page /Parent ${pagesObj} 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 ${font} 0 R >> >> /Contents ${contents} 0 R >>`));
  }
  objects[pagesObj - 1] = `<< /Type /Pages /Kids [${pageRefs.map((p) => `${p} 0 R`).join(" ")}] /Count ${pageRefs.length} >>`;
  let outlines = "";
  if (opts.outline?.length) {
    const root = reserve();
    const items = (list: PdfBookmark[], parent: number): { first: number; last: number; count: number } => {
      const ids = list.map(() => reserve());
      let count = 0;
      list.forEach((b, i) => {
        const kids = b.children?.length ? items(b.children, ids[i] as number) : undefined;
        count += 1 + (kids?.count ?? 0);
        const links = [i > 0 ? `/Prev ${ids[i - 1]} 0 R` : "", i < ids.length - 1 ? `/Next ${ids[i + 1]} 0 R` : "", kids ? `/First ${kids.first} 0 R /Last ${kids.last} 0 R /Count ${kids.count}` : ""].join(" ");
        objects[(ids[i] as number) - 1] = `<< /Title (${esc(b.title)}) /Parent ${parent} 0 R ${links} /Dest [${pageRefs[b.page]} 0 R /XYZ 0 792 0] >>`;
      });
      return { first: ids[0] as number, last: ids.at(-1) as number, count };
    };
    const top = items(opts.outline, root);
    objects[root - 1] = `<< /Type /Outlines /First ${top.first} 0 R /Last ${top.last} 0 R /Count ${top.count} >>`;
    outlines = ` /Outlines ${root} 0 R /PageMode /UseOutlines`;
  }
  objects[catalog - 1] = `<< /Type /Catalog /Pages ${pagesObj} 0 R${outlines} >>`;
  const info = opts.title ? add(`<< /Title (${esc(opts.title)}) >>`) : undefined;
  let out = "%PDF-1.4\n";
  const offsets = objects.map((body, i) => {
    const at = out.length;
    out += `${i + 1} 0 obj\n${body}\nendobj\n`;
    return at;
  });
  const xref = out.length;
  out += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, "0")} 00000 n \n`).join("")}`;
  out += `trailer\n<< /Size ${objects.length + 1} /Root ${catalog} 0 R${info ? ` /Info ${info} 0 R` : ""} >>\nstartxref\n${xref}\n%%EOF\n`;
  return new TextEncoder().encode(out);
}
