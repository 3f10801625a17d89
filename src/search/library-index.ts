import MiniSearch from 'minisearch';
import { CASE_STUDY_TEXTS, type CaseStudy, type Language, type LocalizedName, type Topic } from '../core/model';
import { exampleOf } from '../core/example';
import { oblastOf } from '../core/gazetteer';
import { foldForSearch } from '../core/search-text';
import { foldedSearchOptions, matchTyped, snippetAround, warmUp } from './typed-match';

// The library's search and filters, as plain code with no browser APIs: the search worker runs it
// on its own thread, and tests (and browsers without workers) run it directly.

/** What the library list shows for one case study (one entry per case study, whatever its languages). */
export interface CaseSummary {
  /** The version shown: in the reader's language when there is one. */
  id: string;
  /** The original's id: translations share it. */
  rootId: string;
  title: string;
  language: Language | null;
  languages: Language[];
  status: CaseStudy['status'];
  topics: Topic[];
  communityId: string;
  communityName: LocalizedName | null;
  rayonCode: string | null;
  year: number | null;
  updatedAt: string;
  /** A few words around the first match, for search results. */
  snippet: string | null;
  /** An example for learning, not a community's report (this version or its original says so). */
  example: boolean;
  /** What an example is based on; null when it does not say. */
  basedOn: string | null;
  /** The first photo's thumbnail (a data: URL the record carries), for the card. */
  thumb: string | null;
}

export interface LibraryFilters {
  topic?: string;
  oblast?: string;
  rayon?: string;
  community?: string;
  language?: string;
  year?: string;
}

export interface LibraryQuery {
  text: string;
  filters: LibraryFilters;
  /** The reader's community: its drafts are shown too. */
  communityId: string | null;
  lang: Language;
  offset: number;
  limit: number;
  /** Match any word, not all (case studies like a question's title being typed). */
  anyWord?: boolean;
}

export interface PeersQuery {
  topics: readonly string[];
  rayonCode: string | null;
  /** Root ids not to suggest (the case study being read). */
  exclude: readonly string[];
  /** Leave out this community's own case studies (on its home screen). */
  excludeCommunityId?: string;
  communityId: string | null;
  lang: Language;
  limit: number;
}

export interface LibraryFacets {
  topics: string[];
  oblasts: string[];
  rayons: string[];
  communities: { id: string; name: LocalizedName | null }[];
  languages: string[];
  years: number[];
}

export interface LibraryAnswer {
  /** The text this answers (the list says which keystroke it shows). */
  text: string;
  items: CaseSummary[];
  total: number;
  facets: LibraryFacets;
}

/**
 * The fields needed from each stored case study: everything but attachments, of which only the
 * first photo's thumbnail is kept (a few kilobytes, for the card; most case studies have none).
 */
export type IndexedCaseStudy = Pick<CaseStudy, 'id' | 'title' | 'status' | 'topics' | 'communityId' | 'updatedAt'> &
  Omit<Partial<CaseStudy>, 'attachments'> & { _deleted?: 0 | 1; thumb?: string | null };

/**
 * Indexed as three fields: the title (ranked highest), the place, and one body of every long text.
 * Scoring per field is the search's main cost, so the long texts share one field.
 */
const INDEX_FIELDS = ['title', 'body', 'place'] as const;
const BODY_FIELDS = [...CASE_STUDY_TEXTS, 'resourcesNote', 'source'] as const;

export { oblastOf };

function yearOf(doc: IndexedCaseStudy): number | null {
  const from = doc.periodFrom ?? doc.periodTo;
  return from ? Number(from.slice(0, 4)) : null;
}

export class LibraryIndex {
  private docs = new Map<string, IndexedCaseStudy>();
  /** Root id → ids of every version (the original and its translations). */
  private groups = new Map<string, string[]>();
  private search = LibraryIndex.emptySearch();
  /** Filter choices per reader community: the same for every keystroke, so counted once per load. */
  private facetCache = new Map<string | null, LibraryFacets>();
  /** Every case study, newest first: sorted once per load, not at every keystroke that lists them all. */
  private newestFirst: IndexedCaseStudy[] | null = null;

  private static emptySearch() {
    return new MiniSearch<{ id: string }>({
      fields: [...INDEX_FIELDS],
      extractField: (doc, field) => {
        const record = doc as unknown as IndexedCaseStudy;
        if (field === 'id') return record.id;
        if (field === 'place') return record.communityName ? foldForSearch(Object.values(record.communityName).join(' ')) : '';
        if (field === 'body') return foldForSearch(BODY_FIELDS.map((name) => record[name] ?? '').join('\n'));
        return foldForSearch(record.title ?? '');
      },
      ...foldedSearchOptions({ title: 3, place: 2 }),
    });
  }

