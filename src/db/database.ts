import { Dexie, type Table } from 'dexie';
import type { AdminUnit, Application, Asset, AttachmentType, CaseStudy, Collection, Community, FollowUpAction, Participant, Workshop } from '../core/model';

/**
 * A synced record as kept on the phone: the record's own fields, plus the clock stamp of the last
 * write of each field (`_v`, what the per-field merge compares) and a tombstone flag, because a
 * delete must travel to other devices and win over older edits there.
 */
export type LocalDoc<T> = T & {
  _v: Record<string, string>;
  /** 1 once deleted. A number, not a boolean, so it can be indexed. */
  _deleted: 0 | 1;
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

export interface MetaEntry {
  key: string;
  value: unknown;
}

export const DATABASE_NAME = 'ashar';

/**
 * Every schema version, oldest first. Never edit a shipped version: add a new one with an upgrade
 * function, and a test that opens a database written by the version before it.
 */
export const SCHEMA_VERSIONS: { version: number; stores: Record<string, string> }[] = [
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
];

export class AsharDb extends Dexie {
  assets!: Table<LocalDoc<Asset>, string>;
  caseStudies!: Table<LocalDoc<CaseStudy>, string>;
  workshops!: Table<LocalDoc<Workshop>, string>;
  applications!: Table<LocalDoc<Application>, string>;
  participants!: Table<LocalDoc<Participant>, string>;
  actions!: Table<LocalDoc<FollowUpAction>, string>;
  adminUnits!: Table<AdminUnit, string>;
  communities!: Table<Community, string>;
  photos!: Table<PhotoRecord, string>;
  outbox!: Table<OutboxEntry, number>;
  drafts!: Table<FormDraft, string>;
  mapLayers!: Table<MapLayer, string>;
  meta!: Table<MetaEntry, string>;

  /**
   * The phone's own clock, as clock stamps and the sync engine read it. The app never changes it;
   * tests give a phone a wrong date through it (a year fast, 1970) without touching the others.
   */
  wallClock: () => number = () => Date.now();

  constructor(name: string = DATABASE_NAME) {
    super(name);
    for (const { version, stores } of SCHEMA_VERSIONS) this.version(version).stores(stores);
  }

  /** Every table of synced records, for transactions that may touch any of them. */
  get docTables(): Table[] {
    return [this.assets, this.caseStudies, this.workshops, this.applications, this.participants, this.actions];
  }

  docs(collection: Collection): Table<LocalDoc<Asset | CaseStudy | Workshop | Application | Participant | FollowUpAction>, string> {
    return this.table(collection);
  }
}
