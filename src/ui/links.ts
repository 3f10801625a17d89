// Web addresses in what people type become links, and nothing else does. A link is made only from
// text that starts, letter for letter, with http:// or https:// in plain ASCII (any case), and only
// when the browser's URL parser agrees that the scheme is http: or https:. So `javascript:`,
// `data:`, `vbscript:`, `java\tscript:`, entity-encoded or look-alike schemes (Cyrillic "һttps", the
// long s in "httpſ") all stay text: they are never even candidates. Nothing is decoded or parsed as
// HTML, and the href is the parser's own serialisation, never the typed text.

export type TextPiece = { kind: 'text'; text: string } | { kind: 'link'; text: string; href: string };

// Explicit letter classes rather than the `i` flag: with the `u` flag, `i` folds "ſ" (U+017F) to "s"
// and "K" (U+212A) to "k". A candidate runs to the next space or a character that cannot end a
// typed address in running text (quotes, angle brackets, guillemets), or an invisible control or
// direction mark that could disguise where it goes.
const CANDIDATE = /(?<![\p{L}\p{N}_])[Hh][Tt][Tt][Pp][Ss]?:\/\/[^\s\p{C}<>"'`«»“”„]+/gu;
const TRAILING = /[.,;:!?…]+$/u;

/** Drops punctuation that ends the sentence rather than the address, and a closing bracket with no opening one. */
function trimTail(candidate: string): string {
  let text = candidate;
  for (;;) {
    const trimmed = text.replace(TRAILING, '');
    const last = trimmed.at(-1);
    const pairs: Record<string, string> = { ')': '(', ']': '[', '}': '{' };
    const opening = last ? pairs[last] : undefined;
    const unbalanced = opening !== undefined && trimmed.split(last!).length > trimmed.split(opening).length;
    const next = unbalanced ? trimmed.slice(0, -1) : trimmed;
    if (next === text) return text;
    text = next;
  }
}

/** The address a link may point to, or null: http(s) only, with a host, and no user name (a "https://bank.kg@evil.example" trick). */
export function safeHref(text: string): string | null {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return null;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
  if (!url.hostname || url.username || url.password) return null;
  return url.href;
}

/** A line of text cut into plain text and web links, in order; joined back, the pieces give the line. */
export function splitLinks(line: string): TextPiece[] {
  // Most lines have no address: the pattern (Unicode classes, compiled at its first use: ~5 ms at
  // 4× CPU, traced on an event's screen) is not run on them.
  if (!line.includes('://')) return line ? [{ kind: 'text', text: line }] : [];
  const pieces: TextPiece[] = [];
  let done = 0;
  for (const match of line.matchAll(CANDIDATE)) {
    const text = trimTail(match[0]);
    const href = safeHref(text);
    if (!href) continue;
    if (match.index > done) pieces.push({ kind: 'text', text: line.slice(done, match.index) });
    pieces.push({ kind: 'link', text, href });
    done = match.index + text.length;
  }
  if (done < line.length) pieces.push({ kind: 'text', text: line.slice(done) });
  return pieces;
}
