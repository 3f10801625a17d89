import * as v from 'valibot';
import { isHlc } from './hlc';
import { isUuid } from './ids';
import {
  ACTION_STATUSES,
  APPLICATION_OUTCOMES,
  ASSET_CATEGORIES,
  ATTACHMENT_TYPES,
  ASSET_CONDITIONS,
  CASE_STUDY_STATUSES,
  CIRCLES,
  COLLECTIONS,
  GENDERS,
  LANGUAGES,
  PARTICIPANT_ROLES,
  PLAN_SECTIONS,
  PLAN_TEXT_SECTIONS,
  REPORT_SECTIONS,
  RESOURCE_SOURCES,
  REVIEW_CRITERIA,
  REVIEW_DECISIONS,
  SCORE_MAX,
  TASK_STATUSES,
  commentField,
  scoreField,
  TOPICS,
  WORKSHOP_TYPES,
  type Collection,
} from './model';
import { isFollowTarget } from './practice';
import {
  MAX_BLOB_BYTES,
  MAX_CHANGES_PER_REQUEST,
  MAX_CURSOR_CHARS,
  MAX_THUMB_CHARS,
  PRACTICE_LIMITS,
  SERVER_OWNED_FIELDS,
  TEAM_LIMITS,
} from './protocol-basics';
import { isWellFormedText, textLength } from './text';

// The sync protocol, written once: the app, the server and the tests all import this module. Its
// constants and small rules are in protocol-basics.ts (re-exported here), apart from the schemas.

export * from './protocol-basics';

const text = (max: number, min = 0) =>
  v.pipe(
    v.string(),
    v.check((s) => isWellFormedText(s), 'malformed_text'),
    v.check((s) => textLength(s) >= min, 'required'),
    v.check((s) => textLength(s) <= max, 'too_long'),
  );
const uuid = v.pipe(
  v.string(),
  v.check((s) => isUuid(s), 'not_uuid'),
);
const isoTime = v.pipe(v.string(), v.maxLength(40), v.isoTimestamp('not_time'));
const isoDate = v.pipe(v.string(), v.isoDate('not_date'));
const finite = v.pipe(v.number(), v.finite('not_number'));

export const geoPointSchema = v.strictObject({
  lat: v.pipe(finite, v.minValue(-90, 'out_of_range'), v.maxValue(90, 'out_of_range')),
  lng: v.pipe(finite, v.minValue(-180, 'out_of_range'), v.maxValue(180, 'out_of_range')),
  accuracy: v.optional(v.pipe(finite, v.minValue(0, 'out_of_range'), v.maxValue(1_000_000, 'out_of_range'))),
});

/** YYYY-MM, or empty when not known. */
const yearMonth = v.pipe(v.string(), v.regex(/^(\d{4}-(0[1-9]|1[0-2]))?$/, 'not_month'));

export const attachmentSchema = v.strictObject({
  hash: v.pipe(v.string(), v.regex(/^[0-9a-f]{64}$/, 'not_hash')),
  mime: v.picklist(ATTACHMENT_TYPES, 'not_in_list'),
  size: v.pipe(v.number(), v.integer('not_number'), v.minValue(1, 'out_of_range'), v.maxValue(MAX_BLOB_BYTES, 'out_of_range')),
  name: v.optional(text(200)),
  width: v.optional(v.pipe(v.number(), v.integer('not_number'), v.minValue(1, 'out_of_range'), v.maxValue(20_000, 'out_of_range'))),
  height: v.optional(v.pipe(v.number(), v.integer('not_number'), v.minValue(1, 'out_of_range'), v.maxValue(20_000, 'out_of_range'))),
  thumb: v.optional(
    v.pipe(v.string(), v.maxLength(MAX_THUMB_CHARS, 'too_long'), v.regex(/^data:image\/(webp|jpeg);base64,[A-Za-z0-9+/]+=*$/, 'not_thumbnail')),
  ),
});
const attachments = v.pipe(v.array(attachmentSchema), v.maxLength(20, 'too_many'));

/** Other communities a record is shared with: they read it; writing stays with its own community. */
const sharedWith = v.pipe(v.array(uuid), v.maxLength(50, 'too_many'));

/** A plan's sections, as the plan and each review round's frozen copy hold them. */
const planSections: Record<string, v.GenericSchema> = {
  ...Object.fromEntries(PLAN_TEXT_SECTIONS.map((section) => [section, section === 'title' ? text(300) : text(TEAM_LIMITS.section)])),
  activities: v.pipe(
    v.array(
      v.strictObject({
        id: uuid,
        title: text(300, 1),
        from: v.optional(v.nullable(isoDate)),
        to: v.optional(v.nullable(isoDate)),
        hostCommunityId: v.optional(v.nullable(uuid)),
      }),
    ),
    v.maxLength(TEAM_LIMITS.activities, 'too_many'),
  ),
  budget: v.pipe(
    v.array(
      v.strictObject({
        id: uuid,
        item: text(300, 1),
        amountSom: v.pipe(finite, v.minValue(0, 'out_of_range'), v.maxValue(1e12, 'out_of_range')),
        source: v.picklist(RESOURCE_SOURCES, 'not_in_list'),
      }),
    ),
    v.maxLength(TEAM_LIMITS.budgetLines, 'too_many'),
  ),
};

