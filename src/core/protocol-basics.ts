import type { Collection } from './model';

// The sync protocol's constants and small rules, apart from its schemas (protocol.ts, which
// re-exports these): what the app's start needs of the protocol, without building every field's
// schema (valibot) at each start.

export const API_PREFIX = '/api/v1';
export const MAX_CHANGES_PER_REQUEST = 1000;
export const MAX_DOCS_PER_RESPONSE = 500;
/**
 * A page of pulled documents stops before this many bytes of JSON (it always carries at least
 * one): long case studies with thumbnails would otherwise make one answer tens of megabytes, all
 * lost when the connection drops halfway.
 */
export const MAX_RESPONSE_DOC_BYTES = 1024 * 1024;
/** A pull cursor carries the reader's audience keys, so it grows with their memberships. */
export const MAX_CURSOR_CHARS = 8192;
/** Uncompressed request bodies larger than this are refused with 413. */
export const MAX_SYNC_BODY_BYTES = 4 * 1024 * 1024;

/** How long a question or answer may be, and how many files it carries. */
export const PRACTICE_LIMITS = { title: 200, text: 10_000, hiddenReason: 500, attachments: 5 } as const;

/** Largest file accepted by PUT /blobs. */
export const MAX_BLOB_BYTES = 10 * 1024 * 1024;
export const MAX_THUMB_CHARS = 16_000;

/** Collections whose records their community's staff may share with named other communities. */
export const SHAREABLE_COLLECTIONS = ['assets', 'workshops'] as const;

/** How big a learning team and its plan may grow. */
export const TEAM_LIMITS = { name: 200, communities: 30, mentors: 10, section: 20_000, activities: 50, budgetLines: 100, rounds: 50, comment: 5000 } as const;

/**
 * Fields only the server writes. A client's value for them is ignored, never trusted: `createdBy`
 * is the signed-in user; the community's name and rayon are copied from the server's own list; a
 * team's `mentorNames` from its users (members of a team may not read other people's accounts).
 */
export const SERVER_OWNED_FIELDS = new Set(['createdBy', 'communityName', 'rayonCode', 'authorName', 'authorPosition', 'mentorNames']);

/**
 * Fields whose losing value is kept when two people write them at the same time (FieldConflict):
 * what a person types or picks. Not dates the app sets, links to other records, places, counts or
 * lists of files, which a person does not compare side by side.
 */
const UNTRACKED_FIELDS = new Set([
  'communityId',
  'createdAt',
  'updatedAt',
  'photos',
  'attachments',
  'sharedWith',
  'tally',
  'location',
  'visitingCommunityIds',
  'linkedCaseStudyIds',
  'translationOf',
  'fromQuestionId',
  'workshopId',
  'caseStudyId',
  'hostCommunityId',
  'fromCommunityId',
  'ownerCommunityId',
  'questionId',
  'answerId',
  'acceptedAnswerId',
  'askedOf',
  'hiddenReason',
  'target',
  'following',
  'helpful',
  'circle',
  'teamId',
  'memberCommunityIds',
  'mentorIds',
  'number',
  'activityId',
  'activities',
  'budget',
]);

export function tracksConflicts(field: string): boolean {
  return !UNTRACKED_FIELDS.has(field) && !SERVER_OWNED_FIELDS.has(field);
}

/** Collections that carry a copy of their community's name (and, for case studies, its rayon). */
export const PLACED_COLLECTIONS: Partial<Record<Collection, readonly string[]>> = {
  caseStudies: ['communityName', 'rayonCode'],
  applications: ['communityName'],
  // A post says who wrote it, from where and in what position: peers weigh an answer by it.
  questions: ['communityName', 'authorName', 'authorPosition'],
  answers: ['communityName', 'authorName', 'authorPosition'],
};

/** The leading digits of a cursor: how far the server's history went when it was made. */
export function cursorHorizon(cursor: string | null | undefined): number {
  const match = cursor ? /^\d+/.exec(cursor) : null;
  return match ? Number(match[0]) : 0;
}

/** Dates a record carries are refused before this, and more than this far ahead of the server. */
export const EARLIEST_DATE = '2000-01-01T00:00:00.000Z';
export const MAX_DATE_AHEAD_MS = 2 * 366 * 24 * 3600 * 1000;
/**
 * No record was made before Ashar was: a clock stamp or a date before this comes from a phone whose
 * clock was reset (to 1970, say), and the server replaces it with its own time.
 */
export const BELIEVABLE_SINCE_MS = Date.UTC(2024, 0, 1);
