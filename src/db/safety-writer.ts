import type { AsharDb } from './database';
import type { FileShelf } from './private-files';

export interface SafetyCopyRequest {
  dbName: string;
  appVersion: string;
}

export type SafetyCopyReply = { ok: true; outcome: 'written' | 'cleared' } | { ok: false; message: string };

/**
 * The way the app writes its safety copy: in a worker (safety-copy.worker.ts), so the page's
 * thread stays free; on the page's thread where there are no workers or the worker fails.
 */
export function safetyCopyWriter(db: AsharDb, shelf: FileShelf, appVersion: string): () => Promise<unknown> {
  const onPage = () => import('./safety-copy').then(({ writeSafetyCopy }) => writeSafetyCopy(db, shelf, appVersion));
  if (typeof Worker === 'undefined') return onPage;
  let worker: Worker | null = null;
  return () =>
    new Promise<unknown>((resolve, reject) => {
      worker ??= new Worker(new URL('./safety-copy.worker.ts', import.meta.url), { type: 'module' });
      const failed = () => {
        // A worker that cannot start (its code not on the phone yet) is started again next time.
        worker?.terminate();
        worker = null;
        onPage().then(resolve, reject);
      };
      worker.onmessage = (event: MessageEvent<SafetyCopyReply>) => {
        if (event.data.ok) resolve(event.data.outcome);
        else reject(new Error(event.data.message));
      };
      worker.onerror = failed;
      worker.postMessage({ dbName: db.name, appVersion } satisfies SafetyCopyRequest);
    });
}
