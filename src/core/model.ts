// The records Ashar keeps, as plain data shared by the app, the sync server and the tests.

export const LANGUAGES = ['ky', 'ru', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];

/** A name in each shipped language. Kyrgyz is first and the one to fall back on. */
export type LocalizedName = Record<Language, string>;

export const COLLECTIONS = ['assets', 'caseStudies', 'workshops'] as const;
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

export const ASSET_CATEGORIES = [
  'natural',
  'physical',
  'economic',
  'human',
  'social',
  'institutional',
  'cultural',
  'solution',
] as const;
export type AssetCategory = (typeof ASSET_CATEGORIES)[number];

export const ASSET_CONDITIONS = ['good', 'fair', 'poor', 'not_working'] as const;
export type AssetCondition = (typeof ASSET_CONDITIONS)[number];

export interface GeoPoint {
  lat: number;
  lng: number;
  /** Radius in metres of the phone's 68% confidence circle, when the position came from GPS. */
  accuracy?: number;
}

export interface AssetFields {
  name: string;
  category: AssetCategory;
  description: string;
  condition?: AssetCondition;
  tags?: string[];
  location?: GeoPoint;
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

export interface CaseStudyFields {
  title: string;
  status: CaseStudyStatus;
  topics: Topic[];
  language?: Language;
  problem?: string;
  results?: string;
}
export type CaseStudy = DocMeta & CaseStudyFields;

export const WORKSHOP_TYPES = [
  'exchange_visit',
  'study_tour',
  'seminar',
  'community_meeting',
  'hackathon',
  'national_workshop',
  'video_conference',
] as const;
export type WorkshopType = (typeof WORKSHOP_TYPES)[number];

export interface WorkshopFields {
  title: string;
  type: WorkshopType;
  /** YYYY-MM-DD, a calendar date with no time zone. */
  startDate: string;
  endDate?: string;
}
export type Workshop = DocMeta & WorkshopFields;

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
