import { describe, expect, it } from "vitest";
import { readDocument } from "./read.ts";

const utf8 = (s: string) => new TextEncoder().encode(s);

describe("readDocument", async () => {
  it("names a document after its file without the extension", async () => {
    const r = await readDocument("/docs/audit-log.md", utf8("# Audit log\nEnable it in settings."));
    expect(r.ok && r.name).toBe("audit-log");
    expect(r.ok && r.doc.title).toBe("Audit log");
  });

  it("refuses binary, empty and invalid UTF-8 files with a reason", async () => {
    expect(await readDocument("a.md", new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x00, 0x01]))).toMatchObject({ ok: false, reason: "binary" });
    expect(await readDocument("b.md", utf8("  \n\t\n"))).toMatchObject({ ok: false, reason: "empty" });
    expect(await readDocument("c.txt", new Uint8Array([0x48, 0x69, 0xff, 0xfe, 0x21]))).toMatchObject({ ok: false, reason: "encoding" });
    expect(await readDocument("d.pdf", utf8("%PDF-1.4 truncated"))).toMatchObject({ ok: false, reason: "unreadable" });
    expect(await readDocument("e.docx", utf8("PK"))).toMatchObject({ ok: false, reason: "unsupported" });
  });

  it("reads HTML by its structure: title, headings as sections, no scripts or entities left", async () => {
    const html = `<html><head><title>Backups &amp; Restore</title><script>var x = "<h1>no</h1>";</script></head>
      <body><nav>Home | Next</nav><h1>Backups</h1><p>Use <code>pg_dump</code> &lt;db&gt;.</p><h2>Point-in-time</h2><p>Archive WAL files.</p></body></html>`;
    const r = await readDocument("backup.html", utf8(html));
    if (!r.ok) throw new Error(r.message);
    expect(r.doc.title).toBe("Backups & Restore");
    expect(r.doc.sections.map((s) => s.headingPath)).toEqual([["Backups"], ["Backups", "Point-in-time"]]);
    expect(r.doc.sections[0]?.text).toBe("Use pg_dump <db>.");
    expect(JSON.stringify(r.doc)).not.toContain("var x");
  });

  it("opens sections only at heading tags: # comments and ---- lines of a code listing stay body text", async () => {
    // Given an AsciiDoc-style page whose listing has a shell comment and an underline
    const html = `<html><head><title>gitignore(5)</title></head><body><h2>EXAMPLES</h2>
      <div class="listingblock"><pre>$ cat .gitignore
# Ignore any file named foo.txt.
foo.txt
Result
------
&#1;2 not a heading</pre></div><h3>Negation</h3><p>Use !pattern.</p></body></html>`;
    // When it is read
    const r = await readDocument("gitignore.html", utf8(html));
    if (!r.ok) throw new Error(r.message);
    // Then only the two heading tags are structure and the listing is one section's text
    expect(r.doc.sections.map((s) => s.headingPath)).toEqual([["EXAMPLES"], ["EXAMPLES", "Negation"]]);
    expect(r.doc.sections[0]?.text).toContain("# Ignore any file named foo.txt.\nfoo.txt\nResult\n------");
    expect(r.doc.sections[0]?.text).toContain("&#1;2 not a heading");
  });

  it("treats plain text as one section titled by its short first line", async () => {
    const r = await readDocument("notes.txt", utf8("Renewal playbook\n\nCall the champion first.\n\nThen the buyer."));
    if (!r.ok) throw new Error(r.message);
    expect(r.doc.title).toBe("Renewal playbook");
    expect(r.doc.sections).toHaveLength(1);
  });
});
