// Inline icons: a few paths each, no icon font to download. Decorative: the text beside them is
// the label, so they are hidden from screen readers.
const base = {
  width: 24,
  height: 24,
  viewBox: '0 0 24 24',
  fill: 'none',
  stroke: 'currentColor',
  strokeWidth: 2,
  strokeLinecap: 'round' as const,
  strokeLinejoin: 'round' as const,
  'aria-hidden': true,
  focusable: false,
};

export function IconLibrary() {
  return (
    <svg {...base}>
      <path d="M4 19.5V5a2 2 0 0 1 2-2h13v16H6a2 2 0 0 0-2 2z" />
      <path d="M8 7h7M8 11h5" />
    </svg>
  );
}

export function IconAssets() {
  return (
    <svg {...base}>
      <path d="M12 21s-7-6.2-7-11.5A7 7 0 0 1 19 9.5C19 14.8 12 21 12 21z" />
      <circle cx="12" cy="9.5" r="2.5" />
    </svg>
  );
}

export function IconWorkshops() {
  return (
    <svg {...base}>
      <circle cx="8" cy="8" r="3" />
      <circle cx="17" cy="9" r="2.5" />
      <path d="M2.5 20c.5-3.5 2.8-5.5 5.5-5.5s5 2 5.5 5.5M14 15c2.7-.6 6 .8 7 5" />
    </svg>
  );
}

/** Two speech bubbles: peers asking and answering. */
export function IconPractice() {
  return (
    <svg {...base}>
      <path d="M4 5h11v8H9l-3 3v-3H4z" />
      <path d="M15 9h5v8h-2v3l-3-3h-4v-2" />
    </svg>
  );
}

export function IconSettings() {
  return (
    <svg {...base}>
      <path d="M4 6h10M18 6h2M4 12h4M12 12h8M4 18h12M20 18h0" />
      <circle cx="16" cy="6" r="2" />
      <circle cx="10" cy="12" r="2" />
      <circle cx="18" cy="18" r="2" />
    </svg>
  );
}

export function IconBack() {
  return (
    <svg {...base}>
      <path d="M15 5l-7 7 7 7" />
    </svg>
  );
}

export function IconPlus() {
  return (
    <svg {...base}>
      <path d="M12 5v14M5 12h14" />
    </svg>
  );
}
