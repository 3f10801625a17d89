import { GetObjectCommand, HeadObjectCommand, PutObjectCommand, S3Client, S3ServiceException } from '@aws-sdk/client-s3';
import { Readable } from 'node:stream';
import { checkHash, fileKey, type FileStore, type OpenedFile, type S3Settings } from './file-store';

// Loaded only when ASHAR_S3_BUCKET is set (open-file-store.ts): this module is the only one that
// imports the AWS SDK.

/** What S3 says of a key with nothing under it: 'NotFound' to a HEAD (no body to name it), 'NoSuchKey' to a GET. */
const isMissing = (error: unknown) => error instanceof S3ServiceException && (error.name === 'NotFound' || error.name === 'NoSuchKey');

/**
 * The store on an S3-compatible bucket, checked once at start: a bucket that cannot be used (a wrong
 * address, name, key or right) stops the server at start rather than failing every upload later.
 */
export async function openS3FileStore(settings: S3Settings): Promise<FileStore> {
  const client = new S3Client({
    region: settings.region,
    forcePathStyle: settings.pathStyle,
    // A server that does not answer fails the request (and the SDK's retries) instead of holding it.
    requestHandler: { connectionTimeout: 5000 },
    ...(settings.endpoint ? { endpoint: settings.endpoint } : {}),
    ...(settings.credentials ? { credentials: settings.credentials } : {}),
  });
  const store = s3FileStore(client, settings);
  try {
    // A file no one stores (no content hashes to all zeros): the answer must be "no such file",
    // which also tells that these credentials may list the bucket. Without that right S3 answers
    // 403 for a missing file, and the server would fail where it must say 404.
    await store.open(NEVER_STORED, { upTo: 1 }).then((file) => file?.stream.destroy());
  } catch (error) {
    client.destroy();
    const where = settings.endpoint ? ` at ${settings.endpoint}` : ` in ${settings.region}`;
    throw new Error(`The S3 bucket "${settings.bucket}"${where} cannot be used: ${whatWentWrong(error)}.`, { cause: error });
  }
  return store;
}

const NEVER_STORED = '0'.repeat(64);

/** One line: S3's answer (a HEAD's has no text, only its status), or why no answer came. */
function whatWentWrong(error: unknown): string {
  if (error instanceof S3ServiceException) return `${error.name} (HTTP ${error.$metadata.httpStatusCode ?? '?'})`;
  const text = error instanceof Error ? error.message || (error as NodeJS.ErrnoException).code || error.name : String(error);
  return text.replace(/\s+/g, ' ');
}

function s3FileStore(client: S3Client, settings: S3Settings): FileStore {
  const Bucket = settings.bucket;
  const keyOf = (hash: string) => {
    checkHash(hash);
    return settings.prefix + fileKey(hash);
  };

  // A first-bytes read of an empty object is refused (416); the server stores no empty file (an
  // upload must start with its type's signature), so it never asks for one.
  const get = async (hash: string, upTo: number | undefined): Promise<OpenedFile | null> => {
    try {
      const response = await client.send(new GetObjectCommand({ Bucket, Key: keyOf(hash), ...(upTo === undefined ? {} : { Range: `bytes=0-${upTo - 1}` }) }));
      if (!(response.Body instanceof Readable)) throw new Error('The S3 client gave no Node stream for a file.');
      // A part's answer names the whole size after the slash: "bytes 0-15/52311".
      const size = upTo === undefined ? response.ContentLength : Number(response.ContentRange?.split('/')[1]);
      if (size === undefined || !Number.isInteger(size)) {
        response.Body.destroy();
        throw new Error(`S3 gave no size for the file ${hash}.`);
      }
      return { size, stream: response.Body };
    } catch (error) {
      if (isMissing(error)) return null;
      throw error;
    }
  };

  return {
    async size(hash) {
      try {
        const head = await client.send(new HeadObjectCommand({ Bucket, Key: keyOf(hash) }));
        return head.ContentLength ?? null;
      } catch (error) {
        if (isMissing(error)) return null;
        throw error;
      }
    },

    // One PUT stores an object whole or not at all; two PUTs of the same key at once both succeed and
    // one of them, the same bytes, stays. The SHA-256 is sent along: S3 refuses bytes that do not match.
    async put(hash, bytes) {
      await client.send(
        new PutObjectCommand({
          Bucket,
          Key: keyOf(hash),
          Body: bytes,
          ContentLength: bytes.length,
          ChecksumSHA256: Buffer.from(hash, 'hex').toString('base64'),
        }),
      );
    },

    open: (hash, options = {}) => get(hash, options.upTo),
  };
}
