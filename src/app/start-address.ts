import { OPEN_WITHOUT_COMMUNITY } from './layout';

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
