// Text checks shared by every validator: the server stores what it is sent byte for byte, so it must
// refuse what would break other devices (lone surrogates, NUL) instead of repairing it silently.
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

export function isWellFormedText(text: string): boolean {
  return !LONE_SURROGATE.test(text) && !text.includes('\u0000');
}

/** Length in Unicode code points, as a person would count letters (not UTF-16 units). */
export function textLength(text: string): number {
  return Array.from(text).length;
}
