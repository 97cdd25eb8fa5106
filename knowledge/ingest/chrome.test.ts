import { describe, expect, it } from "vitest";
import { parseHtml } from "./html.ts";
import { stripChrome } from "./chrome.ts";

describe("site chrome", () => {
  it("drops DocBook navigation headers and footers with the neighbouring pages' names, nested tables included", () => {
    // Given a PostgreSQL-style reference page between two other pages
    const page = `<html><head><title>ALTER TABLE</title></head><body>
      <div class="navheader"><table><tr><td><a href="a.html">Prev</a></td><th>ALTER SYSTEM</th></tr></table><div>nested</div></div>
      <div class="refentry"><h2>ALTER TABLE</h2><p>ALTER TABLE — change the definition of a table</p></div>
      <div class="navfooter"><table><tr><td>ALTER TABLESPACE</td></tr></table></div></body></html>`;
    // When it is parsed
    const text = parseHtml(page, "x").sections.map((s) => s.text).join(" ");
    // Then only the page's own text is left
    expect(text).toContain("change the definition of a table");
    expect(text).not.toMatch(/ALTER SYSTEM|ALTER TABLESPACE|Prev|nested/);
  });

  it("keeps only the main content when the page marks it, and drops ARIA navigation and permalink marks", () => {
    const page = `<div class="sphinxsidebar" role="navigation"><h3>Table of Contents</h3><ul><li>Other guide</li></ul></div>
      <div class="body" role="main"><h1>Sorting HOW TO<a class="headerlink" href="#s">¶</a></h1><p>Use sorted().</p>
      <div role="navigation" aria-label="related">Next topic</div></div><div class="footer">© Copyright</div>`;
    const doc = parseHtml(page, "sorting");
    expect(doc.sections.map((s) => s.headingPath.join(">"))).toEqual(["Sorting HOW TO"]);
    expect(doc.sections[0]?.text.trim()).toBe("Use sorted().");
  });

  it("leaves a page without chrome as it is, and keeps self-closing tags out of the nesting count", () => {
    const page = `<div id="header"><h1>gitattributes(5)</h1></div><p>Text<br/>more</p><div class="paragraph"><p>kept</p></div>`;
    expect(stripChrome(page)).toBe(page);
    expect(stripChrome(`<div class="footer"><br/><div>x</div></div><p>after</p>`)).toBe("<p>after</p>");
  });
});
