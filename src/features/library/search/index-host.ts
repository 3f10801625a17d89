import { firstThumb } from '../../../core/model';
import type { AsharDb } from '../../../db/database';
import { LibraryIndex, type CaseSummary, type IndexedCaseStudy, type LibraryAnswer, type LibraryQuery } from './library-index';
import type { PeersRequest } from './protocol';

/**
 * Keeps a LibraryIndex filled from the phone's database: built on first use, rebuilt when told
 * the case studies changed. Used inside the search worker, or on the page where there is none.
 */
export class IndexHost {
  private readonly index = new LibraryIndex();
  private loading: Promise<number> | null = null;
  private stale = true;
  lastBuildMs = 0;

  constructor(private readonly db: AsharDb) {}

  markStale(): void {
    this.stale = true;
  }

  async ready(): Promise<number> {
    if (this.stale && !this.loading) {
      this.stale = false;
      this.loading = this.build().finally(() => {
        this.loading = null;
      });
    }
    if (this.loading) await this.loading;
    // Changed again while building: build once more before answering.
    if (this.stale) return this.ready();
    return this.index.size;
  }

  private async build(): Promise<number> {
    const started = performance.now();
    const rows = await this.db.caseStudies.toArray();
    // A record's newest field stamp changes with every edit of it, here or from a sync.
    const docs: (IndexedCaseStudy & { version: string })[] = rows.map(({ attachments, _v: versions, ...doc }) => ({
      ...doc,
      thumb: firstThumb(attachments),
      version: `${doc._deleted}:${Object.values(versions ?? {}).reduce((newest, stamp) => (stamp > newest ? stamp : newest), '')}:${doc.updatedAt}`,
    }));
    this.index.load(docs);
    this.lastBuildMs = Math.round(performance.now() - started);
    return this.index.size;
  }

  async query(query: LibraryQuery): Promise<LibraryAnswer> {
    await this.ready();
    return this.index.query(query);
  }

  async peers(request: PeersRequest): Promise<CaseSummary[]> {
    await this.ready();
    return this.index.peers(request);
  }
}
