import { randomBytes } from 'node:crypto';
import { mkdir, open, rename, rm, stat, type FileHandle } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { checkHash, fileKey, type FileStore } from './file-store';

const isMissing = (error: unknown) => (error as NodeJS.ErrnoException).code === 'ENOENT';

/**
 * Files in a directory (`<directory>/<ab>/<abcdef…>`, the layout Ashar always had), which any number
 * of server processes on this host, or on hosts sharing the directory over a network mount, may use
 * at once: a file is written under a name no one else can hold, then renamed into place in one step.
 */
export function localFileStore(directory: string): FileStore {
  const pathOf = (hash: string) => {
    checkHash(hash);
    return join(directory, fileKey(hash));
  };
  return {
    async size(hash) {
      try {
        return (await stat(pathOf(hash))).size;
      } catch (error) {
        if (isMissing(error)) return null;
        throw error;
      }
    },

    async put(hash, bytes) {
      const target = pathOf(hash);
      const folder = dirname(target);
      await mkdir(folder, { recursive: true });
      // This process's id and random bytes: no other process, host or request writing the same
      // hash at the same moment picks this name, and 'wx' fails rather than share it if one did.
      const temporary = `${target}.${process.pid}.${randomBytes(8).toString('hex')}.part`;
      try {
        const handle = await open(temporary, 'wx');
        try {
          await handle.writeFile(bytes);
          // On disk before it has its name: after a power cut the name never stands for an empty file.
          await handle.sync();
        } finally {
          await handle.close();
        }
        // Atomic: readers find no file or the whole one. A second writer of the same hash replaces
        // it with the same bytes; a reader that opened the first keeps reading it, whole.
        await rename(temporary, target);
      } catch (error) {
        await rm(temporary, { force: true });
        throw error;
      }
      await syncFolder(folder);
    },

    async open(hash, options = {}) {
      let handle: FileHandle;
      try {
        handle = await open(pathOf(hash), 'r');
      } catch (error) {
        if (isMissing(error)) return null;
        throw error;
      }
      try {
        // Size and bytes of the one file opened, even if it is replaced meanwhile.
        const { size } = await handle.stat();
        const range = options.upTo === undefined ? {} : { start: 0, end: Math.max(0, options.upTo - 1) };
        // The stream closes the file when it ends or is destroyed.
        return { size, stream: handle.createReadStream(range) };
      } catch (error) {
        await handle.close();
        throw error;
      }
    },
  };
}

/** Makes the new name itself survive a power cut, once the server has answered that the file is stored. */
async function syncFolder(folder: string): Promise<void> {
  const handle = await open(folder, 'r');
  try {
    await handle.sync();
  } catch (error) {
    // Some file systems (a few network mounts) cannot sync a folder; the rename is still atomic there.
    if ((error as NodeJS.ErrnoException).code !== 'EINVAL') throw error;
  } finally {
    await handle.close();
  }
}
