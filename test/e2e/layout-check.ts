import type { Page } from 'playwright-core';

// Two layout faults a 360 px phone shows in Kyrgyz and Russian, whose words are long, found in the
// drawn page rather than in the stylesheet: text squeezed into a column narrower than one of its
// words (drawn a letter or two a line), and a card or list item whose text spills out of its box or
// is cut off by it. Both run in the page, on what Chromium actually laid out. (No named inner
// functions in the evaluated code: it runs without the bundler's helpers.)

/**
 * Every visible word of six characters or more whose box is narrower than the word itself: the
 * word is broken across lines, or sticks out of its box. A word is letters and digits, with the
 * dots, colons and commas inside a date, a time or a number ("05.12.2026"); a hyphen is a place
 * where a line may break. A word wider than the whole page column (a pasted code, a run of
 * letters) has to break and is not counted; nor is a word broken inside a run with no place to
 * break (no space: a pasted code, markup typed as text) that is wider than its box.
 */
export function squeezedWords(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const problems: string[] = [];
    const column = document.documentElement.clientWidth - 32;
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const parent = node.parentElement;
      // Text that is not laid out as text on the page: hidden helpers for screen readers, form
      // values, the options of a closed list, drawings.
      if (!parent || parent.closest('svg, select, textarea, script, style, noscript, .visually-hidden, [hidden]')) continue;
      if (parent.getClientRects().length === 0 || getComputedStyle(parent).visibility !== 'visible') continue;
      // The box that holds the text: the nearest ancestor that is not an inline run. Its width is
      // the narrowest content box from it up to the page (or to a part that scrolls or is placed
      // on its own): a box sized to its word may itself stick out of a squeezed parent.
      let box: HTMLElement = parent;
      while (box.parentElement && ['inline', 'contents'].includes(getComputedStyle(box).display)) box = box.parentElement;
      let width = Infinity;
      let narrowest = box;
      for (let up: HTMLElement | null = box; up && up !== document.body; up = up.parentElement) {
        const style = getComputedStyle(up);
        if (style.display !== 'inline' && style.display !== 'contents') {
          const inner = up.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
          if (inner < width) [width, narrowest] = [inner, up];
        }
        if (style.overflowX !== 'visible' || style.position === 'absolute' || style.position === 'fixed') break;
      }
      const text = node.textContent ?? '';
      for (const match of text.matchAll(/[\p{L}\p{N}]+(?:[.,:][\p{L}\p{N}]+)*/gu)) {
        if (match[0].length < 6) continue;
        const range = document.createRange();
        range.setStart(node, match.index);
        range.setEnd(node, match.index + match[0].length);
        const rects = [...range.getClientRects()].filter((rect) => rect.width > 0);
        if (rects.length === 0) continue;
        const wordWidth = rects.reduce((sum, rect) => sum + rect.width, 0);
        const lines = new Set(rects.map((rect) => Math.round(rect.top))).size;
        if (wordWidth > column) continue;
        // A word that fits its box yet was broken: fine only inside a run without spaces (a pasted
        // code, markup typed as text) wider than the box, which has to break somewhere.
        const runStart = text.slice(0, match.index).search(/\S*$/);
        const after = text.slice(match.index).search(/\s/);
        const run = document.createRange();
        run.setStart(node, runStart);
        run.setEnd(node, after === -1 ? text.length : match.index + after);
        const runWidth = [...run.getClientRects()].reduce((sum, rect) => sum + rect.width, 0);
        if (wordWidth > width + 1 || (lines > 1 && runWidth <= width + 1)) {
          problems.push(
            `${narrowest.tagName.toLowerCase()}${[...narrowest.classList].map((name) => `.${name}`).join('')}${narrowest.dataset.testid ? `[${narrowest.dataset.testid}]` : ''}: "${match[0]}" (${Math.round(wordWidth)} px) in a ${Math.round(width)} px box${lines > 1 ? `, over ${lines} lines` : ''}`,
          );
        }
      }
    }
    return problems;
  });
}

/**
 * Cards and list items whose content does not fit them: taller or wider than the item (a fixed
 * height, a row that does not grow), or cut by a part of it that hides what overflows (a clipped
 * line, an ellipsis). A part meant to scroll (overflow: auto, e.g. a wide table) is not a cut.
 */
export function overflowingCards(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const problems: string[] = [];
    const items = document.querySelectorAll<HTMLElement>('.card, li, .record-link, .record-item, .file-item, .picked-item, .notice');
    for (const item of items) {
      if (item.getClientRects().length === 0 || item.closest('.visually-hidden, svg')) continue;
      const itemName = `${item.tagName.toLowerCase()}${[...item.classList].map((name) => `.${name}`).join('')} "${(item.textContent ?? '').trim().slice(0, 40)}"`;
      if (item.scrollHeight > item.clientHeight + 1 || item.scrollWidth > item.clientWidth + 1) {
        problems.push(`${itemName}: content ${item.scrollWidth}×${item.scrollHeight} px in a ${item.clientWidth}×${item.clientHeight} px box`);
        continue;
      }
      for (const part of item.querySelectorAll<HTMLElement>('*')) {
        const style = getComputedStyle(part);
        const clipsX = style.overflowX === 'hidden' || style.overflowX === 'clip';
        const clipsY = style.overflowY === 'hidden' || style.overflowY === 'clip';
        if ((!clipsX && !clipsY) || part.closest('.visually-hidden') || !(part.textContent ?? '').trim()) continue;
        if ((clipsX && part.scrollWidth > part.clientWidth + 1) || (clipsY && part.scrollHeight > part.clientHeight + 1)) {
          problems.push(
            `${part.tagName.toLowerCase()}${[...part.classList].map((name) => `.${name}`).join('')} "${(part.textContent ?? '').trim().slice(0, 40)}" in ${itemName}: cut, shows ${part.clientWidth}×${part.clientHeight} px of ${part.scrollWidth}×${part.scrollHeight} px`,
          );
        }
      }
    }
    return problems;
  });
}
