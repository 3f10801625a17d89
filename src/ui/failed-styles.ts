// Style sheets of screens loaded apart (the map's) are added by Vite's preload helper as <link>
// elements. One added while the phone was offline fails, and the helper never adds it again: the
// screen would open later without its styles (the map's panes then cover the bottom navigation).
// So failed ones are noted here and replaced by a fresh copy before a screen is loaded again.

const failed = new Set<HTMLLinkElement>();

/** Notes every style sheet that fails to load. Called once at start. */
export function watchFailedStyles(): void {
  // Load errors do not bubble: listen in the capture phase.
  document.addEventListener(
    'error',
    (event) => {
      const target = event.target;
      if (target instanceof HTMLLinkElement && target.rel === 'stylesheet') failed.add(target);
    },
    true,
  );
}

/** Loads again every style sheet that failed; rejects if one still cannot be loaded. */
export async function reloadFailedStyles(): Promise<void> {
  await Promise.all(
    [...failed].map(
      (link) =>
        new Promise<void>((resolve, reject) => {
          failed.delete(link);
          const fresh = link.cloneNode() as HTMLLinkElement;
          fresh.addEventListener('load', () => resolve());
          // The same message as Vite's, so that it counts as code not yet on the phone.
          fresh.addEventListener('error', () => reject(new Error(`Unable to preload CSS for ${link.href}`)));
          link.replaceWith(fresh);
        }),
    ),
  );
}
