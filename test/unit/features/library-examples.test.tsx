import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { createMemoryRouter, MemoryRouter, RouterProvider } from 'react-router';
import { beforeEach, describe, expect, it } from 'vitest';
import { exampleOf } from '../../../src/core/example';
import type { CaseStudy } from '../../../src/core/model';
import { checkChange } from '../../../src/core/protocol';
import { addCommunity } from '../../../src/db/gazetteer';
import { db } from '../../../src/db/instance';
import { saveCurrentCommunityId } from '../../../src/db/settings';
import { CaseStudyCard } from '../../../src/features/library/case-study-card';
import { CaseStudyFormScreen } from '../../../src/features/library/case-study-form-screen';
import { CaseStudyScreen } from '../../../src/features/library/case-study-screen';
import { DEMO_COMMUNITIES, demoCaseStudyDocs } from '../../../src/core/demo-docs';
import { loadDemoCaseStudies } from '../../../src/features/library/demo/load-demo';
import { caseStudyRows } from '../../../src/features/library/library-export';
import { CaseStudyPrintScreen } from '../../../src/features/library/print-screen';
import { LibraryIndex, type CaseSummary, type IndexedCaseStudy } from '../../../src/search/library-index';
import { freshPhoneInEnglish } from '../fresh-phone';

const AK_SAI_EXAMPLE = '8b605c49-23f6-484b-821b-d2f541a1e28e';
/** The Kyrgyz original of the Misal-Suu example, which has no English version. */
const MISAL_SUU_EXAMPLE = '9bd924b9-51ff-4a25-8d4e-6a2d76a8868a';
const docs = demoCaseStudyDocs('admin');
const fieldsOf = (id: string) => docs.find((doc) => doc.docId === id)!.fields as unknown as CaseStudy;

freshPhoneInEnglish();
beforeEach(async () => {
  const communityId = await addCommunity(db, { name: { ky: 'Ак-Татыр', ru: '', en: 'Ak-Tatyr' }, rayonCode: '41705214000000' });
  await saveCurrentCommunityId(db, communityId);
});

function renderAt(path: string) {
  const router = createMemoryRouter(
    [
      { path: '/library/new', element: <CaseStudyFormScreen /> },
      { path: '/library/:id', element: <CaseStudyScreen /> },
      { path: '/print/case-study/:id', element: <CaseStudyPrintScreen /> },
    ],
    { initialEntries: [path] },
  );
  render(<RouterProvider router={router} />);
  return router;
}

