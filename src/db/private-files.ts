// Files the app keeps for itself outside IndexedDB, in the origin-private file system: a browser
// that finds its IndexedDB damaged deletes all of it (see safety-copy.ts), and these stay.

/** A flat folder of files, by name. The app's is in the origin-private file system; tests give their own. */
export interface FileShelf {
  names(): Promise<string[]>;
  /** The file, or null when there is none. */
  read(name: string): Promise<Blob | null>;
  /** Replaces the file whole: a write cut short leaves the one before. */
  write(name: string, content: Blob): Promise<void>;
  remove(name: string): Promise<void>;
}

const FOLDER = 'ashar-safety-copy';

/** The safety copy's records (safety-copy.ts): its presence says there is work to bring back. */
export const SAFETY_COPY_RECORDS = 'records.json';

/** The app's shelf, or null where the browser has no private file system it can write. */
export async function privateShelf(): Promise<FileShelf | null> {
  let folder: FileSystemDirectoryHandle;
  try {
    if (typeof navigator === 'undefined' || !navigator.storage?.getDirectory) return null;
    folder = await (await navigator.storage.getDirectory()).getDirectoryHandle(FOLDER, { create: true });
  } catch {
    return null;
  }
  if (!('createWritable' in FileSystemFileHandle.prototype)) return null;
  return {
    async names() {
      const names: string[] = [];
      // The folder's entries as an async iterator (not in TypeScript's DOM types yet).
      for await (const name of (folder as unknown as { keys(): AsyncIterable<string> }).keys()) names.push(name);
      return names;
    },
    async read(name) {
      try {
        return await (await folder.getFileHandle(name)).getFile();
      } catch (error) {
        if (error instanceof DOMException && error.name === 'NotFoundError') return null;
        throw error;
      }
    },
    async write(name, content) {
      // Written to a copy beside the file and swapped in on close (the browser's rule).
      const writable = await (await folder.getFileHandle(name, { create: true })).createWritable();
      try {
        await writable.write(content);
        await writable.close();
      } catch (error) {
        await writable.abort().catch(() => undefined);
        throw error;
      }
    },
    async remove(name) {
      await folder.removeEntry(name).catch((error: unknown) => {
        if (!(error instanceof DOMException && error.name === 'NotFoundError')) throw error;
      });
    },
  };
}
