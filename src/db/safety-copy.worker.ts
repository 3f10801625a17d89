/// <reference lib="webworker" />
import { AsharDb } from './database';
import { privateShelf } from './private-files';
import { writeSafetyCopy } from './safety-copy';
import type { SafetyCopyReply, SafetyCopyRequest } from './safety-writer';

// Writes the safety copy (safety-copy.ts) on a thread of its own: reading every unsent record and
// turning them into one file takes a phone with a thousand of them a few hundred milliseconds,
// which would otherwise freeze the screen right after each save.
declare const self: DedicatedWorkerGlobalScope;

let db: AsharDb | null = null;

self.onmessage = async (event: MessageEvent<SafetyCopyRequest>) => {
  const reply = (message: SafetyCopyReply) => self.postMessage(message);
  try {
    db ??= new AsharDb(event.data.dbName);
    const shelf = await privateShelf();
    if (!shelf) throw new Error('no private file system here');
    reply({ ok: true, outcome: await writeSafetyCopy(db, shelf, event.data.appVersion) });
  } catch (error) {
    reply({ ok: false, message: error instanceof Error ? `${error.name}: ${error.message}` : String(error) });
  }
};
