import type { FileStore, FileStoreSettings } from './file-store';
import { localFileStore } from './local-file-store';

/**
 * The store the settings name. The S3 one is imported only here, when chosen: a server on a local
 * directory never loads the AWS SDK.
 */
export async function openFileStore(settings: FileStoreSettings): Promise<FileStore> {
  if (settings.kind === 'local') return localFileStore(settings.directory);
  const { openS3FileStore } = await import('./s3-file-store');
  return openS3FileStore(settings);
}
