import { useContext, useEffect, useMemo, useState } from 'react';
import { UNSAFE_DataRouterContext, useLocation, useNavigation, useSearchParams } from 'react-router';

const URL_DELAY_MS = 400;

/**
 * Keeps the address's query (kept for "back") following what the screen shows, `delayMs` later,
 * and never over a navigation the person started: writing the address then would cancel the tap
 * on a result (while the next screen's code loads) or send them back. React hears of that tap only
 * at its next render, which may come after the timer, so the router itself is asked at that moment.
 */
export function useQueryFollows(wanted: URLSearchParams, delayMs: number, state?: unknown): void {
  const [params, setParams] = useSearchParams();
  const router = useContext(UNSAFE_DataRouterContext)?.router;
  const { key } = useLocation();
  const leaving = useNavigation().state !== 'idle';
  const wantedText = wanted.toString();
  useEffect(() => {
    if (leaving || wantedText === params.toString()) return undefined;
    const timer = setTimeout(() => {
      if (router && (router.state.navigation.state !== 'idle' || router.state.location.key !== key)) return;
      setParams(new URLSearchParams(wantedText), { replace: true, state });
    }, delayMs);
    return () => clearTimeout(timer);
  }, [wantedText, params, setParams, leaving, delayMs, state, router, key]);
}

/**
 * What is typed in a search box, kept in the address under `name`. What is typed answers at once;
 * the address follows a moment later (see useQueryFollows).
 */
export function useTypedParam(name = 'q'): [string, (text: string) => void] {
  const [params] = useSearchParams();
  const [text, setText] = useState(() => params.get(name) ?? '');
  // Made again only when the address or the text changes, not at every drawing of the screen
  // (copying a URLSearchParams is not free on a slow phone, and a screen may draw twice a keystroke).
  const wanted = useMemo(() => {
    const next = new URLSearchParams(params.toString());
    if (text) next.set(name, text);
    else next.delete(name);
    return next;
  }, [params, name, text]);
  useQueryFollows(wanted, URL_DELAY_MS);
  return [text, setText];
}
