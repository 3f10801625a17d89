import { firstThumb } from '../core/model';
import type { AsharDb } from '../db/database';
import { LibraryIndex, type CaseSummary, type IndexedCaseStudy, type LibraryAnswer, type LibraryQuery } from './library-index';
import { PracticeIndex, type IndexedAnswer, type IndexedQuestion, type PracticeAnswer, type PracticeQuery } from './practice-index';
import type { PeersRequest } from './protocol';

/**
 * Builds something from the database on first use and again after being told it is stale, never
 * twice at once; changed again while building, it builds once more before answering.
 */
class Rebuilt {
  private loading: Promise<void> | null = null;
  private stale = true;
  lastBuildMs = 0;

  constructor(private readonly build: () => Promise<void>) {}

  markStale(): void {
    this.stale = true;
  }

  async ready(): Promise<void> {
    if (this.stale && !this.loading) {
      this.stale = false;
      const started = performance.now();
      this.loading = this.build().finally(() => {
        this.loading = null;
        this.lastBuildMs = Math.round(performance.now() - started);
      });
    }
    if (this.loading) await this.loading;
    if (this.stale) return this.ready();
  }
}

/**
 * Keeps the search indexes filled from the phone's database: the library's case studies, and the
 * circles' questions with their answers. Each is built on first use and rebuilt when told its
 * records changed. Used inside the search worker, or on the page where there is none.
 */
export class IndexHost {
  private readonly library = new LibraryIndex();
  private readonly practice = new PracticeIndex();
  private readonly libraryBuild = new Rebuilt(() => this.buildLibrary());
  private readonly practiceBuild = new Rebuilt(() => this.buildPractice());

  constructor(private readonly db: AsharDb) {}

  get lastBuildMs(): number {
    return this.libraryBuild.lastBuildMs;
  }

  get lastPracticeBuildMs(): number {
    return this.practiceBuild.lastBuildMs;
  }

  /** The case studies changed. */
  markStale(): void {
    this.libraryBuild.markStale();
  }

  /** Questions or answers changed: rebuilt before the next practice search, not before. */
  markPracticeStale(): void {
    this.practiceBuild.markStale();
  }

  async ready(): Promise<number> {
    await this.libraryBuild.ready();
    return this.library.size;
  }

  private async buildLibrary(): Promise<void> {
    const rows = await this.db.caseStudies.toArray();
    // A record's newest field stamp changes with every edit of it, here or from a sync.
    const docs: (IndexedCaseStudy & { version: string })[] = rows.map(({ attachments, _v: versions, ...doc }) => ({
      ...doc,
      thumb: firstThumb(attachments),
      version: `${doc._deleted}:${Object.values(versions ?? {}).reduce((newest, stamp) => (stamp > newest ? stamp : newest), '')}:${doc.updatedAt}`,
    }));
    const first = this.library.size === 0;
    this.library.load(docs);
    if (first) this.library.warmUp();
  }

  private async buildPractice(): Promise<void> {
    const [questions, answers] = await Promise.all([this.db.questions.toArray(), this.db.answers.toArray()]);
    const first = this.practice.size === 0;
    this.practice.load(
      questions.map(({ attachments: _files, _v, ...question }) => question as IndexedQuestion),
      answers.map(({ id, questionId, text, createdBy, hiddenReason, _deleted }): IndexedAnswer => ({
        id,
        questionId,
        text,
        createdBy,
        hiddenReason,
        _deleted,
      })),
    );
    if (first) this.practice.warmUp();
  }

  async query(query: LibraryQuery): Promise<LibraryAnswer> {
    await this.ready();
    return this.library.query(query);
  }

  async peers(request: PeersRequest): Promise<CaseSummary[]> {
    await this.ready();
    return this.library.peers(request);
  }

  async questions(query: PracticeQuery): Promise<PracticeAnswer> {
    await this.practiceBuild.ready();
    return this.practice.query(query);
  }
}
