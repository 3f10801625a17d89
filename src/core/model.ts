// The records Ashar keeps, as plain data shared by the app, the sync server and the tests.

export const LANGUAGES = ['ky', 'ru', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];

/** A name in each shipped language. Kyrgyz is first and the one to fall back on. */
export type LocalizedName = Record<Language, string>;

export const COLLECTIONS = [
  'assets',
  'caseStudies',
  'workshops',
  'applications',
  'participants',
  'actions',
  'questions',
  'answers',
  'marks',
  'follows',
  'teams',
  'plans',
  'rounds',
  'tasks',
] as const;
export type Collection = (typeof COLLECTIONS)[number];

/** Fields every synced record carries. `id` is made on the device, so a record exists before any server sees it. */
export interface DocMeta {
  id: string;
  communityId: string;
  /** The user who made the record; the server overwrites it with the signed-in user. */
  createdBy: string;
  createdAt: string;
  updatedAt: string;
}

export const ASSET_CATEGORIES = ['natural', 'physical', 'economic', 'human', 'social', 'institutional', 'cultural', 'solution'] as const;
export type AssetCategory = (typeof ASSET_CATEGORIES)[number];

export const ASSET_CONDITIONS = ['good', 'fair', 'poor', 'not_working'] as const;
export type AssetCondition = (typeof ASSET_CONDITIONS)[number];

export interface GeoPoint {
  lat: number;
  lng: number;
  /** Radius in metres of the phone's 68% confidence circle, when the position came from GPS. */
  accuracy?: number;
}

export const ATTACHMENT_TYPES = ['image/jpeg', 'image/webp', 'image/png', 'application/pdf'] as const;
export type AttachmentType = (typeof ATTACHMENT_TYPES)[number];

/**
 * A photo or document attached to a record. The file itself travels separately, as a blob addressed
 * by its SHA-256; the record carries only this reference and, for images, a thumbnail small enough
 * to come down with the record, so lists show pictures without fetching any file.
 */
export interface Attachment {
  hash: string;
  mime: AttachmentType;
  size: number;
  name?: string;
  width?: number;
  height?: number;
  /** A data: URL of a small WebP or JPEG preview (longest side 160 px). */
  thumb?: string;
}

/** The picture a list shows for a record: the thumbnail of its first photo that has one. */
export function firstThumb(files: readonly Attachment[] | undefined): string | null {
  return files?.find((file) => file.thumb)?.thumb ?? null;
}

export interface AssetFields {
  name: string;
  category: AssetCategory;
  description: string;
  condition?: AssetCondition;
  tags?: string[];
  location?: GeoPoint;
  /** Who looks after it or owns it. */
  steward?: string;
  /** Who may use it, and on what terms. */
  access?: string;
  /** Any dispute over its use (water, pasture, land, forest). */
  dispute?: string;
  photos?: Attachment[];
}
export type Asset = DocMeta & AssetFields;

export const TOPICS = [
  'public_finance',
  'participatory_budgeting',
  'resource_mobilisation',
  'natural_resource_conflict',
  'service_delivery',
  'civic_participation',
  'youth_women_diaspora',
  'crowdfunding',
] as const;
export type Topic = (typeof TOPICS)[number];

export const CASE_STUDY_STATUSES = ['draft', 'published'] as const;
export type CaseStudyStatus = (typeof CASE_STUDY_STATUSES)[number];

export const RESOURCE_SOURCES = ['local_budget', 'grant', 'community', 'diaspora', 'crowdfunding', 'other'] as const;
export type ResourceSource = (typeof RESOURCE_SOURCES)[number];

/** The long text parts of a case study, in the order the template asks for them. */
export const CASE_STUDY_TEXTS = ['problem', 'actions', 'results', 'worked', 'didNotWork', 'advice'] as const;
export type CaseStudyText = (typeof CASE_STUDY_TEXTS)[number];

