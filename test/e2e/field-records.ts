import type { Page } from 'playwright-core';
import type { Asset, Attachment, CaseStudy, Workshop } from '../../src/core/model';
import type { LocalDoc } from '../../src/db/database';
import { putRecords } from './app';

// Records as a week in the field leaves them on a phone: long Kyrgyz and Russian words, photos
// (the record carries each photo's thumbnail, as records from another phone do before their files
// are fetched), GPS points with their accuracy, and a few records with none of these. Written
// straight into IndexedDB, not queued for sending: the screens read them as any stored record.

/**
 * A 160 px WebP thumbnail drawn in the page, as a data: URL (what a record carries in `thumb`):
 * sky, ground, sun and grain, so it weighs a few kilobytes as a photo's thumbnail does (about 3.8 KB).
 */
function thumbnail(page: Page, hue: number): Promise<string> {
  return page.evaluate(async (h) => {
    const canvas = new OffscreenCanvas(160, 120);
    const context = canvas.getContext('2d')!;
    context.fillStyle = `hsl(${h} 45% 55%)`;
    context.fillRect(0, 0, 160, 120);
    context.fillStyle = `hsl(${(h + 40) % 360} 40% 30%)`;
    context.fillRect(0, 70, 160, 50);
    context.beginPath();
    context.arc(120, 30, 16, 0, Math.PI * 2);
    context.fillStyle = '#f7e6a1';
    context.fill();
    let seed = h + 1;
    for (let i = 0; i < 6000; i += 1) {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      context.fillStyle = `hsl(${(h + (seed % 90)) % 360} 35% ${25 + (seed % 50)}%)`;
      context.fillRect(seed % 160, (seed >> 8) % 120, 2 + (seed % 3), 2 + ((seed >> 4) % 3));
    }
    const blob = await canvas.convertToBlob({ type: 'image/webp', quality: 0.7 });
    return new Promise<string>((resolve) => {
      const reader = new FileReader();
      reader.onload = () => resolve(reader.result as string);
      reader.readAsDataURL(blob);
    });
  }, hue);
}

/** A photo as a record lists it: its file's address and size, and the thumbnail it carries. */
export async function fieldPhoto(page: Page, hue: number, name?: string): Promise<Attachment> {
  return {
    hash: hue.toString(16).padStart(64, 'a'),
    mime: 'image/webp',
    size: 48_000,
    width: 1600,
    height: 1200,
    thumb: await thumbnail(page, hue),
    ...(name ? { name } : {}),
  };
}

/** The community the phone works for, read from its meta store. */
export function currentCommunityId(page: Page): Promise<string> {
  return page.evaluate(
    () =>
      new Promise<string>((resolve, reject) => {
        const open = indexedDB.open('ashar');
        open.onsuccess = () => {
          const request = open.result.transaction('meta').objectStore('meta').get('currentCommunityId');
          request.onsuccess = () => {
            open.result.close();
            resolve((request.result as { value: string }).value);
          };
          request.onerror = () => reject(request.error);
        };
      }),
  );
}

const id = (n: number) => `f1e1d000-0000-4000-8000-${n.toString(16).padStart(12, '0')}`;
const meta = (communityId: string, n: number, day: number) => {
  const at = new Date(Date.UTC(2026, 10, day, 9, 30)).toISOString();
  return { id: id(n), communityId, createdBy: 'field-volunteer', createdAt: at, updatedAt: at, _v: {}, _deleted: 0 as const };
};

export interface FieldRecords {
  /** An asset with photos and a GPS point. */
  assetId: string;
  /** A case study with a photo and long texts. */
  caseStudyId: string;
  /** An event with a photo of the attendance sheet and a GPS point. */
  workshopId: string;
}

/** Adds the assets, one case study and one event of a week in the field to the phone's community. */
export async function putFieldRecords(page: Page): Promise<FieldRecords> {
  const communityId = await currentCommunityId(page);
  const assets: LocalDoc<Asset>[] = [
    {
      ...meta(communityId, 1, 2),
      name: 'Ичүүчү суу түтүгүнүн бөлүштүрүүчү резервуары',
      category: 'physical',
      condition: 'not_working',
      description: 'Айылдын жогорку бөлүгүндөгү резервуар, 1978-жылы курулган.',
      location: { lat: 39.97123, lng: 70.85234, accuracy: 12 },
      photos: [await fieldPhoto(page, 200), await fieldPhoto(page, 210)],
    },
    {
      ...meta(communityId, 2, 3),
      name: 'Водораспределительное сооружение на оросительном канале',
      category: 'natural',
      condition: 'fair',
      description: 'Головное сооружение канала, общее для двух айылов.',
      location: { lat: 39.9321, lng: 70.7712, accuracy: 38 },
      photos: [await fieldPhoto(page, 120)],
    },
    {
      ...meta(communityId, 3, 4),
      name: 'Жаштардын демилгелүү тобу «Келечек»',
      category: 'social',
      description: 'Он эки жаш ыктыярчы, ай сайын жыйын өткөрүшөт.',
    },
    {
      ...meta(communityId, 4, 5),
      name: 'Айыл чарба кооперативинин муздаткыч кампасы',
      category: 'economic',
      condition: 'good',
      description: 'Өрүк сактоочу муздаткыч.',
      location: { lat: 39.95, lng: 70.8, accuracy: 5 },
    },
    {
      ...meta(communityId, 5, 6),
      name: 'Общественный центр с библиотекой',
      category: 'institutional',
      condition: 'poor',
      description: 'Здание бывшего клуба.',
      photos: [await fieldPhoto(page, 30)],
    },
  ];
  await putRecords(page, 'assets', assets);

  const caseStudy: LocalDoc<CaseStudy> = {
    ...meta(communityId, 11, 7),
    title: 'Жергиликтүү бюджеттин ачыктыгын жогорулатуу: коомдук угуулардын тажрыйбасы',
    status: 'draft',
    topics: ['public_finance', 'participatory_budgeting', 'civic_participation'],
    language: 'ky',
    periodFrom: '2024-03',
    periodTo: '2024-11',
    problem: 'Тургундар бюджеттик угууларга катышпай, айыл өкмөтүнүн чечимдерине ишенбей калышкан.',
    actions: 'Ар бир айылда кечки мезгилде угуулар өткөрүлүп, маалыматтык такталар илинди.',
    results: 'Катышуучулардын саны үч эсеге көбөйдү.',
    attachments: [await fieldPhoto(page, 280, 'бюджеттик-угуу.webp')],
  };
  await putRecords(page, 'caseStudies', [caseStudy]);

  const workshop: LocalDoc<Workshop> = {
    ...meta(communityId, 21, 8),
    title: 'Тажрыйба алмашуу сапары: муниципалдык менчикти башкаруу жана ижара акысы',
    type: 'exchange_visit',
    startDate: '2026-11-08',
    endDate: '2026-11-09',
    facilitators: 'Гүлмайрам Токтосунова, Эркинбек Жумабаев',
    location: { lat: 40.0601, lng: 70.8199, accuracy: 24 },
    tally: { council_member: { female: 4, male: 6 }, youth: { female: 3 } },
    decisions: 'Ижара келишимдерин жарыялоо.',
    photos: [await fieldPhoto(page, 60, 'катышуучулардын-тизмеси.webp'), await fieldPhoto(page, 90)],
  };
  await putRecords(page, 'workshops', [workshop]);
  return { assetId: assets[0]!.id, caseStudyId: caseStudy.id, workshopId: workshop.id };
}
