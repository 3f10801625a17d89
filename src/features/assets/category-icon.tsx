import type { AssetCategory } from '../../core/model';

// One small picture per kind of asset, so a category is found at a glance (and by people who read
// slowly). Decorative: the category's name is always written beside it.
const PATHS: Record<AssetCategory, string> = {
  natural: 'M12 3c3 4 6 7.5 6 11a6 6 0 0 1-12 0c0-3.5 3-7 6-11z',
  physical: 'M3 21h18M5 21V10l7-5 7 5v11M9 21v-6h6v6',
  economic: 'M4 7h16v12H4zM4 11h16M9 15h2',
  human: 'M12 11a4 4 0 1 0 0-8 4 4 0 0 0 0 8zM4 21c0-4 3.6-7 8-7s8 3 8 7',
  social: 'M8 10a3 3 0 1 0 0-6 3 3 0 0 0 0 6zM17 11a2.5 2.5 0 1 0 0-5 2.5 2.5 0 0 0 0 5zM2 20c.5-3.5 3-5.5 6-5.5s5.5 2 6 5.5M14.5 15c3-.6 6 .8 7 5',
  institutional: 'M3 9l9-5 9 5M5 9v9M9.5 9v9M14.5 9v9M19 9v9M3 20h18',
  cultural: 'M9 18V6l11-2v12M9 18a3 3 0 1 1-6 0 3 3 0 0 1 6 0zM20 16a3 3 0 1 1-6 0 3 3 0 0 1 6 0z',
  solution: 'M9 18h6M10 21h4M12 3a6 6 0 0 0-3.5 10.9c.6.5 1 1.2 1 2.1h5c0-.9.4-1.6 1-2.1A6 6 0 0 0 12 3z',
};

export function CategoryIcon({ category }: { category: AssetCategory }) {
  return (
    <svg
      width={28}
      height={28}
      viewBox="0 0 24 24"
      fill="none"
      stroke="currentColor"
      strokeWidth={1.8}
      strokeLinecap="round"
      strokeLinejoin="round"
      aria-hidden="true"
      focusable="false"
    >
      <path d={PATHS[category]} />
    </svg>
  );
}
