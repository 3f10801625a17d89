import { useLiveQuery } from 'dexie-react-hooks';
import { firstThumb } from '../../core/model';
import { db } from '../../db/instance';
import { exampleOf } from '../../core/example';
import type { CaseSummary, LibraryAnswer, LibraryQuery } from '../../search/library-index';
import type { PeersRequest } from '../../search/protocol';
import { askAhead, useSearchAnswer } from '../../ui/use-search';

/** The library's list for a query (null: nothing asked yet); the previous answer stays shown while the next one comes. */
export function useLibraryQuery(query: LibraryQuery | null): LibraryAnswer | undefined {
  return useSearchAnswer((search) => search.query(query!), query ? JSON.stringify(query) : null, 'library');
}

/** Asks the library's search ahead (see askAhead) the question useLibraryQuery will ask. */
export function askLibraryAhead(query: LibraryQuery): Promise<void> {
  return askAhead('library', JSON.stringify(query), (search) => search.query(query));
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
    return {
      text: '',
      items,
      total: Math.max(total, items.length),
      facets: { topics: [], oblasts: [], rayons: [], communities: [], languages: [], years: [] },
    };
  }, [enabled, communityId, limit]);
}
