import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { checkChange } from '../../../src/core/protocol';
import { caseStudyFormSchema, validate, type CaseStudyFormValues } from '../../../src/core/validation';
import { applicationsOf, recordApplication, saveCaseStudy, versionsOf } from '../../../src/db/case-studies';
import { AsharDb } from '../../../src/db/database';
import { toChange } from '../../../src/sync/engine';
import { demoCaseStudyDocs } from '../../../src/core/demo-docs';
import { loadDemoCaseStudies } from '../../../src/features/library/demo/load-demo';
import type { Community } from '../../../src/core/model';

let db: AsharDb;
let counter = 0;
beforeEach(async () => {
  counter += 1;
  db = new AsharDb(`case-studies-${counter}`);
  await db.open();
});
afterEach(async () => {
  await db.delete();
});

const community: Community = {
  id: '0f6c8f3e-8d0e-4b8e-9d3c-2f0a1b2c3d4e',
  name: { ky: 'Ак-Татыр', ru: 'Ак-Татыр', en: 'Ak-Tatyr' },
  rayonCode: '41705214000000',
  code: null,
  createdAt: '2026-01-01T00:00:00.000Z',
  updatedAt: '2026-01-01T00:00:00.000Z',
};

const form = (patch: Partial<CaseStudyFormValues> = {}): CaseStudyFormValues => ({
  title: 'Жайыт',
  topics: ['natural_resource_conflict'],
  language: 'ky',
  periodFrom: '',
  periodTo: '',
  problem: '',
  actions: '',
  results: '',
  worked: '',
  didNotWork: '',
  advice: '',
  resourcesKgs: '',
  resourceSources: [],
  resourcesNote: '',
  contactConsent: false,
  contactName: '',
  contactPhone: '',
  ...patch,
});

describe('case studies on the phone', () => {
  it('queues only changes the server will accept, from a bare form and a full one', async () => {
    for (const values of [
      form(),
      form({
        periodFrom: '2011-02',
        periodTo: '2011-12',
        resourcesKgs: '150 000',
        resourceSources: ['grant'],
        contactConsent: true,
        contactName: 'Айгүл',
        contactPhone: '+996 555 12-34-56',
      }),
    ]) {
      const result = validate(caseStudyFormSchema, values);
      expect(result.ok).toBe(true);
      if (!result.ok) continue;
      await saveCaseStudy(db, crypto.randomUUID(), result.value, community, { isNew: true });
    }
    const entries = await db.outbox.toArray();
    expect(entries).toHaveLength(2);
    for (const entry of entries) expect(checkChange(toChange(entry))).toMatchObject({ ok: true });
    expect(entries[1]!.set).toMatchObject({ resourcesKgs: 150000, status: 'draft', rayonCode: '41705214000000' });
  });

  it('refuses a form with no topic, a reversed period, or a contact without consent', () => {
    const result = validate(caseStudyFormSchema, form({ topics: [], periodFrom: '2012-01', periodTo: '2011-01', contactName: 'Бирөө', resourcesKgs: '12abc' }));
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors).toMatchObject({ topics: 'pick_some', resourcesKgs: 'not_amount' });
    const order = validate(caseStudyFormSchema, form({ periodFrom: '2012-01', periodTo: '2011-01' }));
    expect(order.ok ? null : order.errors.periodTo).toBe('period_order');
    const consent = validate(caseStudyFormSchema, form({ contactName: 'Бирөө' }));
    expect(consent.ok ? null : consent.errors.contactConsent).toBe('consent_needed');
  });

  it('keeps translations and applications together', async () => {
    const root = crypto.randomUUID();
    const translation = crypto.randomUUID();
    const parsed = validate(caseStudyFormSchema, form());
    if (!parsed.ok) throw new Error('form');
    await saveCaseStudy(db, root, parsed.value, community, { isNew: true });
    await saveCaseStudy(db, translation, { ...parsed.value, language: 'ru', title: 'Пастбище', translationOf: root }, community, { isNew: true });
    expect((await versionsOf(db, root)).map((doc) => doc.id)).toEqual([root, translation]);
    await recordApplication(db, translation, community, { date: '2026-05-01', outcome: 'worked', changes: 'Биз да кылдык' });
    expect((await applicationsOf(db, [root, translation])).map((a) => a.outcome)).toEqual(['worked']);
    for (const entry of await db.outbox.toArray()) expect(checkChange(toChange(entry))).toMatchObject({ ok: true });
  });

  it('demo case studies are valid records, loaded once however often the button is pressed', async () => {
    for (const doc of demoCaseStudyDocs('someone')) {
      const result = checkChange({ id: crypto.randomUUID(), collection: 'caseStudies', docId: doc.docId, hlc: '001735689600000:0000:demo', set: doc.fields });
      expect(result, doc.fields.title as string).toMatchObject({ ok: true });
    }
    await loadDemoCaseStudies(db);
    await loadDemoCaseStudies(db);
    expect(await db.caseStudies.count()).toBe(demoCaseStudyDocs('').length);
    expect(await db.outbox.count()).toBe(0);
    const languages = new Set((await db.caseStudies.toArray()).map((doc) => doc.language));
    expect([...languages].sort()).toEqual(['en', 'ky', 'ru']);
  });
});
