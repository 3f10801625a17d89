import { useLiveQuery } from 'dexie-react-hooks';
import { useEffect, useState, useSyncExternalStore } from 'react';
import { firstThumb } from '../../core/model';
import { db } from '../../db/instance';
import { librarySearch } from '../../search/client';
import { exampleOf } from '../../core/example';
import type { CaseSummary, LibraryAnswer, LibraryQuery } from '../../search/library-index';
import type { PeersRequest } from '../../search/protocol';
import { useSearchAnswer } from '../../ui/use-search';

/** Moves whenever case studies change on this phone: screens then ask again. */
function useRefreshingSearch(): number {
  const search = librarySearch(db);
  return useSyncExternalStore(search.subscribe, () => search.generation);
}

/** The library list for a query; the previous answer stays shown while the next one comes. */
export function useLibraryQuery(query: LibraryQuery, enabled = true): { answer: LibraryAnswer | undefined; answeredFor: string | null } {
  const version = useRefreshingSearch();
  const [state, setState] = useState<{ answer: LibraryAnswer | undefined; answeredFor: string | null }>({ answer: undefined, answeredFor: null });
  const key = JSON.stringify(query);
  useEffect(() => {
    if (!enabled) return undefined;
    let current = true;
    const query = JSON.parse(key) as LibraryQuery;
    void librarySearch(db)
      .query(query)
      .then((answer) => {
        if (!current) return;
        // Keep the same facets object while the choices are the same, so the filters do not redraw.
        setState((previous) => {
          const facets = previous.answer && JSON.stringify(previous.answer.facets) === JSON.stringify(answer.facets) ? previous.answer.facets : answer.facets;
          return { answer: { ...answer, facets }, answeredFor: query.text };
        });
      });
    return () => {
      current = false;
    };
  }, [key, version, enabled]);
  return state;
}

export function usePeers(request: PeersRequest | null): CaseSummary[] | undefined {
  return useSearchAnswer((search) => search.peers(request!), request ? JSON.stringify(request) : null, 'library');
}

/**
 * The newest case studies this phone may show, read straight from the database by its updatedAt
 * index: what the library shows while the search index is still being built.
 */
export function useFirstPage(enabled: boolean, communityId: string | null, limit: number): LibraryAnswer | undefined {
  return useLiveQuery(async () => {
    if (!enabled) return undefined;
    const rows = await db.caseStudies
      .orderBy('updatedAt')
      .reverse()
      .filter((doc) => !doc._deleted && (doc.status === 'published' || doc.communityId === communityId))
      .limit(limit)
      .toArray();
    const total = await db.caseStudies.count();
    const seen = new Set<string>();
    const items: CaseSummary[] = [];
    for (const doc of rows) {
      const rootId = doc.translationOf ?? doc.id;
      if (seen.has(rootId)) continue;
      seen.add(rootId);
      items.push({
        id: doc.id,
        rootId,
        title: doc.title,
        language: doc.language ?? null,
        languages: doc.language ? [doc.language] : [],
        status: doc.status,
        topics: doc.topics ?? [],
        communityId: doc.communityId,
        communityName: doc.communityName ?? null,
        rayonCode: doc.rayonCode ?? null,
        year: doc.periodFrom ? Number(doc.periodFrom.slice(0, 4)) : null,
        updatedAt: doc.updatedAt,
        snippet: null,
        ...exampleOf(doc),
        thumb: firstThumb(doc.attachments),
      });
    }
    return { items, total: Math.max(total, items.length), facets: { topics: [], oblasts: [], rayons: [], communities: [], languages: [], years: [] } };
  }, [enabled, communityId, limit]);
}