/** Fields every collection has. `createdBy` is owned by the server and never taken from a client. */
const commonFields = {
  communityId: uuid,
  createdAt: isoTime,
  updatedAt: isoTime,
};

/**
 * Each collection's fields and the schema of each field's value. A change may set any subset;
 * an unknown field is refused.
 */
export const FIELD_SCHEMAS: Record<Collection, Record<string, v.GenericSchema>> = {
  assets: {
    ...commonFields,
    name: text(200, 1),
    category: v.picklist(ASSET_CATEGORIES, 'not_in_list'),
    description: text(5000),
    condition: v.picklist(ASSET_CONDITIONS, 'not_in_list'),
    tags: v.pipe(v.array(text(50, 1)), v.maxLength(30, 'too_many')),
    location: geoPointSchema,
    steward: text(300),
    access: text(2000),
    dispute: text(5000),
    photos: attachments,
    sharedWith,
  },
  caseStudies: {
    ...commonFields,
    title: text(300, 1),
    status: v.picklist(CASE_STUDY_STATUSES, 'not_in_list'),
    topics: v.pipe(v.array(v.picklist(TOPICS, 'not_in_list')), v.maxLength(TOPICS.length, 'too_many')),
    language: v.picklist(LANGUAGES, 'not_in_list'),
    periodFrom: yearMonth,
    periodTo: yearMonth,
    problem: text(20_000),
    actions: text(20_000),
    results: text(20_000),
    worked: text(20_000),
    didNotWork: text(20_000),
    advice: text(20_000),
    resourcesKgs: v.nullable(v.pipe(finite, v.minValue(0, 'out_of_range'), v.maxValue(1e12, 'out_of_range'))),
    resourceSources: v.pipe(v.array(v.picklist(RESOURCE_SOURCES, 'not_in_list')), v.maxLength(RESOURCE_SOURCES.length, 'too_many')),
    resourcesNote: text(2000),
    contactConsent: v.boolean(),
    contactName: text(200),
    contactPhone: v.pipe(text(40), v.regex(/^[0-9+()\- ]*$/, 'not_phone')),
    translationOf: uuid,
    /** The circles' question it grew from (its accepted answer became what was done). */
    fromQuestionId: uuid,
    source: text(500),
    // An example written for learning from a public document (`source`), not a practice a community
    // reported. Only `true` is a value: anyone who may edit the case study may mark it, and nobody
    // can unmark it, so an example never turns into what looks like a real community's report.
    example: v.literal(true, 'not_in_list'),
    attachments,
    teamId: v.nullable(uuid),
  },
  workshops: {
    ...commonFields,
    title: text(300, 1),
    type: v.picklist(WORKSHOP_TYPES, 'not_in_list'),
    startDate: isoDate,
    endDate: v.nullable(isoDate),
    hostCommunityId: v.nullable(uuid),
    visitingCommunityIds: v.pipe(v.array(uuid), v.maxLength(100, 'too_many')),
    facilitators: text(1000),
    agenda: text(20_000),
    notes: text(20_000),
    worked: text(20_000),
    didNotWork: text(20_000),
    questions: text(20_000),
    decisions: text(20_000),
    linkedCaseStudyIds: v.pipe(v.array(uuid), v.maxLength(50, 'too_many')),
    location: v.nullable(geoPointSchema),
    sharedWith,
    tally: v.record(
      v.picklist(PARTICIPANT_ROLES, 'not_in_list'),
      v.record(
        v.picklist(GENDERS, 'not_in_list'),
        v.pipe(v.number(), v.integer('not_number'), v.minValue(0, 'out_of_range'), v.maxValue(100_000, 'out_of_range')),
      ),
    ),
    photos: attachments,
    teamId: v.nullable(uuid),
  },
  participants: {
    ...commonFields,
    workshopId: uuid,
    name: text(200, 1),
    gender: v.nullable(v.picklist(GENDERS, 'not_in_list')),
    role: v.nullable(v.picklist(PARTICIPANT_ROLES, 'not_in_list')),
    fromCommunityId: v.nullable(uuid),
    phone: v.pipe(text(40), v.regex(/^[0-9+()\- ]*$/, 'not_phone')),
    phoneConsent: v.boolean(),
  },
  actions: {
    ...commonFields,
    workshopId: uuid,
    action: text(2000, 1),
    owner: text(300),
    ownerCommunityId: v.nullable(uuid),
    dueDate: v.nullable(isoDate),
    status: v.picklist(ACTION_STATUSES, 'not_in_list'),
  },
  applications: {
    ...commonFields,
    caseStudyId: uuid,
    date: isoDate,
    outcome: v.picklist(APPLICATION_OUTCOMES, 'not_in_list'),
    changes: text(5000),
    notes: text(5000),
  },
  questions: {
    ...commonFields,
    title: text(PRACTICE_LIMITS.title, 1),
    text: text(PRACTICE_LIMITS.text),
    circle: v.picklist(CIRCLES, 'not_in_list'),
    topics: v.pipe(v.array(v.picklist(TOPICS, 'not_in_list')), v.maxLength(TOPICS.length, 'too_many')),
    language: v.picklist(LANGUAGES, 'not_in_list'),
    attachments: v.pipe(v.array(attachmentSchema), v.maxLength(PRACTICE_LIMITS.attachments, 'too_many')),
    linkedCaseStudyIds: v.pipe(v.array(uuid), v.maxLength(20, 'too_many')),
    acceptedAnswerId: v.nullable(uuid),
    askedOf: v.pipe(v.array(uuid), v.maxLength(10, 'too_many')),
    hiddenReason: text(PRACTICE_LIMITS.hiddenReason),
  },
  answers: {
    ...commonFields,
    questionId: uuid,
    text: text(PRACTICE_LIMITS.text, 1),
    attachments: v.pipe(v.array(attachmentSchema), v.maxLength(PRACTICE_LIMITS.attachments, 'too_many')),
    hiddenReason: text(PRACTICE_LIMITS.hiddenReason),
  },
  marks: {
    ...commonFields,
    answerId: uuid,
    questionId: uuid,
    // Taken back by false: a delete is a tombstone no later write undoes, and one may mark again.
    helpful: v.boolean(),
  },
  follows: {
    ...commonFields,
    target: v.pipe(
      v.string(),
      v.maxLength(80),
      v.check((target) => isFollowTarget(target), 'not_in_list'),
    ),
    following: v.boolean(),
  },
  teams: {
    ...commonFields,
    name: text(TEAM_LIMITS.name, 1),
    topics: v.pipe(v.array(v.picklist(TOPICS, 'not_in_list')), v.maxLength(TOPICS.length, 'too_many')),
    memberCommunityIds: v.pipe(v.array(uuid), v.maxLength(TEAM_LIMITS.communities, 'too_many')),
    mentorIds: v.pipe(v.array(uuid), v.maxLength(TEAM_LIMITS.mentors, 'too_many')),
  },
  plans: { ...commonFields, teamId: uuid, ...planSections, ...Object.fromEntries(REPORT_SECTIONS.map((section) => [section, text(TEAM_LIMITS.section)])) },
  rounds: {
    ...commonFields,
    teamId: uuid,
    number: v.pipe(v.number(), v.integer('not_number'), v.minValue(1, 'out_of_range'), v.maxValue(TEAM_LIMITS.rounds, 'out_of_range')),
    ...planSections,
    ...Object.fromEntries(
      REVIEW_CRITERIA.map((criterion) => [
        scoreField(criterion),
        v.nullable(v.pipe(v.number(), v.integer('not_number'), v.minValue(1, 'out_of_range'), v.maxValue(SCORE_MAX, 'out_of_range'))),
      ]),
    ),
    ...Object.fromEntries(PLAN_SECTIONS.map((section) => [commentField(section), text(TEAM_LIMITS.comment)])),
    decision: v.nullable(v.picklist(REVIEW_DECISIONS, 'not_in_list')),
  },
  tasks: {
    ...commonFields,
    teamId: uuid,
    title: text(300, 1),
    owner: text(300),
    ownerCommunityId: v.nullable(uuid),
    dueDate: v.nullable(isoDate),
    status: v.picklist(TASK_STATUSES, 'not_in_list'),
    activityId: v.nullable(uuid),
  },
};

