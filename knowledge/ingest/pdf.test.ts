import { describe, expect, it } from "vitest";
import { makePdf, type PdfLine } from "../../test/pdf.ts";
import { readDocument } from "./read.ts";

const body = (text: string, gapBefore = 0): PdfLine => ({ text, size: 10, gapBefore });
const header = body("Acme Support Handbook - Confidential");

describe("reading PDF documents", () => {
  it("follows the bookmarks for structure, drops running headers and page numbers, and joins hyphenated words", async () => {
    // Given a three-page handbook with an outline, a running header and page numbers
    const pdf = makePdf(
      [
        [header, { text: "Refunds", size: 16 }, body("Customers charged twice get a refund within five busi-"), body("ness days."), body("1")],
        [header, { text: "Chargebacks", size: 16 }, body("Answer the bank within seven days."), body("Attach the invoice.", 12), body("2")],
        [header, { text: "Escalations", size: 16 }, body("Severity one outages page the on-call engineer."), body("3")],
      ],
      { title: "Support Handbook", outline: [{ title: "Refunds", page: 0, children: [{ title: "Chargebacks", page: 1 }] }, { title: "Escalations", page: 2 }] },
    );
    // When it is read
    const r = await readDocument("/kb/support-handbook.pdf", pdf);
    if (!r.ok) throw new Error(r.message);
    // Then the outline, not the font size (both headings are 16 pt), is the heading path, and the text is clean
    expect(r.name).toBe("support-handbook");
    expect(r.format).toBe("pdf");
    expect(r.doc.title).toBe("Support Handbook");
    expect(r.doc.sections.map((s) => s.headingPath)).toEqual([["Refunds"], ["Refunds", "Chargebacks"], ["Escalations"]]);
    expect(r.doc.sections[0]?.text).toBe("Customers charged twice get a refund within five business days.");
    // a wide gap is a paragraph break, which the chunker packs by
    expect(r.doc.sections[1]?.text).toBe("Answer the bank within seven days.\n\nAttach the invoice.");
    expect(JSON.stringify(r.doc)).not.toContain("Confidential");
  });

  it("finds headings by font size when there is no outline, and takes the title from the cover line", async () => {
    const pdf = makePdf([
      [{ text: "Renewal Playbook", size: 24 }, { text: "Executive QBR", size: 16 }, body("Book a quarterly business review when usage drops."), { text: "Agenda", size: 13 }, body("Usage, value delivered, next year's goals.")],
    ]);
    const r = await readDocument("playbook.pdf", pdf);
    if (!r.ok) throw new Error(r.message);
    expect(r.doc.title).toBe("Renewal Playbook");
    expect(r.doc.sections.map((s) => s.headingPath)).toEqual([
      ["Renewal Playbook", "Executive QBR"],
      ["Renewal Playbook", "Executive QBR", "Agenda"],
    ]);
  });

  it("refuses a damaged PDF and one with no text layer, with a reason", async () => {
    expect(await readDocument("broken.pdf", new TextEncoder().encode("%PDF-1.4\n1 0 obj garbage"))).toMatchObject({ ok: false, reason: "unreadable" });
    expect(await readDocument("scan.pdf", makePdf([[]]))).toMatchObject({ ok: false, reason: "empty", message: expect.stringContaining("OCR") });
    expect(await readDocument("zero.pdf", new Uint8Array())).toMatchObject({ ok: false, reason: "empty" });
  });
});
