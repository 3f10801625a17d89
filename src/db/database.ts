import { Dexie, type Table, type Transaction } from 'dexie';
import type { FieldConflict } from '../core/protocol';
import type {
  AdminUnit,
  Answer,
  Application,
  Asset,
  AttachmentType,
  CaseStudy,
  Collection,
  Community,
  Follow,
  FollowUpAction,
  Mark,
  Participant,
  Plan,
  Question,
  Round,
  Task,
  Team,
  Workshop,
} from '../core/model';

/**
 * A synced record as kept on the phone: the record's own fields, plus the clock stamp of the last
 * write of each field (`_v`, what the per-field merge compares) and a tombstone flag, because a
 * delete must travel to other devices and win over older edits there.
 */
export type LocalDoc<T> = T & {
  _v: Record<string, string>;
  /** 1 once deleted. A number, not a boolean, so it can be indexed. */
  _deleted: 0 | 1;
  /**
   * The stamps of the server's state this phone last received. A change carries them as its `base`:
   * the server tells a value written over one its writer had seen from one written at the same time.
   */
  _sv?: Record<string, string>;
  /** Values written at the same time as the ones shown, kept by the server (conflicts). */
  _c?: Record<string, FieldConflict>;
};

/** One local change waiting to be sent, in the exact shape of a change in the sync protocol. */
export interface OutboxEntry {
  seq?: number;
  changeId: string;
  collection: Collection;
  docId: string;
  hlc: string;
  set?: Record<string, unknown>;
  deleted?: true;
  queuedAt: string;
  /** Set when the server refused the change: it stays here, shown as "needs attention", never dropped. */
  rejected?: { code: string; message: string };
  /**
   * The user signed in when the change was made ('' for none). On a shared phone a person's work is
   * sent only while they are signed in, never as someone else; work made signed out goes with the
   * next person to sign in (they were holding the phone).
   */
  author?: string;
  /** The base stamps of the fields it sets (see LocalDoc._sv). */
  base?: Record<string, string>;
  /**
   * Sent again after the server was restored from an older copy: what the phone held, with its own
   * stamps. If the server refuses it (a record of another community), nothing is lost: it is dropped.
   */
  recovery?: true;
  /**
   * A change sent again after a restore that builds on a record not back on the server yet: the
   * code it was refused with. Tried once at each sync (see RECOVERY_WAITS_FOR).
   */
  waiting?: string;
}

/**
 * A file kept on the phone: a photo taken here (already shrunk) waiting to be uploaded or already
 * sent, or a full image fetched on demand for a record that came from another device.
 */
export interface PhotoRecord {
  id: string;
  collection: Collection;
  docId: string;
  /** SHA-256 of the stored bytes, hex; the blob's address on the server. */
  hash: string;
  mime: AttachmentType;
  blob: Blob;
  size: number;
  width?: number;
  height?: number;
  createdAt: string;
  /** 1 once the server has it (or it came from the server). */
  uploaded: 0 | 1;
  /** Why the last upload failed, as a translation key of the "sync" namespace, and when. */
  uploadProblem?: string;
  lastTriedAt?: string;
  attempts?: number;
}

/** A map layer kept on the phone, imported from a file. */
export interface MapLayer {
  id: string;
  name: string;
  /** A GeoJSON overlay (data: the FeatureCollection) or a PMTiles archive of raster tiles (data: the Blob). */
  kind: 'geojson' | 'pmtiles';
  data: unknown;
  /** Shapes in a GeoJSON layer; tiles in a PMTiles one. */
  featureCount: number;
  addedAt: string;
  visible: boolean;
  tiles?: { minZoom: number; maxZoom: number; bounds: [number, number, number, number]; tileType: number };
}

/** What a form holds before it is saved, so nothing typed is lost to a reload or a closed tab. */
export interface FormDraft {
  key: string;
  values: Record<string, unknown>;
  updatedAt: string;
}

/**
 * A person's work put aside when they signed out of a shared phone: a record with their unsent
 * changes, or a form they had not saved. The next person cannot see it; it comes back when its
 * author signs in again (src/sync/shared-phone.ts).
 */
