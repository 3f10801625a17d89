// A writer process of local-file-store-processes.test.ts: stores files into a directory that another
// writer process stores the same and other files into at the same moment.
// Usage: node --import tsx store-files-child.ts <directory> <writer name> <rounds>
import { once } from 'node:events';
import { localFileStore } from '../../server/files/local-file-store';
import { fileOf, ownFiles, sha256, sharedFiles } from './test-files';

const [directory, writer, rounds] = process.argv.slice(2) as [string, string, string];
const store = localFileStore(directory);
const files = [...sharedFiles, ...ownFiles(writer)].map(({ label, size }) => fileOf(label, size));
// Both writers start on the test's word, so that their writes overlap.
process.stdout.write('ready\n');
await once(process.stdin, 'data');
for (let round = 0; round < Number(rounds); round += 1) {
  // All at once within this process too: several requests of one server storing at the same time.
  await Promise.all(files.map((bytes) => store.put(sha256(bytes), bytes)));
}
process.stdout.write('done\n');
process.exit(0);