export interface CaseStudyFields extends Partial<Record<CaseStudyText, string>> {
  title: string;
  status: CaseStudyStatus;
  topics: Topic[];
  language?: Language;
  /** When the work was done, as YYYY-MM. */
  periodFrom?: string;
  periodTo?: string;
  resourcesKgs?: number | null;
  resourceSources?: ResourceSource[];
  resourcesNote?: string;
  /** The contact is shown only when the person agreed (the tick is kept with the record). */
  contactConsent?: boolean;
  contactName?: string;
  contactPhone?: string;
  /** Set on a version in another language: the id of the case study it translates. */
  translationOf?: string;
  /** The circles' question it grew from: its accepted answer became what was done. */
  fromQuestionId?: string;
  /** Where the text comes from, when it was drawn from a published document. */
  source?: string;
  /**
   * An example for learning, based on `source`, not a practice a community reported: every screen,
   * print and export says so. Once set it stays (the protocol accepts no other value than `true`).
   */
  example?: true;
  attachments?: Attachment[];
  /** Written from a learning team's work (its final report): the team's members read it. */
  teamId?: string | null;
  /** Copied by the server from the community, so any device can place a case study it reads. */
  rayonCode?: string | null;
  communityName?: LocalizedName;
}
export type CaseStudy = DocMeta & CaseStudyFields;

export const APPLICATION_OUTCOMES = ['worked', 'partly', 'did_not_work', 'too_early'] as const;
export type ApplicationOutcome = (typeof APPLICATION_OUTCOMES)[number];

/** A community's record that it tried a case study: the peer-learning outcome programmes count. */
export interface ApplicationFields {
  caseStudyId: string;
  /** YYYY-MM-DD when it was applied. */
  date: string;
  outcome: ApplicationOutcome;
  /** What the community changed or did. */
  changes?: string;
  /** How it went. */
  notes?: string;
  communityName?: LocalizedName;
}
export type Application = DocMeta & ApplicationFields;

export const WORKSHOP_TYPES = ['exchange_visit', 'study_tour', 'seminar', 'community_meeting', 'hackathon', 'national_workshop', 'video_conference'] as const;
export type WorkshopType = (typeof WORKSHOP_TYPES)[number];

export const GENDERS = ['female', 'male'] as const;
export type Gender = (typeof GENDERS)[number];

export const PARTICIPANT_ROLES = [
  'ao_head',
  'finance_officer',
  'council_member',
  'specialist',
  'citizen',
  'youth',
  'womens_group',
  'diaspora',
  'cso',
  'other',
] as const;
export type ParticipantRole = (typeof PARTICIPANT_ROLES)[number];

/** Head counts by role and gender, for people whose names are not taken (named participants are counted apart). */
export type Tally = Partial<Record<ParticipantRole, Partial<Record<Gender, number>>>>;

/** The free-text parts of an event's write-up, in the order the form and the report show them. */
export const WORKSHOP_TEXTS = ['agenda', 'notes', 'worked', 'didNotWork', 'questions', 'decisions'] as const;

export interface WorkshopFields {
  title: string;
  type: WorkshopType;
  /** YYYY-MM-DD, a calendar date with no time zone. */
  startDate: string;
  endDate?: string | null;
  hostCommunityId?: string | null;
  visitingCommunityIds?: string[];
  facilitators?: string;
  agenda?: string;
  notes?: string;
  worked?: string;
  didNotWork?: string;
  questions?: string;
  decisions?: string;
  linkedCaseStudyIds?: string[];
  location?: GeoPoint | null;
  tally?: Tally;
  photos?: Attachment[];
  /** A learning team's event (a video-conference dissemination, an exchange visit): its members read it. */
  teamId?: string | null;
}
export type Workshop = DocMeta & WorkshopFields;

/**
 * One named participant of an event: a record of its own (not an item in a list on the event), so
 * two facilitators adding people offline both keep theirs after sync.
 */
export interface ParticipantFields {
  workshopId: string;
  name: string;
  gender?: Gender | null;
  role?: ParticipantRole | null;
  /** The community the participant came from. */
  fromCommunityId?: string | null;
  /** Kept only with consent. */
  phone?: string;
  phoneConsent?: boolean;
}
export type Participant = DocMeta & ParticipantFields;

export const ACTION_STATUSES = ['open', 'done', 'dropped'] as const;
export type ActionStatus = (typeof ACTION_STATUSES)[number];

