/**
 * Site chrome removed from HTML before it is read as a document: navigation, search boxes,
 * sidebars, footers and permalink marks that documentation generators wrap around every page
 * (DocBook's navheader/navfooter, Sphinx's related bars and sidebar, AsciiDoc's footer). Left
 * in, they put the names of neighbouring pages ("Prev: ALTER SYSTEM, Next: ALTER TABLESPACE")
 * into every page's text. Chosen by the generators' documented markup and ARIA roles, never
 * by looking at retrieval results.
 */

/** ARIA landmark roles that are not the page's content. */
const CHROME_ROLES = /\brole\s*=\s*["'](?:navigation|search|banner|contentinfo|complementary)["']/i;
/** Class or id names of generator chrome (whole names only). */
const CHROME_NAMES = /\b(?:class|id)\s*=\s*["'](?:[^"']*\s)?(?:navheader|navfooter|related|sphinxsidebar|footer|headerlink|mobile-nav)(?:\s[^"']*)?["']/i;
/** Elements that are chrome by their tag alone. */
const CHROME_TAGS = new Set(["nav", "aside", "footer"]);

const TAG = /<(\/?)([a-zA-Z][a-zA-Z0-9-]*)\b([^>]*)>/g;

/** Whether an opening tag starts a chrome element. */
function isChrome(name: string, attrs: string): boolean {
  return CHROME_TAGS.has(name) || CHROME_ROLES.test(attrs) || CHROME_NAMES.test(attrs);
}

/**
 * The HTML without its chrome elements (each removed with everything inside it, nesting of
 * the same tag counted). When the page marks its main content (`<main>` or role="main"),
 * only that is kept.
 */
export function stripChrome(html: string): string {
  const main = /<(main)\b[^>]*>|<([a-zA-Z]+)\b[^>]*\brole\s*=\s*["']main["'][^>]*>/i.exec(html);
  let source = html;
  if (main) {
    const end = closing(html, main.index + main[0].length, (main[1] ?? main[2] ?? "").toLowerCase());
    source = html.slice(main.index, end);
  }
  let out = "";
  let at = 0;
  TAG.lastIndex = 0;
  for (let m = TAG.exec(source); m; m = TAG.exec(source)) {
    const [all, slash, rawName, attrs] = m;
    const name = (rawName ?? "").toLowerCase();
    if (slash || attrs?.trimEnd().endsWith("/") || !isChrome(name, attrs ?? "")) continue;
    out += source.slice(at, m.index);
    at = closing(source, m.index + all.length, name);
    TAG.lastIndex = at;
  }
  return out + source.slice(at);
}

/** Index just past the tag closing the element of `name` opened before `from` (end of text if unclosed). */
function closing(html: string, from: number, name: string): number {
  const re = new RegExp(`<(/?)${name}\\b[^>]*>`, "gi");
  re.lastIndex = from;
  let depth = 1;
  for (let m = re.exec(html); m; m = re.exec(html)) {
    if (m[0].endsWith("/>")) continue;
    depth += m[1] ? -1 : 1;
    if (depth === 0) return m.index + m[0].length;
  }
  return html.length;
}
