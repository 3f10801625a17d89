import * as v from 'valibot';
import {
  PLAN_SECTIONS,
  PLAN_TEXT_SECTIONS,
  REPORT_SECTIONS,
  RESOURCE_SOURCES,
  REVIEW_CRITERIA,
  REVIEW_DECISIONS,
  SCORE_MAX,
  TASK_STATUSES,
  TOPICS,
  commentField,
  scoreField,
  type PlanContent,
  type PlanTextSection,
  type ReportContent,
  type ReportSection,
} from './model';
import { TEAM_LIMITS } from './protocol';
import { amountInSom, day, optionalText, requiredText } from './validation';

// The learning teams' forms as typed (strings, lists, picks), checked the way the server checks
// what they save; messages are translation keys (namespace "errors").

export const teamFormSchema = v.object({
  name: requiredText(TEAM_LIMITS.name),
  topics: v.array(v.picklist(TOPICS, 'not_in_list')),
  memberCommunityIds: v.pipe(v.array(v.string()), v.maxLength(TEAM_LIMITS.communities, 'too_many')),
  mentorIds: v.pipe(v.array(v.string()), v.maxLength(TEAM_LIMITS.mentors, 'too_many')),
});
export type TeamFormValues = v.InferInput<typeof teamFormSchema>;

const activityRow = v.pipe(
  v.object({
    id: v.string(),
    title: requiredText(300),
    from: day,
    to: day,
    hostCommunityId: v.string(),
  }),
  v.forward(
    v.check((row) => !row.from || !row.to || row.from <= row.to, 'date_order'),
    ['to'],
  ),
);

const budgetRow = v.object({
  id: v.string(),
  item: requiredText(300),
  amountSom: v.pipe(
    amountInSom,
    v.check((amount) => amount !== null, 'required'),
  ),
  source: v.picklist(RESOURCE_SOURCES, 'not_in_list'),
});

export const planFormSchema = v.object({
  ...(Object.fromEntries(PLAN_TEXT_SECTIONS.map((section) => [section, optionalText(section === 'title' ? 300 : TEAM_LIMITS.section)])) as Record<
    PlanTextSection,
    ReturnType<typeof optionalText>
  >),
  activities: v.pipe(v.array(activityRow), v.maxLength(TEAM_LIMITS.activities, 'too_many')),
  budget: v.pipe(v.array(budgetRow), v.maxLength(TEAM_LIMITS.budgetLines, 'too_many')),
});
export type PlanFormValues = v.InferInput<typeof planFormSchema>;
export type PlanFormOutput = v.InferOutput<typeof planFormSchema>;

/** The plan's sections as its form shows them. */
export function planFormValues(plan: PlanContent | undefined): PlanFormValues {
  return {
    ...(Object.fromEntries(PLAN_TEXT_SECTIONS.map((section) => [section, plan?.[section] ?? ''])) as Record<PlanTextSection, string>),
    activities: (plan?.activities ?? []).map((row) => ({
      id: row.id,
      title: row.title,
      from: row.from ?? '',
      to: row.to ?? '',
      hostCommunityId: row.hostCommunityId ?? '',
    })),
    budget: (plan?.budget ?? []).map((row) => ({ id: row.id, item: row.item, amountSom: String(row.amountSom), source: row.source })),
  };
}

/** The checked form as the plan keeps it: empty dates and hosts as null. */
export function planContent(value: PlanFormOutput): PlanContent {
  return {
    ...value,
    activities: value.activities.map((row) => ({
      id: row.id,
      title: row.title,
      from: row.from || null,
      to: row.to || null,
      hostCommunityId: row.hostCommunityId || null,
    })),
    budget: value.budget.map((row) => ({ id: row.id, item: row.item, amountSom: row.amountSom!, source: row.source })),
  };
}

/**
 * The sections a person changed in a form of the plan's record (its values as opened, and as
 * saved), taken from the checked content: only those are written, so sections others wrote
 * meanwhile are kept.
 */
export function changedSectionsOf<S extends string, C extends Partial<Record<S, unknown>>>(
  sections: readonly S[],
  opened: Record<S, unknown>,
  typed: Record<S, unknown>,
  content: C,
): Partial<C> {
  const changed = sections.filter((section) => JSON.stringify(opened[section]) !== JSON.stringify(typed[section]));
  return Object.fromEntries(changed.map((section) => [section, content[section]])) as unknown as Partial<C>;
}

export const changedContent = (opened: PlanFormValues, typed: PlanFormValues, content: PlanContent): PlanContent =>
  changedSectionsOf(PLAN_SECTIONS, opened, typed, content);

/** The final report's form: its sections are free text, each as long as a plan's section. */
export const reportFormSchema = v.object(
  Object.fromEntries(REPORT_SECTIONS.map((section) => [section, optionalText(TEAM_LIMITS.section)])) as Record<ReportSection, ReturnType<typeof optionalText>>,
);
export type ReportFormValues = Record<ReportSection, string>;

export function reportFormValues(plan: ReportContent | undefined): ReportFormValues {
  return Object.fromEntries(REPORT_SECTIONS.map((section) => [section, plan?.[section] ?? ''])) as ReportFormValues;
}

const score = v.pipe(
  v.string(),
  v.check((text) => text === '' || (/^\d$/.test(text) && Number(text) >= 1 && Number(text) <= SCORE_MAX), 'not_in_list'),
);

export const reviewFormSchema = v.object({
  decision: v.union([v.literal(''), v.picklist(REVIEW_DECISIONS)], 'not_in_list'),
  ...Object.fromEntries(REVIEW_CRITERIA.map((criterion) => [scoreField(criterion), score])),
  ...Object.fromEntries(PLAN_SECTIONS.map((section) => [commentField(section), optionalText(TEAM_LIMITS.comment)])),
});
export type ReviewFormValues = Record<string, string>;

export const taskFormSchema = v.object({
  title: requiredText(300),
  owner: optionalText(300),
  ownerCommunityId: v.string(),
  dueDate: day,
  status: v.picklist(TASK_STATUSES, 'not_in_list'),
  activityId: v.string(),
});
export type TaskFormValues = v.InferInput<typeof taskFormSchema>;
