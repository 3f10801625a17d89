import * as v from 'valibot';
import {
  ACTION_STATUSES,
  APPLICATION_OUTCOMES,
  ASSET_CATEGORIES,
  ASSET_CONDITIONS,
  CIRCLES,
  CASE_STUDY_TEXTS,
  GENDERS,
  LANGUAGES,
  PARTICIPANT_ROLES,
  RESOURCE_SOURCES,
  TOPICS,
  WORKSHOP_TEXTS,
  WORKSHOP_TYPES,
} from './model';
import { PRACTICE_LIMITS } from './protocol';

// Messages are translation keys (namespace "errors"), so the form and the server say the same thing
// in the reader's language.
export const requiredText = (max: number) => v.pipe(v.string(), v.trim(), v.minLength(1, 'required'), v.maxLength(max, 'too_long'));
export const optionalText = (max: number) => v.pipe(v.string(), v.trim(), v.maxLength(max, 'too_long'));

export const LIMITS = { name: 200, description: 5000, steward: 300, access: 2000, dispute: 5000, tag: 50, tags: 30 } as const;

const coordinate = (limit: number) => v.pipe(v.number(), v.finite('out_of_range'), v.minValue(-limit, 'out_of_range'), v.maxValue(limit, 'out_of_range'));

/** Tags typed as one line, separated by commas: trimmed, without repeats. */
const tagList = v.pipe(
  v.string(),
  v.transform((text) => [
    ...new Set(
      text
        .split(/[,;]/)
        .map((tag) => tag.trim())
        .filter(Boolean),
    ),
  ]),
  v.check((tags) => tags.every((tag) => tag.length <= LIMITS.tag), 'tag_too_long'),
  v.check((tags) => tags.length <= LIMITS.tags, 'too_many_tags'),
);

export const assetFormSchema = v.object({
  name: requiredText(LIMITS.name),
  category: v.picklist(ASSET_CATEGORIES, 'not_in_list'),
  description: optionalText(LIMITS.description),
  condition: v.union([v.literal(''), v.picklist(ASSET_CONDITIONS)], 'not_in_list'),
  steward: optionalText(LIMITS.steward),
  access: optionalText(LIMITS.access),
  dispute: optionalText(LIMITS.dispute),
  tags: tagList,
  location: v.nullable(
    v.object({
      lat: coordinate(90),
      lng: coordinate(180),
      accuracy: v.optional(v.pipe(v.number(), v.minValue(0, 'out_of_range'), v.maxValue(1_000_000, 'out_of_range'))),
    }),
  ),
});
export type AssetFormValues = v.InferInput<typeof assetFormSchema>;
export type AssetFormOutput = v.InferOutput<typeof assetFormSchema>;

const localizedNameSchema = v.object(
  Object.fromEntries(LANGUAGES.map((lang) => [lang, optionalText(LIMITS.name)])) as Record<(typeof LANGUAGES)[number], ReturnType<typeof optionalText>>,
);

export const communityFormSchema = v.pipe(
  v.object({
    name: localizedNameSchema,
    rayonCode: v.pipe(v.string(), v.minLength(1, 'not_in_list')),
  }),
  v.check((input) => LANGUAGES.some((lang) => input.name[lang].length > 0), 'name_needed'),
);
export type CommunityFormValues = v.InferInput<typeof communityFormSchema>;

export const CASE_STUDY_LIMITS = { title: 300, text: 20_000, note: 2000, contactName: 200, contactPhone: 40 } as const;

const month = v.pipe(v.string(), v.trim(), v.regex(/^(\d{4}-(0[1-9]|1[0-2]))?$/, 'not_month'));
const AMOUNT = /^\d{1,12}([.,]\d{1,2})?$/;

/** An amount of som as typed (spaces between thousands, a decimal comma): a number, or null when empty. */
export const amountInSom = v.pipe(
  v.string(),
  v.transform((text) => text.replace(/[\s\u00a0\u202f]/g, '')),
  v.check((text) => text === '' || AMOUNT.test(text), 'not_amount'),
  v.transform((text) => (text === '' ? null : Number(text.replace(',', '.')))),
);

