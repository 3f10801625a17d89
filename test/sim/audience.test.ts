// @vitest-environment node
import type { FastifyInstance } from 'fastify';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../server/app';
import { readerKeys } from '../../server/audience';
import { hashPassword } from '../../server/auth';
import type { Storage } from '../../server/storage/types';
import { backupTestDatabase, openTestStorage, restoreTestDatabase } from '../server/test-storage';
import { expectPhonesMatchServer, Phone, signIn, type SimWorld } from './audience-phone';
import { seededRandom, simSeed } from './seeded-random';

// Who may read what changes while phones are offline: a volunteer moves between communities, staff
// share records with the neighbour community and take them back, and midway the server's database
// is restored from an older copy. Requests and answers are lost, repeated and reordered. Once
// everyone is back online, every phone holds exactly the documents its person may read, each equal
// to the server's. The seed is fixed so a failure can be replayed; SIM_SEED explores others
// (`npm run sim:soak`).

const SEED = simSeed(20261205);
const { random, pick, id: seededId } = seededRandom(SEED);

let workDir: string;
let storage: Storage;
let app: FastifyInstance;
let now = Date.UTC(2026, 11, 1);

const world: SimWorld = { app: () => app, now: () => now, random };

async function startServer() {
  storage = await openTestStorage(workDir);
  app = await buildApp({ storage, blobDir: join(workDir, 'blobs'), version: 'sim', now: () => now });
}

beforeAll(() => {
  workDir = mkdtempSync(join(tmpdir(), 'ashar-sim-audience-'));
});
afterAll(async () => {
  await app.close();
  await storage.close();
  rmSync(workDir, { recursive: true, force: true });
});

describe(`audiences converge (SIM_SEED=${SEED})`, () => {
  it('leaves every phone holding exactly what its person may read, equal to the server, through membership changes, sharing and a restore', async () => {
    await startServer();
    const [a, b] = [seededId(), seededId()];
    for (const [id, name] of [
      [a, 'Ак-Сай'],
      [b, 'Кара-Бак'],
    ] as const)
      await storage.createCommunity({ id, name: { ky: name, ru: '', en: '' }, rayonId: null, code: null, createdAt: new Date(now).toISOString() });
    const users = { 'staff-a': ['staff', [a]], 'staff-b': ['staff', [b]], volunteer: ['volunteer', [a]], coordinator: ['coordinator', []] } as const;
    const ids: Record<string, string> = {};
    for (const [username, [role, communityIds]] of Object.entries(users)) {
      ids[username] = seededId();
      await storage.createUser(
        {
          id: ids[username]!,
          username,
          displayName: username,
          role,
          communityIds: [...communityIds],
          disabled: false,
          passwordHash: await hashPassword('simulation'),
        },
        new Date(now).toISOString(),
      );
    }
    const phones = Object.keys(users).map((username) => new Phone(world, username, username));
    await signIn(app, phones);
    const [staffA, staffB, volunteer, coordinator] = phones as [Phone, Phone, Phone, Phone];
    const docsOf = { [a]: Array.from({ length: 5 }, seededId), [b]: Array.from({ length: 5 }, seededId) };
    for (const [community, writer] of [
      [a, staffA],
      [b, staffB],
    ] as const) {
      for (const docId of docsOf[community]!)
        writer.write('assets', docId, {
          communityId: community,
          name: `${writer.name} ${docId.slice(0, 4)}`,
          category: 'natural',
          createdAt: new Date(now).toISOString(),
        });
      await writer.syncUntilDone();
    }
    const volunteerCommunities = [[a], [a, b], [b]] as const;
    const restoreAt = 240;
    for (let step = 0; step < 400; step += 1) {
      now += Math.floor(random() * 5000);
      if (step === 120) await backupTestDatabase(workDir, 'copy');
      if (step === restoreAt) {
        await app.close();
        await storage.close();
        await restoreTestDatabase(workDir, 'copy');
        await startServer();
      }
      const roll = random();
      if (roll < 0.05) {
        await storage.updateUser(ids.volunteer!, { communityIds: [...pick(volunteerCommunities)] });
      } else if (roll < 0.12) {
        const docId = pick(docsOf[a]!);
        staffA.write('assets', docId, { sharedWith: random() < 0.5 ? [b] : [] });
      } else if (roll < 0.45) {
        const phone = pick(phones);
        const readable = [...phone.held.values()].filter((doc) => !doc.deleted && doc.collection === 'assets');
        const mine = phone === volunteer ? readable.filter((doc) => doc.fields.createdBy === ids.volunteer) : readable;
        if (phone === volunteer && random() < 0.5) {
          const community = pick(readerKeys((await storage.userById(ids.volunteer!))!).filter((key) => key.startsWith('community:'))).slice(
            'community:'.length,
          );
          phone.write('assets', seededId(), {
            communityId: community,
            name: `v ${Math.floor(random() * 1000)}`,
            category: 'human',
            createdAt: new Date(now).toISOString(),
          });
        } else if (mine.length > 0) {
          phone.write('assets', pick(mine).docId, { description: `${phone.name} ${Math.floor(random() * 1e6)}` });
        }
      } else {
        await pick(phones).flakySync();
      }
    }
    for (const phone of phones) for (const late of phone.inFlight.splice(0)) await phone.send(late, false);
    for (let pass = 0; pass < 2; pass += 1) for (const phone of phones) await phone.syncUntilDone();

    expect(coordinator.held.size).toBeGreaterThan(10);
    await expectPhonesMatchServer(storage, phones);
  }, 120_000);
});
