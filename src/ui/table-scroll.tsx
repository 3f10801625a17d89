import type { ReactNode } from 'react';

/**
 * A table that may be wider than a small phone: it scrolls sideways on its own instead of widening
 * the page (which would make a mobile browser zoom out). It can be focused and scrolled with keys.
 */
export function TableScroll({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="table-scroll" role="region" aria-label={label} tabIndex={0}>
      {children}
    </div>
  );
}