/** A case study as typed into its form: every field a string, a list or a tick. */
export const caseStudyFormSchema = v.pipe(
  v.object({
    title: requiredText(CASE_STUDY_LIMITS.title),
    topics: v.pipe(v.array(v.picklist(TOPICS, 'not_in_list')), v.minLength(1, 'pick_some')),
    language: v.picklist(LANGUAGES, 'not_in_list'),
    periodFrom: month,
    periodTo: month,
    ...(Object.fromEntries(CASE_STUDY_TEXTS.map((field) => [field, optionalText(CASE_STUDY_LIMITS.text)])) as Record<
      (typeof CASE_STUDY_TEXTS)[number],
      ReturnType<typeof optionalText>
    >),
    resourcesKgs: amountInSom,
    resourceSources: v.array(v.picklist(RESOURCE_SOURCES, 'not_in_list')),
    resourcesNote: optionalText(CASE_STUDY_LIMITS.note),
    contactConsent: v.boolean(),
    contactName: optionalText(CASE_STUDY_LIMITS.contactName),
    contactPhone: v.pipe(optionalText(CASE_STUDY_LIMITS.contactPhone), v.regex(/^[0-9+()\- ]*$/, 'not_phone')),
  }),
  v.forward(
    v.check((input) => !input.periodFrom || !input.periodTo || input.periodFrom <= input.periodTo, 'period_order'),
    ['periodTo'],
  ),
  v.forward(
    v.check((input) => input.contactConsent || (input.contactName === '' && input.contactPhone === ''), 'consent_needed'),
    ['contactConsent'],
  ),
);
export type CaseStudyFormValues = v.InferInput<typeof caseStudyFormSchema>;
export type CaseStudyFormOutput = v.InferOutput<typeof caseStudyFormSchema>;

export const applicationFormSchema = v.object({
  date: v.pipe(v.string(), v.regex(/^\d{4}-\d{2}-\d{2}$/, 'required')),
  outcome: v.picklist(APPLICATION_OUTCOMES, 'not_in_list'),
  changes: requiredText(5000),
  notes: optionalText(5000),
});
export type ApplicationFormValues = v.InferInput<typeof applicationFormSchema>;

/** A question to peers in a circle of practice (sizes as the sync protocol bounds them). */
export const questionFormSchema = v.object({
  title: requiredText(PRACTICE_LIMITS.title),
  text: optionalText(PRACTICE_LIMITS.text),
  circle: v.picklist(CIRCLES, 'not_in_list'),
  language: v.picklist(LANGUAGES, 'not_in_list'),
  topics: v.array(v.picklist(TOPICS, 'not_in_list')),
  // Optional: drafts kept before links existed have none.
  linkedCaseStudyIds: v.optional(v.pipe(v.array(v.string()), v.maxLength(20, 'too_many')), []),
});
export type QuestionFormValues = v.InferInput<typeof questionFormSchema>;

export const answerFormSchema = v.object({
  text: requiredText(PRACTICE_LIMITS.text),
});
export type AnswerFormValues = v.InferInput<typeof answerFormSchema>;

/** Why a coordinator hides a post: its author reads it. */
export const hideFormSchema = v.object({
  reason: requiredText(PRACTICE_LIMITS.hiddenReason),
});
export type HideFormValues = v.InferInput<typeof hideFormSchema>;

export const WORKSHOP_LIMITS = { title: 300, text: 20_000, facilitators: 1000, headCount: 100_000, name: 200, phone: 40, action: 2000, owner: 300 } as const;

