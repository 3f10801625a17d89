import type { CaseSummary, LibraryAnswer, LibraryQuery, PeersQuery } from './library-index';
import type { PracticeAnswer, PracticeQuery } from './practice-index';

export type PeersRequest = PeersQuery;

export type WorkerRequest =
  | { id: number; type: 'init'; dbName: string }
  | { id: number; type: 'refresh' }
  | { id: number; type: 'refreshPractice' }
  | { id: number; type: 'questions'; query: PracticeQuery }
  | { id: number; type: 'query'; query: LibraryQuery }
  | { id: number; type: 'peers'; request: PeersRequest };

export type WorkerResponse =
  | { id: number; type: 'done'; size: number; buildMs: number }
  | { id: number; type: 'answer'; answer: LibraryAnswer }
  | { id: number; type: 'peers'; items: CaseSummary[] }
  | { id: number; type: 'questions'; answer: PracticeAnswer }
  | { id: number; type: 'error'; message: string };
