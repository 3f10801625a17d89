import { useEffect, useState } from 'react';
import { useNavigation, useSearchParams } from 'react-router';

const URL_DELAY_MS = 400;

/**
 * What is typed in a search box, kept in the address (for "back") under `name`. What is typed
 * answers at once; the address follows a moment later, unless the person has already tapped a
 * result: writing the address then would cancel that navigation while the next screen's code is
 * still loading.
 */
export function useTypedParam(name = 'q'): [string, (text: string) => void] {
  const [params, setParams] = useSearchParams();
  const [text, setText] = useState(() => params.get(name) ?? '');
  const leaving = useNavigation().state !== 'idle';
  useEffect(() => {
    if (leaving || (params.get(name) ?? '') === text) return undefined;
    const timer = setTimeout(() => {
      const next = new URLSearchParams(params);
      if (text) next.set(name, text);
      else next.delete(name);
      setParams(next, { replace: true });
    }, URL_DELAY_MS);
    return () => clearTimeout(timer);
  }, [text, params, setParams, leaving, name]);
  return [text, setText];
}