export interface ParkedWork {
  /** `doc/<collection>/<id>` or `draft/<form key>`. */
  key: string;
  author: string;
  collection?: Collection;
  row: Record<string, unknown>;
}

export interface MetaEntry {
  key: string;
  value: unknown;
}

export const DATABASE_NAME = 'ashar';

/**
 * Every schema version, oldest first. Never edit a shipped version: add a new one with an upgrade
 * function, and a test that opens a database written by the version before it.
 */
export const SCHEMA_VERSIONS: { version: number; stores: Record<string, string>; upgrade?: (tx: Transaction) => Promise<void> }[] = [
  {
    version: 1,
    stores: {
      assets: 'id, communityId, category, updatedAt',
      caseStudies: 'id, communityId, status, updatedAt',
      workshops: 'id, communityId, startDate, updatedAt',
      adminUnits: 'code, level, parentCode',
      communities: 'id, rayonCode, code',
      photos: 'id, docId, hash, uploaded',
      outbox: '++seq, &changeId, docId',
      drafts: 'key',
      meta: 'key',
    },
  },
  {
    // Case studies get their translations, communities record that they applied one, and photos
    // are looked up by the file they hold.
    version: 2,
    stores: {
      caseStudies: 'id, communityId, status, updatedAt, translationOf',
      applications: 'id, communityId, caseStudyId, updatedAt',
      photos: 'id, docId, hash, uploaded',
    },
  },
  {
    // Map layers a coordinator imported (GeoJSON overlays such as community boundaries).
    version: 3,
    stores: {
      mapLayers: 'id',
    },
  },
  {
    // The newest assets of a community straight from an index: the list paints before the rest loads.
    version: 4,
    stores: {
      assets: 'id, communityId, category, updatedAt, [communityId+updatedAt]',
    },
  },
  {
    // Participants and follow-up actions of events, each a record of its own so additions from
    // two devices merge instead of overwriting each other.
    version: 5,
    stores: {
      participants: 'id, workshopId, communityId',
      actions: 'id, workshopId, communityId, status, dueDate',
    },
  },
  {
    // Unsent changes carry their author (a shared phone sends each person's work only as them), a
    // pull from the start notes each record it brings, to remove at its end what it did not, and
    // records shared with a community are found by it.
    version: 6,
    stores: {
      assets: 'id, communityId, category, updatedAt, [communityId+updatedAt], *sharedWith',
      workshops: 'id, communityId, startDate, updatedAt, *sharedWith',
      outbox: '++seq, &changeId, docId, author',
      pulled: 'key',
      parked: 'key, author',
    },
    upgrade: async (tx) => {
      // Changes made before authors were kept belong to whoever is signed in now; with no one
      // signed in, to the next person who signs in.
      const session = (await tx.table('meta').get('session'))?.value as { user?: { id?: string } } | null | undefined;
      const author = session?.user?.id ?? '';
      await tx
        .table('outbox')
        .toCollection()
        .modify((entry: OutboxEntry) => {
          entry.author = author;
        });
      // Phones from before audiences may hold records of communities their person has since left:
      // one pull from the start leaves them holding exactly what the person may read.
      await tx.table('meta').put({ key: 'syncCursor', value: null });
    },
  },
  {
    // Circles of practice: questions by circle and newest first, answers and helpful marks by
    // their question, and what the person follows.
    version: 7,
    stores: {
      questions: 'id, circle, communityId, createdAt, updatedAt',
      answers: 'id, questionId, communityId, createdAt',
      marks: 'id, answerId, questionId, communityId',
      follows: 'id, target, communityId',
    },
  },
  {
    // Questions the help desk asked someone to answer are found by that person's id, the
    // questions that link a case study by its id, and case studies by the thread they grew from;
    // a circle's newest questions are read in order.
    version: 8,
    stores: {
      questions: 'id, circle, communityId, createdAt, updatedAt, *askedOf, *linkedCaseStudyIds, [circle+createdAt]',
      caseStudies: 'id, communityId, status, updatedAt, translationOf, fromQuestionId',
    },
  },
  {
    // Learning teams: what is written in a team is found by the team, and so are its events and
    // the case studies written from its work.
    version: 9,
    stores: {
      teams: 'id, communityId, updatedAt',
      plans: 'id, teamId, communityId',
      rounds: 'id, teamId, communityId',
      tasks: 'id, teamId, communityId, dueDate',
      workshops: 'id, communityId, startDate, updatedAt, *sharedWith, teamId',
      caseStudies: 'id, communityId, status, updatedAt, translationOf, fromQuestionId, teamId',
    },
  },
];