describe('example case studies', () => {
  it('are every one marked as an example and say which document they are based on', () => {
    expect(docs).toHaveLength(13);
    for (const doc of docs) {
      expect(doc.fields.example, String(doc.fields.title)).toBe(true);
      expect(String(doc.fields.source ?? '').length, String(doc.fields.title)).toBeGreaterThan(20);
    }
  });

  it('name a real place only where the source does; the other communities are plainly fictional and in no real rayon', () => {
    // Seed 001 names Ak-Say among its five target ayil okmotus: the one real place the examples name.
    expect(DEMO_COMMUNITIES.filter((community) => community.rayonCode !== null).map((community) => community.name.en)).toEqual(['Ak-Sai ayil aimak']);
    for (const community of DEMO_COMMUNITIES.filter((item) => item.rayonCode === null)) {
      expect(community.name.ky).toMatch(/\(ойдон чыгарылган\)$/);
      expect(community.name.ru).toMatch(/\(вымышленный\)$/);
      expect(community.name.en).toMatch(/\(fictional\)$/);
    }
  });

  it('can be marked by whoever may write the case study, and unmarked by nobody', () => {
    const change = (example: unknown) =>
      checkChange({ id: crypto.randomUUID(), collection: 'caseStudies', docId: AK_SAI_EXAMPLE, hlc: '001796083200000:0000:test', set: { example } });
    expect(change(true).ok).toBe(true);
    for (const value of [false, null, 'no', 0]) expect(change(value)).toMatchObject({ ok: false, field: 'example' });
  });

  it('are marked in a search result with what they are based on, also a translation that does not carry the mark itself', () => {
    const study = (id: string, fields: Partial<IndexedCaseStudy>): IndexedCaseStudy => ({
      id,
      title: 'Жайыт',
      status: 'published',
      topics: ['public_finance'],
      communityId: 'c',
      updatedAt: '2026-01-01T00:00:00.000Z',
      language: 'ky',
      ...fields,
    });
    const index = new LibraryIndex();
    index.load([
      study('example', { title: 'Жайыт комитети', example: true, source: 'RDF, 2011' }),
      study('example-ru', { title: 'Пастбищный комитет', language: 'ru', translationOf: 'example' }),
      study('report', { title: 'Жайыт келишими' }),
    ]);
    const found = (text: string, lang: 'ky' | 'ru') =>
      index.query({ text, filters: {}, communityId: null, lang, offset: 0, limit: 10 }).items.map(({ id, example, basedOn }) => ({ id, example, basedOn }));
    expect(found('жайыт', 'ky')).toEqual(
      expect.arrayContaining([
        { id: 'example', example: true, basedOn: 'RDF, 2011' },
        { id: 'report', example: false, basedOn: null },
      ]),
    );
    expect(found('пастбищный', 'ru')).toEqual([{ id: 'example-ru', example: true, basedOn: 'RDF, 2011' }]);
  });

  it('show the mark and what they are based on in a list card; a community report shows neither', () => {
    const summary: CaseSummary = {
      id: 'x',
      rootId: 'x',
      title: 'Pasture committee',
      language: 'en',
      languages: ['en'],
      status: 'published',
      topics: [],
      communityId: 'c',
      communityName: null,
      rayonCode: null,
      year: 2011,
      updatedAt: '2026-01-01T00:00:00.000Z',
      snippet: null,
      thumb: null,
      example: true,
      basedOn: 'Rural Development Fund, 2011',
    };
    render(
      <MemoryRouter>
        <ul>
          <CaseStudyCard item={summary} />
          <CaseStudyCard item={{ ...summary, id: 'y', rootId: 'y', title: 'Our own report', example: false, basedOn: null }} />
        </ul>
      </MemoryRouter>,
    );
    const [example, report] = screen.getAllByRole('listitem');
    expect(within(example!).getByText('Example')).toBeInTheDocument();
    expect(within(example!).getByText('Based on: Rural Development Fund, 2011')).toBeInTheDocument();
    expect(within(report!).queryByText('Example')).toBeNull();
    expect(within(report!).queryByText(/Based on/)).toBeNull();
  });

  it('say on their page what they are and what they are based on', async () => {
    await loadDemoCaseStudies(db);
    renderAt(`/library/${AK_SAI_EXAMPLE}`);
    const note = await screen.findByRole('note');
    expect(within(note).getByText('This is an example')).toBeInTheDocument();
    expect(within(note).getByText(`Based on: ${String(fieldsOf(AK_SAI_EXAMPLE).source)}`)).toBeInTheDocument();
  });

  it('say it on their printed page, at the top and in the last line', async () => {
    await loadDemoCaseStudies(db);
    renderAt(`/print/case-study/${AK_SAI_EXAMPLE}`);
    const note = await screen.findByRole('note');
    expect(within(note).getByText('This is an example')).toBeInTheDocument();
    expect(within(note).getByText(`Based on: ${String(fieldsOf(AK_SAI_EXAMPLE).source)}`)).toBeInTheDocument();
    expect(screen.getByText(/peer learning between ayil okmotus · Published · Example$/)).toBeInTheDocument();
  });

  it('say it in the CSV export, in a column of their own and in what they are based on', () => {
    const example = fieldsOf(AK_SAI_EXAMPLE);
    const report = { ...example, id: 'r', example: undefined, source: 'Our minutes' } as CaseStudy;
    const [exampleRow, reportRow] = caseStudyRows([{ ...example, id: AK_SAI_EXAMPLE }, report], new Map());
    expect(exampleRow).toMatchObject({ example: 'yes', based_on: example.source });
    expect(reportRow).toMatchObject({ example: 'no', based_on: '' });
  });

  it('pass the mark and the document to a translation written on the phone', async () => {
    await loadDemoCaseStudies(db);
    const user = userEvent.setup();
    const router = renderAt(`/library/new?translationOf=${MISAL_SUU_EXAMPLE}`);
    await user.type(await screen.findByLabelText(/^Title/), 'Misal-Suu: citizens in the budget, step by step');
    await user.click(screen.getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(router.state.location.pathname).not.toBe('/library/new'));
    const saved = await db.caseStudies.get(router.state.location.pathname.split('/').at(-1)!);
    expect(saved).toMatchObject({ translationOf: MISAL_SUU_EXAMPLE, example: true, source: fieldsOf(MISAL_SUU_EXAMPLE).source });
    expect(exampleOf(saved!)).toEqual({ example: true, basedOn: fieldsOf(MISAL_SUU_EXAMPLE).source });
  });
});