/** Fields a new document must carry in its first change. */
export const REQUIRED_ON_CREATE: Record<Collection, string[]> = {
  assets: ['communityId', 'name', 'category'],
  caseStudies: ['communityId', 'title', 'status'],
  workshops: ['communityId', 'title', 'type', 'startDate'],
  applications: ['communityId', 'caseStudyId', 'date', 'outcome'],
  participants: ['communityId', 'workshopId', 'name'],
  actions: ['communityId', 'workshopId', 'action', 'status'],
  questions: ['communityId', 'title', 'circle', 'language'],
  answers: ['communityId', 'questionId', 'text'],
  marks: ['communityId', 'answerId', 'questionId', 'helpful'],
  follows: ['communityId', 'target', 'following'],
  teams: ['communityId', 'name'],
  plans: ['communityId', 'teamId'],
  rounds: ['communityId', 'teamId', 'number'],
  tasks: ['communityId', 'teamId', 'title', 'status'],
};

export const changeSchema = v.strictObject({
  id: uuid,
  collection: v.picklist(COLLECTIONS, 'unknown_collection'),
  docId: uuid,
  hlc: v.pipe(
    v.string(),
    v.check((s) => isHlc(s), 'bad_clock'),
  ),
  set: v.optional(v.record(v.pipe(v.string(), v.maxLength(64)), v.unknown())),
  deleted: v.optional(v.literal(true)),
  /**
   * Per field, the stamp of the value the phone had from the server when this change was made.
   * A value written over one its writer never saw is a conflict the record's readers are shown.
   */
  base: v.optional(
    v.pipe(
      v.record(
        v.pipe(v.string(), v.maxLength(64)),
        v.pipe(
          v.string(),
          v.check((s) => isHlc(s), 'bad_clock'),
        ),
      ),
      v.check((b) => Object.keys(b).length <= 100, 'too_many'),
    ),
  ),
});
export type Change = v.InferOutput<typeof changeSchema>;