/**
 * The versions the app declares to Dexie: each one with an upgrade function, with the whole schema
 * as of it, and the newest. Dexie reads the schema a phone has installed and changes it into the
 * next declared one (creating tables, adding and removing indexes), so the versions in between need
 * no declaring. Each declaration is parsed again with every one after it at each start: the nine of
 * SCHEMA_VERSIONS took 50 ms of a start at 4× CPU, the two of these a few.
 */
export function declaredVersions(history: typeof SCHEMA_VERSIONS): typeof SCHEMA_VERSIONS {
  const schema: Record<string, string> = {};
  return history.flatMap((entry, index) => {
    Object.assign(schema, entry.stores);
    return entry.upgrade || index === history.length - 1 ? [{ ...entry, stores: { ...schema } }] : [];
  });
}
const DECLARED_VERSIONS = declaredVersions(SCHEMA_VERSIONS);

export class AsharDb extends Dexie {
  assets!: Table<LocalDoc<Asset>, string>;
  caseStudies!: Table<LocalDoc<CaseStudy>, string>;
  workshops!: Table<LocalDoc<Workshop>, string>;
  applications!: Table<LocalDoc<Application>, string>;
  participants!: Table<LocalDoc<Participant>, string>;
  actions!: Table<LocalDoc<FollowUpAction>, string>;
  questions!: Table<LocalDoc<Question>, string>;
  answers!: Table<LocalDoc<Answer>, string>;
  marks!: Table<LocalDoc<Mark>, string>;
  follows!: Table<LocalDoc<Follow>, string>;
  teams!: Table<LocalDoc<Team>, string>;
  plans!: Table<LocalDoc<Plan>, string>;
  rounds!: Table<LocalDoc<Round>, string>;
  tasks!: Table<LocalDoc<Task>, string>;
  adminUnits!: Table<AdminUnit, string>;
  communities!: Table<Community, string>;
  photos!: Table<PhotoRecord, string>;
  outbox!: Table<OutboxEntry, number>;
  drafts!: Table<FormDraft, string>;
  mapLayers!: Table<MapLayer, string>;
  meta!: Table<MetaEntry, string>;
  /** `collection/docId` of each record a pull from the start has brought so far. */
  pulled!: Table<{ key: string }, string>;
  parked!: Table<ParkedWork, string>;

  /**
   * The phone's own clock, as clock stamps and the sync engine read it. The app never changes it;
   * tests give a phone a wrong date through it (a year fast, 1970) without touching the others.
   */
  wallClock: () => number = () => Date.now();

  constructor(name: string = DATABASE_NAME) {
    super(name);
    for (const { version, stores, upgrade } of DECLARED_VERSIONS) {
      const declared = this.version(version).stores(stores);
      if (upgrade) declared.upgrade(upgrade);
    }
  }

  /** Every table of synced records, for transactions that may touch any of them. */
  get docTables(): Table[] {
    return [
      this.assets,
      this.caseStudies,
      this.workshops,
      this.applications,
      this.participants,
      this.actions,
      this.questions,
      this.answers,
      this.marks,
      this.follows,
      this.teams,
      this.plans,
      this.rounds,
      this.tasks,
    ];
  }

  docs(
    collection: Collection,
  ): Table<
    LocalDoc<Asset | CaseStudy | Workshop | Application | Participant | FollowUpAction | Question | Answer | Mark | Follow | Team | Plan | Round | Task>,
    string
  > {
    return this.table(collection);
  }
}
