import { useEffect, useState, useSyncExternalStore } from 'react';
import { db } from '../../db/instance';
import { librarySearch } from './search/client';
import type { CaseSummary, LibraryAnswer, LibraryQuery } from './search/library-index';
import type { PeersRequest } from './search/protocol';

/** Moves whenever case studies change on this phone: screens then ask again. */
function useRefreshingSearch(): number {
  const search = librarySearch(db);
  return useSyncExternalStore(search.subscribe, () => search.generation);
}

/** The library list for a query; the previous answer stays shown while the next one comes. */
export function useLibraryQuery(query: LibraryQuery): { answer: LibraryAnswer | undefined; answeredFor: string | null } {
  const version = useRefreshingSearch();
  const [state, setState] = useState<{ answer: LibraryAnswer | undefined; answeredFor: string | null }>({ answer: undefined, answeredFor: null });
  const key = JSON.stringify(query);
  useEffect(() => {
    let current = true;
    void librarySearch(db)
      .query(JSON.parse(key) as LibraryQuery)
      .then((answer) => {
        if (current) setState({ answer, answeredFor: (JSON.parse(key) as LibraryQuery).text });
      });
    return () => {
      current = false;
    };
  }, [key, version]);
  return state;
}

export function usePeers(request: PeersRequest | null): CaseSummary[] | undefined {
  const version = useRefreshingSearch();
  const [items, setItems] = useState<CaseSummary[]>();
  const key = request ? JSON.stringify(request) : null;
  useEffect(() => {
    if (!key) return undefined;
    let current = true;
    void librarySearch(db)
      .peers(JSON.parse(key) as PeersRequest)
      .then((next) => {
        if (current) setItems(next);
      });
    return () => {
      current = false;
    };
  }, [key, version]);
  return items;
}