  /**
   * Makes the index hold exactly these case studies. Only what changed since the last call is
   * re-indexed (by each record's `version`: its newest field stamp), so a sync that brings three
   * case studies does not re-read thousands.
   */
  load(docs: readonly (IndexedCaseStudy & { version?: string })[]): void {
    const live = new Map<string, IndexedCaseStudy & { version?: string }>();
    for (const doc of docs) if (!doc._deleted) live.set(doc.id, doc);
    for (const [id, previous] of this.docs) {
      const next = live.get(id);
      if (!next || next.version === undefined || next.version !== (previous as { version?: string }).version) {
        this.search.discard(id);
        this.docs.delete(id);
      }
    }
    const added: IndexedCaseStudy[] = [];
    for (const [id, doc] of live) {
      if (this.docs.has(id)) continue;
      this.docs.set(id, doc);
      added.push(doc);
    }
    this.search.addAll(added as unknown as { id: string }[]);
    this.groups.clear();
    for (const doc of this.docs.values()) {
      const root = this.rootOf(doc);
      const group = this.groups.get(root);
      if (group) group.push(doc.id);
      else this.groups.set(root, [doc.id]);
    }
    this.facetCache.clear();
    this.newestFirst = null;
  }

  get size(): number {
    return this.docs.size;
  }

  /** Warms the search up (see warmUp) with a title of its own; nothing if it holds nothing. */
  warmUp(): void {
    const sample = this.docs.values().next().value;
    if (sample) warmUp(sample.title ?? '', (text) => this.query({ text, filters: {}, communityId: null, lang: 'ky', offset: 0, limit: 12 }));
  }

  private rootOf(doc: IndexedCaseStudy): string {
    return doc.translationOf && doc.translationOf !== doc.id ? doc.translationOf : doc.id;
  }

  /** A translation is placed where its original is (a peer elsewhere may have translated it). */
  private placeOf(doc: IndexedCaseStudy): IndexedCaseStudy {
    return (doc.translationOf && this.docs.get(doc.translationOf)) || doc;
  }

  private visible(doc: IndexedCaseStudy, communityId: string | null): boolean {
    return doc.status === 'published' || (communityId !== null && doc.communityId === communityId);
  }

  /** The version of a case study to show a reader of `lang`, among those they may see. */
  private pick(rootId: string, lang: Language, communityId: string | null): IndexedCaseStudy | null {
    const versions = (this.groups.get(rootId) ?? []).map((id) => this.docs.get(id)!).filter((doc) => this.visible(doc, communityId));
    if (versions.length === 0) return null;
    return versions.find((doc) => doc.language === lang) ?? versions.find((doc) => doc.id === rootId) ?? versions[0]!;
  }

  private summary(doc: IndexedCaseStudy, communityId: string | null, snippet: string | null): CaseSummary {
    const rootId = this.rootOf(doc);
    const languages = (this.groups.get(rootId) ?? [])
      .map((id) => this.docs.get(id)!)
      .filter((version) => this.visible(version, communityId) && version.language)
      .map((version) => version.language!);
    const place = this.placeOf(doc);
    return {
      id: doc.id,
      rootId,
      title: doc.title,
      language: doc.language ?? null,
      languages: [...new Set(languages)],
      status: doc.status,
      topics: doc.topics ?? [],
      communityId: place.communityId,
      communityName: place.communityName ?? null,
      rayonCode: place.rayonCode ?? null,
      year: yearOf(doc),
      updatedAt: doc.updatedAt,
      snippet,
      ...exampleOf(doc, place),
      thumb: doc.thumb ?? null,
    };
  }

  private matchesFilters(doc: IndexedCaseStudy, filters: LibraryFilters): boolean {
    const place = this.placeOf(doc);
    if (filters.topic && !(doc.topics ?? []).includes(filters.topic as Topic)) return false;
    if (filters.rayon && place.rayonCode !== filters.rayon) return false;
    if (filters.oblast && oblastOf(place.rayonCode) !== filters.oblast) return false;
    if (filters.community && place.communityId !== filters.community) return false;
    if (filters.language && doc.language !== filters.language) return false;
    if (filters.year && String(yearOf(doc)) !== filters.year) return false;
    return true;
  }

