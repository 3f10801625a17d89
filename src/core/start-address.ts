// Screens reachable before a community is chosen: choosing one, bringing in the list to choose
// from, signing in (which brings the account's communities), and bringing in a backup file made
// on another phone (which brings its community). The frame (layout.tsx) sends every other screen
// to the welcome screen while none is chosen.
export const OPEN_WITHOUT_COMMUNITY = ['/welcome', '/communities', '/settings', '/settings/backup', '/settings/storage'];

/**
 * Where a start goes before the database has answered. `asked`: the screen the address asks for
 * (the start address `/` asks for the library). `guess`: where to load first: the welcome screen
 * for a phone that had no community chosen when it last looked, when the screen needs one (printed
 * pages stand alone; the screens in the frame need one, see layout.tsx).
 */
export function startAddress(pathname: string, chosenBefore: boolean): { asked: string; guess: string; needsCommunity: boolean } {
  const asked = pathname === '/' ? '/library' : pathname;
  const needsCommunity = !asked.startsWith('/print/') && !OPEN_WITHOUT_COMMUNITY.includes(asked);
  return { asked, guess: needsCommunity && !chosenBefore ? '/welcome' : asked, needsCommunity };
}