export const syncRequestSchema = v.strictObject({
  clientId: v.pipe(v.string(), v.regex(/^[A-Za-z0-9_-]{8,64}$/, 'bad_client_id')),
  // Opaque, made by the server (digits alone from servers before audiences; still accepted).
  cursor: v.nullable(v.pipe(v.string(), v.maxLength(MAX_CURSOR_CHARS, 'bad_cursor'), v.regex(/^\d{1,15}((\.[A-Za-z0-9_-]+){4,5})?$/, 'bad_cursor'))),
  // Items are checked one by one later, so one bad change is rejected without blocking the rest.
  changes: v.pipe(v.array(v.unknown()), v.maxLength(MAX_CHANGES_PER_REQUEST, 'too_many')),
});
export type SyncRequest = { clientId: string; cursor: string | null; changes: Change[] };

export interface DocState {
  collection: Collection;
  docId: string;
  fields: Record<string, unknown>;
  /** The clock stamp of the write each field's value came from. */
  versions: Record<string, string>;
  deleted: boolean;
  /**
   * The caller may no longer read this document (unshared, unpublished, or the caller left its
   * community): the device removes its copy. `fields` and `versions` are then empty.
   */
  withdrawn?: true;
  /** Fields whose value was written over another one written at the same time, which is kept here. */
  conflicts?: Record<string, FieldConflict>;
}

/**
 * The value a field lost to another written at the same time: the best-stamped write with another
 * value, when the winning write's author had not seen it. `by` and `winnerBy` are display names.
 */
export interface FieldConflict {
  value: unknown;
  hlc: string;
  by: string;
  winnerBy: string;
}

export interface Rejection {
  id: string;
  code: string;
  message: string;
}

export interface SyncResponse {
  acked: string[];
  rejected: Rejection[];
  docs: DocState[];
  cursor: string;
  more: boolean;
  serverTime: string;
  /**
   * The cursor sent is not from the server's present history (its database was restored from an
   * older copy): the phone sends again everything it holds, with its stamps, and pulls from the
   * start with the returned cursor. `docs` is then empty.
   */
  reset?: true;
}

export interface ApiError {
  error: { code: string; message: string; field?: string };
}

/**
 * Checks one change's shape and each field it sets. Returns a rejection code and the field at
 * fault, or null when the change is acceptable (authorisation is checked separately).
 */
export function checkChange(input: unknown): { ok: true; change: Change } | { ok: false; code: string; field?: string } {
  const parsed = v.safeParse(changeSchema, input);
  if (!parsed.success) {
    const issue = parsed.issues[0];
    const field = issue.path?.map((item) => String(item.key)).join('.');
    return { ok: false, code: issue.message.match(/^[a-z_]+$/) ? issue.message : 'bad_change', ...(field ? { field } : {}) };
  }
  const change = parsed.output;
  if (change.deleted === true) {
    if (change.set && Object.keys(change.set).length > 0) return { ok: false, code: 'bad_change', field: 'set' };
    return { ok: true, change };
  }
  if (!change.set || Object.keys(change.set).length === 0) return { ok: false, code: 'empty_change', field: 'set' };
  const schemas = FIELD_SCHEMAS[change.collection];
  for (const [field, value] of Object.entries(change.set)) {
    if (SERVER_OWNED_FIELDS.has(field)) continue;
    const schema = Object.hasOwn(schemas, field) ? schemas[field] : undefined;
    if (!schema) return { ok: false, code: 'unknown_field', field };
    const result = v.safeParse(schema, value);
    if (!result.success) {
      const message = result.issues[0].message;
      return { ok: false, code: /^[a-z_]+$/.test(message) ? message : 'bad_value', field };
    }
  }
  return { ok: true, change };
}
