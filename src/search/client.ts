import { afterEachChange } from '../db/changes';
import type { AsharDb } from '../db/database';
import type { CaseSummary, LibraryAnswer, LibraryQuery } from './library-index';
import type { PracticeAnswer, PracticeQuery } from './practice-index';
import type { PeersRequest, WorkerRequest, WorkerResponse } from './protocol';

interface SearchBackend {
  query(query: LibraryQuery): Promise<LibraryAnswer>;
  peers(request: PeersRequest): Promise<CaseSummary[]>;
  questions(query: PracticeQuery): Promise<PracticeAnswer>;
  /** The case studies changed: rebuild before the next answer. */
  refresh(): void;
  /** Questions or answers changed: rebuild before the next search of them. */
  refreshPractice(): void;
}

export interface LibrarySearch extends SearchBackend {
  /** Counts the changes to case studies seen; screens ask again when it moves. */
  readonly generation: number;
  /** Counts the changes to questions and answers seen. */
  readonly practiceGeneration: number;
  /** Called after either changes. */
  subscribe(listener: () => void): () => void;
}

type Pending = { resolve: (response: WorkerResponse) => void; reject: (error: Error) => void };

function workerSearch(db: AsharDb): SearchBackend {
  const worker = new Worker(new URL('./search.worker.ts', import.meta.url), { type: 'module' });
  const pending = new Map<number, Pending>();
  let nextId = 0;
  worker.onmessage = (event: MessageEvent<WorkerResponse>) => {
    // Build times show in the browser's performance timeline (and in bench:library).
    if (event.data.type === 'done' && event.data.buildMs > 0)
      performance.mark('ashar-search-index-built', { detail: { size: event.data.size, buildMs: event.data.buildMs } });
    const waiting = pending.get(event.data.id);
    pending.delete(event.data.id);
    if (!waiting) return;
    if (event.data.type === 'error') waiting.reject(new Error(event.data.message));
    else waiting.resolve(event.data);
  };
  const send = (request: WorkerRequest extends infer R ? (R extends { id: number } ? Omit<R, 'id'> : never) : never) =>
    new Promise<WorkerResponse>((resolve, reject) => {
      nextId += 1;
      pending.set(nextId, { resolve, reject });
      worker.postMessage({ ...request, id: nextId } as WorkerRequest);
    });
  void send({ type: 'init', dbName: db.name });
  return {
    query: async (query) => {
      const started = performance.now();
      const answer = ((await send({ type: 'query', query })) as Extract<WorkerResponse, { type: 'answer' }>).answer;
      // The round trip to the worker shows in the performance timeline (bench:library reads it).
      performance.measure('ashar-search-round-trip', { start: started, end: performance.now() });
      return answer;
    },
    peers: async (request) => ((await send({ type: 'peers', request })) as Extract<WorkerResponse, { type: 'peers' }>).items,
    questions: async (query) => {
      const started = performance.now();
      const answer = ((await send({ type: 'questions', query })) as Extract<WorkerResponse, { type: 'questions' }>).answer;
      performance.measure('ashar-search-round-trip', { start: started, end: performance.now() });
      return answer;
    },
    refresh: () => void send({ type: 'refresh' }),
    refreshPractice: () => void send({ type: 'refreshPractice' }),
  };
}

/** Without workers (tests, very old browsers) the same index runs on the page, loaded on first use. */
function inPageSearch(db: AsharDb): SearchBackend {
  const host = import('./index-host').then(({ IndexHost }) => new IndexHost(db));
  return {
    query: async (query) => (await host).query(query),
    peers: async (request) => (await host).peers(request),
    questions: async (query) => (await host).questions(query),
    refresh: () => void host.then((ready) => ready.markStale()),
    refreshPractice: () => void host.then((ready) => ready.markPracticeStale()),
  };
}

const searches = new WeakMap<AsharDb, LibrarySearch>();

/**
 * The search of this database (the library's case studies, the circles' questions): in a worker
 * where the browser has them. It rebuilds an index whenever any of its records changes on this phone (a save here, a sync, the service worker's
 * background sync in another context), before its next answer.
 */
export function librarySearch(db: AsharDb): LibrarySearch {
  let search = searches.get(db);
  if (!search) {
    const backend = typeof Worker === 'undefined' ? inPageSearch(db) : workerSearch(db);
    const listeners = new Set<() => void>();
    const created: LibrarySearch = {
      generation: 0,
      practiceGeneration: 0,
      query: (query) => backend.query(query),
      peers: (request) => backend.peers(request),
      questions: (query) => backend.questions(query),
      refresh: () => backend.refresh(),
      refreshPractice: () => backend.refreshPractice(),
      subscribe: (listener) => {
        listeners.add(listener);
        return () => listeners.delete(listener);
      },
    };
    const mutable = created as { generation: number; practiceGeneration: number };
    const watch = (read: () => Promise<unknown>, changed: () => void) =>
      afterEachChange(read, () => {
        // The rebuild is asked for first: messages to the worker keep their order, so every
        // question asked after this gets an answer from the new index.
        changed();
        for (const listener of listeners) listener();
      });
    watch(
      () => db.caseStudies.count(),
      () => {
        backend.refresh();
        mutable.generation += 1;
      },
    );
    watch(
      () => Promise.all([db.questions.count(), db.answers.count()]),
      () => {
        backend.refreshPractice();
        mutable.practiceGeneration += 1;
      },
    );
    search = created;
    searches.set(db, search);
  }
  return search;
}
