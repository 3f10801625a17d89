/// <reference lib="webworker" />
import { AsharDb } from '../db/database';
import { IndexHost } from './index-host';
import type { WorkerRequest, WorkerResponse } from './protocol';

// The search indexes (the library's, the circles') live on its own thread: building it for thousands of case studies
// never freezes the screen, and each keystroke is one small message each way.
declare const self: DedicatedWorkerGlobalScope;

let host: IndexHost | null = null;

self.onmessage = async (event: MessageEvent<WorkerRequest>) => {
  const message = event.data;
  const reply = (response: WorkerResponse) => self.postMessage(response);
  try {
    if (message.type === 'init') {
      // Built on the first question, not now: the screen reads its first page from the database
      // first, and a big read here would queue in front of it.
      host = new IndexHost(new AsharDb(message.dbName));
      reply({ id: message.id, type: 'done', size: 0, buildMs: 0 });
      return;
    }
    if (!host) throw new Error('search worker used before init');
    if (message.type === 'refresh') {
      host.markStale();
      const size = await host.ready();
      reply({ id: message.id, type: 'done', size, buildMs: host.lastBuildMs });
    } else if (message.type === 'query') {
      const wasBuilt = host.lastBuildMs;
      const answer = await host.query(message.query);
      if (host.lastBuildMs !== wasBuilt) reply({ id: -1, type: 'done', size: answer.total, buildMs: host.lastBuildMs });
      reply({ id: message.id, type: 'answer', answer });
    } else if (message.type === 'refreshPractice') {
      // Rebuilt at the next question about questions, not now: most screens never ask.
      host.markPracticeStale();
      reply({ id: message.id, type: 'done', size: 0, buildMs: 0 });
    } else if (message.type === 'questions') {
      reply({ id: message.id, type: 'questions', answer: await host.questions(message.query) });
    } else {
      reply({ id: message.id, type: 'peers', items: await host.peers(message.request) });
    }
  } catch (error) {
    reply({ id: message.id, type: 'error', message: error instanceof Error ? error.message : String(error) });
  }
};