/** A follow-up action decided at an event: a record of its own, for the same reason. */
export interface ActionFields {
  workshopId: string;
  action: string;
  owner?: string;
  ownerCommunityId?: string | null;
  /** YYYY-MM-DD. */
  dueDate?: string | null;
  status: ActionStatus;
}
export type FollowUpAction = DocMeta & ActionFields;

export type AdminLevel = 'oblast' | 'city' | 'rayon';

/** Oblasts, cities of republican significance and rayons, keyed by their 14-digit COATE code. */
export interface AdminUnit {
  code: string;
  level: AdminLevel;
  /** For a rayon, the COATE code of its oblast; null otherwise. */
  parentCode: string | null;
  name: LocalizedName;
  centre: string | null;
  lat: number | null;
  lng: number | null;
}

/**
 * A community: an ayil aimak with its ayil okmotu, or a town. The list changes with reforms, so it
 * is added by hand or imported, never built in.
 */
export interface Community {
  id: string;
  name: LocalizedName;
  /** COATE code of the rayon (or city of republican significance) it lies in. */
  rayonCode: string | null;
  /** OCHA COD-AB P-code (ADM3_PCODE), when known; used to match re-imports. */
  code: string | null;
  createdAt: string;
  updatedAt: string;
}

export function localizedName(name: LocalizedName, lang: Language): string {
  return name[lang] || name.ky || name.ru || name.en;
}

/**
 * What a person does in local government (set on their account by an admin or coordinator, shown on
 * what they write): each is also a circle of practice, followed by default by those who hold it.
 */
export const POSITIONS = ['finance_officer', 'ao_head', 'budget_committee_chair', 'council_member', 'specialist', 'facilitator', 'youth_volunteer'] as const;
export type Position = (typeof POSITIONS)[number];

/** The circles of practice: one per position, and one per topic of the library. */
export const CIRCLES = [...POSITIONS, ...TOPICS] as const;
export type Circle = (typeof CIRCLES)[number];

/** A question asked of peers in a circle. */
export interface QuestionFields {
  title: string;
  text: string;
  circle: Circle;
  topics?: Topic[];
  language: Language;
  attachments?: Attachment[];
  linkedCaseStudyIds?: string[];
  /** The answer the asker (or a coordinator) marked as the one that answers it. */
  acceptedAnswerId?: string | null;
  /** People a coordinator or facilitator asked to answer (user ids). */
  askedOf?: string[];
  /** Set by a coordinator: the post is hidden from everyone but its author, who reads why. */
  hiddenReason?: string;
  /** Copied by the server when the post is made: who wrote it, in what position, from where. */
  authorName?: string;
  authorPosition?: Position | null;
  communityName?: LocalizedName;
}
export type Question = DocMeta & QuestionFields;

export interface AnswerFields {
  questionId: string;
  text: string;
  attachments?: Attachment[];
  hiddenReason?: string;
  authorName?: string;
  authorPosition?: Position | null;
  communityName?: LocalizedName;
}
export type Answer = DocMeta & AnswerFields;

/** "Helpful": one per person per answer (its id comes from both), so marks made offline on many phones add up. */
export interface MarkFields {
  answerId: string;
  questionId: string;
  /** False once taken back (a deleted record could never be marked again: a delete is final). */
  helpful: boolean;
}
export type Mark = DocMeta & MarkFields;

/** What a person follows: a circle, or one thread (a question). One record per person and target. */
export interface FollowFields {
  /** `circle:<circle>` or `thread:<question id>`. */
  target: string;
  following: boolean;
}
export type Follow = DocMeta & FollowFields;

/**
 * A learning team: communities from anywhere in the country working on one plan, with mentors
 * (facilitators or coordinators) who review it. Its lead community is the record's `communityId`.
 * Staff of its communities and its mentors read everything of the team; nobody else but coordinators.
 */
export interface TeamFields {
  name: string;
  topics?: Topic[];
  /** The other member communities (the lead community is a member without being listed). */
  memberCommunityIds?: string[];
  /** Users (facilitators, coordinators) who review the team's plan. */
  mentorIds?: string[];
  /** Their names by id, as the server wrote them when the mentors were named. */
  mentorNames?: Record<string, string>;
}
export type Team = DocMeta & TeamFields;