export const day = v.pipe(v.string(), v.trim(), v.regex(/^(\d{4}-\d{2}-\d{2})?$/, 'not_date'));
const requiredDay = v.pipe(v.string(), v.trim(), v.regex(/^\d{4}-\d{2}-\d{2}$/, 'required'));
const phone = v.pipe(optionalText(WORKSHOP_LIMITS.phone), v.regex(/^[0-9+()\- ]*$/, 'not_phone'));

/** A head count typed into a box: empty means nobody; otherwise a whole number. */
const headCount = v.pipe(
  v.string(),
  v.transform((text) => text.trim()),
  v.check((text) => /^\d{0,6}$/.test(text), 'not_count'),
  v.transform((text) => (text === '' ? 0 : Number(text))),
  v.maxValue(WORKSHOP_LIMITS.headCount, 'out_of_range'),
);

/** A workshop or exchange visit as typed into its form. */
export const workshopFormSchema = v.pipe(
  v.object({
    type: v.picklist(WORKSHOP_TYPES, 'not_in_list'),
    title: requiredText(WORKSHOP_LIMITS.title),
    startDate: requiredDay,
    endDate: day,
    hostCommunityId: v.string(),
    visitingCommunityIds: v.array(v.string()),
    facilitators: optionalText(WORKSHOP_LIMITS.facilitators),
    ...(Object.fromEntries(WORKSHOP_TEXTS.map((field) => [field, optionalText(WORKSHOP_LIMITS.text)])) as Record<
      (typeof WORKSHOP_TEXTS)[number],
      ReturnType<typeof optionalText>
    >),
    linkedCaseStudyIds: v.array(v.string()),
    location: v.nullable(
      v.object({
        lat: coordinate(90),
        lng: coordinate(180),
        accuracy: v.optional(v.pipe(v.number(), v.minValue(0, 'out_of_range'), v.maxValue(1_000_000, 'out_of_range'))),
      }),
    ),
    /** "role.gender" → the count as typed. */
    tally: v.record(v.string(), headCount),
  }),
  v.forward(
    v.check((input) => !input.endDate || input.startDate <= input.endDate, 'date_order'),
    ['endDate'],
  ),
  v.forward(
    v.check((input) => !input.hostCommunityId || !input.visitingCommunityIds.includes(input.hostCommunityId), 'host_visits'),
    ['visitingCommunityIds'],
  ),
);
export type WorkshopFormValues = v.InferInput<typeof workshopFormSchema>;

export const participantFormSchema = v.pipe(
  v.object({
    name: requiredText(WORKSHOP_LIMITS.name),
    gender: v.union([v.literal(''), v.picklist(GENDERS)], 'not_in_list'),
    role: v.union([v.literal(''), v.picklist(PARTICIPANT_ROLES)], 'not_in_list'),
    fromCommunityId: v.string(),
    phone,
    phoneConsent: v.boolean(),
  }),
  v.forward(
    v.check((input) => input.phoneConsent || input.phone === '', 'consent_needed'),
    ['phoneConsent'],
  ),
);
export type ParticipantFormValues = v.InferInput<typeof participantFormSchema>;

export const actionFormSchema = v.object({
  action: requiredText(WORKSHOP_LIMITS.action),
  owner: optionalText(WORKSHOP_LIMITS.owner),
  ownerCommunityId: v.string(),
  dueDate: day,
  status: v.picklist(ACTION_STATUSES, 'not_in_list'),
});
export type ActionFormValues = v.InferInput<typeof actionFormSchema>;

export type FieldErrors = Partial<Record<string, string>>;

/** Runs a schema and returns either the clean output or one message key per field. */
export function validate<S extends v.GenericSchema>(schema: S, input: unknown): { ok: true; value: v.InferOutput<S> } | { ok: false; errors: FieldErrors } {
  const result = v.safeParse(schema, input);
  if (result.success) return { ok: true, value: result.output };
  const errors: FieldErrors = {};
  for (const issue of result.issues) {
    const key = issue.path?.map((item) => String(item.key)).join('.') ?? '';
    errors[key] ??= issue.message;
  }
  return { ok: false, errors };
}