  query(request: LibraryQuery): LibraryAnswer {
    // One letter matches nearly everything: the list stays as it is until a second one is typed.
    const { text, hits } = matchTyped(this.search, request.text, request.anyWord);
    const ranked: { rootId: string; doc: IndexedCaseStudy; terms: readonly string[] }[] = [];
    const seen = new Set<string>();
    if (text) {
      for (const hit of hits) {
        const doc = this.docs.get(hit.id as string);
        if (!doc || !this.visible(doc, request.communityId) || !this.matchesFilters(doc, request.filters)) continue;
        const rootId = this.rootOf(doc);
        if (seen.has(rootId)) continue;
        seen.add(rootId);
        // Show the version that matched: the reader searched in its language.
        ranked.push({ rootId, doc, terms: hit.terms });
      }
    } else {
      // updatedAt is an ISO time: its characters sort as its moments do.
      this.newestFirst ??= [...this.docs.values()].sort((a, b) => (a.updatedAt > b.updatedAt ? -1 : a.updatedAt < b.updatedAt ? 1 : 0));
      for (const doc of this.newestFirst) {
        if (!this.visible(doc, request.communityId) || !this.matchesFilters(doc, request.filters)) continue;
        const rootId = this.rootOf(doc);
        if (seen.has(rootId)) continue;
        seen.add(rootId);
        // With a language chosen, show that version; otherwise the reader's own language if any.
        const shown = request.filters.language ? doc : (this.pick(rootId, request.lang, request.communityId) ?? doc);
        ranked.push({ rootId, doc: shown, terms: [] });
      }
    }
    const items = ranked
      .slice(request.offset, request.offset + request.limit)
      // Snippets only for the case studies shown, not for every match.
      .map(({ doc, terms }) =>
        this.summary(
          doc,
          request.communityId,
          terms.length > 0
            ? snippetAround(
                CASE_STUDY_TEXTS.map((field) => doc[field]),
                terms,
              )
            : null,
        ),
      );
    return { text: request.text, items, total: ranked.length, facets: this.facets(request.communityId) };
  }

  private facets(communityId: string | null): LibraryFacets {
    let facets = this.facetCache.get(communityId);
    if (!facets) {
      const visible = [...this.docs.values()].filter((doc) => this.visible(doc, communityId));
      facets = facetsOf(visible.map((doc) => ({ doc, place: this.placeOf(doc) })));
      this.facetCache.set(communityId, facets);
    }
    return facets;
  }

  /**
   * Case studies a community could learn from: sharing a topic with `topics`, nearer first (same
   * rayon, then same oblast, then the rest), then by how many topics they share, then newest.
   */
  peers(request: PeersQuery): CaseSummary[] {
    const wanted = new Set(request.topics);
    const excluded = new Set(request.exclude);
    const oblast = oblastOf(request.rayonCode);
    const scored: { rootId: string; distance: number; shared: number; updatedAt: string }[] = [];
    for (const [rootId] of this.groups) {
      if (excluded.has(rootId)) continue;
      const doc = this.pick(rootId, request.lang, request.communityId);
      if (!doc || doc.status !== 'published') continue;
      const place = this.placeOf(doc);
      if (place.communityId === request.excludeCommunityId) continue;
      const shared = (doc.topics ?? []).filter((topic) => wanted.has(topic)).length;
      if (wanted.size > 0 && shared === 0) continue;
      const distance = request.rayonCode && place.rayonCode === request.rayonCode ? 0 : oblast && oblastOf(place.rayonCode) === oblast ? 1 : 2;
      scored.push({ rootId, distance, shared, updatedAt: doc.updatedAt });
    }
    scored.sort((a, b) => a.distance - b.distance || b.shared - a.shared || b.updatedAt.localeCompare(a.updatedAt));
    return scored.slice(0, request.limit).map(({ rootId }) => this.summary(this.pick(rootId, request.lang, request.communityId)!, request.communityId, null));
  }
}

function facetsOf(docs: readonly { doc: IndexedCaseStudy; place: IndexedCaseStudy }[]): LibraryFacets {
  const topics = new Set<string>();
  const rayons = new Set<string>();
  const communities = new Map<string, LocalizedName | null>();
  const languages = new Set<string>();
  const years = new Set<number>();
  for (const { doc, place } of docs) {
    for (const topic of doc.topics ?? []) topics.add(topic);
    if (place.rayonCode) rayons.add(place.rayonCode);
    if (!communities.has(place.communityId) || (!communities.get(place.communityId) && place.communityName)) {
      communities.set(place.communityId, place.communityName ?? null);
    }
    if (doc.language) languages.add(doc.language);
    const year = yearOf(doc);
    if (year) years.add(year);
  }
  return {
    topics: [...topics].sort(),
    oblasts: [...new Set([...rayons].map((code) => oblastOf(code)!))].sort(),
    rayons: [...rayons].sort(),
    communities: [...communities].map(([id, name]) => ({ id, name })),
    languages: [...languages].sort(),
    years: [...years].sort((a, b) => b - a),
  };
}