/** The plan's written sections, from the proposal template of the seed, in the order it is written. */
export const PLAN_SECTIONS = [
  'title',
  'problem',
  'generalObjective',
  'learningObjectives',
  'learnWhat',
  'activities',
  'inclusion',
  'budget',
  'expectedResults',
  'dissemination',
] as const;
export type PlanSection = (typeof PLAN_SECTIONS)[number];
/** The sections that are free text (the others are lists: activities and budget lines). */
export type PlanTextSection = Exclude<PlanSection, 'activities' | 'budget'>;
export const PLAN_TEXT_SECTIONS = PLAN_SECTIONS.filter((section): section is PlanTextSection => section !== 'activities' && section !== 'budget');

/** An activity of the plan: what, when, and which community hosts it. */
export interface PlanActivity {
  id: string;
  title: string;
  /** YYYY-MM-DD. */
  from?: string | null;
  to?: string | null;
  hostCommunityId?: string | null;
}

/** A budget line in som, with where the money comes from. */
export interface BudgetLine {
  id: string;
  item: string;
  amountSom: number;
  source: ResourceSource;
}

/** What a plan's sections hold; a review round keeps a frozen copy of them. */
export interface PlanContent {
  title?: string;
  problem?: string;
  generalObjective?: string;
  learningObjectives?: string;
  learnWhat?: string;
  activities?: PlanActivity[];
  inclusion?: string;
  budget?: BudgetLine[];
  expectedResults?: string;
  dissemination?: string;
}

/**
 * The team's final report, written together once the plan is approved: what the team achieved,
 * what worked and what did not, and its lessons (the seed's dissemination events: findings and
 * lessons learnt). Each member community's case study starts from it. It is kept in the plan's
 * record, a field per section like the plan's, and never in a review round.
 */
export const REPORT_SECTIONS = ['reportResults', 'reportWorked', 'reportDidNotWork', 'reportLessons'] as const;
export type ReportSection = (typeof REPORT_SECTIONS)[number];
export type ReportContent = Partial<Record<ReportSection, string>>;

/** A team's plan, written together: one per team (its id: planId of the team's), with its final report. */
export type PlanFields = PlanContent & ReportContent & { teamId: string };
export type Plan = DocMeta & PlanFields;

/** The seven criteria a mentor scores a submitted plan on (the seed's review of proposals). */
export const REVIEW_CRITERIA = ['title', 'objectives', 'peerLearning', 'design', 'inclusivity', 'impact', 'dissemination'] as const;
export type ReviewCriterion = (typeof REVIEW_CRITERIA)[number];
/** A score is 1 (weak) to 5 (strong). */
export const SCORE_MAX = 5;
export const REVIEW_DECISIONS = ['revise', 'approved'] as const;
export type ReviewDecision = (typeof REVIEW_DECISIONS)[number];

export const scoreField = (criterion: ReviewCriterion) => `score_${criterion}` as const;
export const commentField = (section: PlanSection) => `comment_${section}` as const;

/**
 * A review round: the plan as it was submitted (frozen: the sections never change after), and the
 * mentors' review of it: a score per criterion and a comment per section, each a field of its own
 * so two mentors reviewing offline both keep theirs, and the decision.
 */
export type RoundFields = PlanContent & {
  teamId: string;
  /** 1, 2, …: a round is submitted once the one before it was sent back for revision. */
  number: number;
  decision?: ReviewDecision | null;
} & Partial<Record<`score_${ReviewCriterion}`, number | null>> &
  Partial<Record<`comment_${PlanSection}`, string>>;
export type Round = DocMeta & RoundFields;

export const TASK_STATUSES = ['todo', 'doing', 'done'] as const;
export type TaskStatus = (typeof TASK_STATUSES)[number];

/** A task of a team: who does it (a member community, a person named), by when, for which activity. */
export interface TaskFields {
  teamId: string;
  title: string;
  owner?: string;
  ownerCommunityId?: string | null;
  /** YYYY-MM-DD. */
  dueDate?: string | null;
  status: TaskStatus;
  activityId?: string | null;
}
export type Task = DocMeta & TaskFields;
