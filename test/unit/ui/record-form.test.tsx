import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import * as v from 'valibot';
import { beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { createAsset } from '../../../src/db/assets';
import { keepPendingFile } from '../../../src/db/attachments';
import { readDraft } from '../../../src/db/drafts';
import { db } from '../../../src/db/instance';
import { startI18n } from '../../../src/i18n/setup';
import { TextField } from '../../../src/ui/field';
import { PhotosField } from '../../../src/ui/form/photos-field';
import { RecordFormFrame } from '../../../src/ui/form/record-form-frame';
import { useRecordForm, type WithPendingPhotos } from '../../../src/ui/form/use-record-form';

// The form layer alone, with a form of two fields: what every record form gets from it.

beforeAll(async () => {
  await startI18n('en');
});
beforeEach(async () => {
  await db.delete();
  await db.open();
});

const schema = v.object({
  name: v.pipe(v.string(), v.trim(), v.minLength(1, 'required')),
  place: v.pipe(v.string(), v.trim(), v.minLength(1, 'required')),
});
type Values = { name: string; place: string } & WithPendingPhotos;
const RECORD_ID = 'record-1';
const DRAFT_KEY = 'test:new';

function TestForm({
  write,
  onSaved,
  onCancelled,
}: {
  write: (value: { name: string; place: string }, values: Values) => Promise<unknown>;
  onSaved: (values: Values) => void;
  onCancelled: () => void;
}) {
  const form = useRecordForm({
    draftKey: DRAFT_KEY,
    initial: { name: '', place: '', pendingPhotos: [], recordId: RECORD_ID } as Values,
    schema,
    photos: { collection: 'assets', isNew: true },
    write: (value, values) => write(value, values),
    onSaved: ({ values }) => onSaved(values),
  });
  if (!form.values) return null;
  return (
    <RecordFormFrame form={form} onCancelled={onCancelled}>
      <TextField label="Name" {...form.field('name')} required />
      <TextField label="Place" {...form.field('place')} required />
      <PhotosField legend="Photos" {...form.photoField([])} />
    </RecordFormFrame>
  );
}

describe('the record form layer', () => {
  it('refuses what does not pass, says so by each field and above the buttons, puts focus on the first to fix, and writes nothing', async () => {
    const user = userEvent.setup();
    const write = vi.fn(() => Promise.resolve());
    render(<TestForm write={write} onSaved={() => undefined} onCancelled={() => undefined} />);
    await user.type(await screen.findByLabelText(/^Place/), 'Ak-Sai');
    await user.click(screen.getByRole('button', { name: 'Save' }));
    expect(await screen.findByText('This field is required.')).toBeInTheDocument();
    expect(screen.getByText('Some fields need fixing — see the messages above.')).toBeInTheDocument();
    await waitFor(() => expect(screen.getByLabelText(/^Name/)).toHaveFocus());
    expect(screen.getByLabelText(/^Name/)).toHaveAttribute('aria-invalid', 'true');
    expect(write).not.toHaveBeenCalled();
  });

  it('saves once however often the button is pressed, and hands over the values', async () => {
    const user = userEvent.setup();
    // A real write, inside the save's transaction (a promise from outside it would end the transaction).
    const write = vi.fn(() => db.meta.put({ key: 'saved', value: Date.now() }));
    const onSaved = vi.fn();
    render(<TestForm write={write} onSaved={onSaved} onCancelled={() => undefined} />);
    await user.type(await screen.findByLabelText(/^Name/), 'Spring');
    await user.type(screen.getByLabelText(/^Place/), 'Ak-Sai');
    const save = screen.getByRole('button', { name: 'Save' });
    fireEvent.click(save);
    fireEvent.click(save);
    fireEvent.click(save);
    await waitFor(() => expect(onSaved).toHaveBeenCalledTimes(1));
    expect(write).toHaveBeenCalledTimes(1);
    expect(write).toHaveBeenCalledWith({ name: 'Spring', place: 'Ak-Sai' }, expect.objectContaining({ recordId: RECORD_ID }));
    expect(onSaved.mock.calls[0]![0]).toMatchObject({ name: 'Spring', recordId: RECORD_ID });
  });

  it('leaves no draft behind a saved record, even when the draft would be written while the save runs', async () => {
    const user = userEvent.setup();
    // The save clears the draft in its transaction (as every record's write does); while it runs,
    // the page is hidden, which writes a draft at once. On a slow phone the typing pause's timer
    // fires there too. A draft written then would outlive the record, and the next "new" form
    // would open it, with this record's id, and save over it.
    const write = vi.fn(async () => {
      await db.drafts.delete(DRAFT_KEY);
      window.dispatchEvent(new Event('pagehide'));
      await db.meta.put({ key: 'saved', value: Date.now() });
    });
    const onSaved = vi.fn();
    render(<TestForm write={write} onSaved={onSaved} onCancelled={() => undefined} />);
    await user.type(await screen.findByLabelText(/^Name/), 'Spring');
    await user.type(screen.getByLabelText(/^Place/), 'Ak-Sai');
    await user.click(screen.getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(onSaved).toHaveBeenCalledTimes(1));
    // What the hidden page would have written is not written later either.
    window.dispatchEvent(new Event('pagehide'));
    expect(await db.meta.get('saved')).toBeDefined();
    expect(await readDraft(db, DRAFT_KEY)).toBeUndefined();
  });

  it('keeps in the draft what is typed while a save runs that then fails', async () => {
    const user = userEvent.setup();
    vi.spyOn(console, 'error').mockImplementation(() => undefined);
    // A save that keeps its transaction open (reading, as a slow write does) until told to fail.
    let failNow = false;
    const write = vi.fn(async () => {
      while (!failNow) await db.meta.get('nothing');
      throw new Error('the save failed');
    });
    render(<TestForm write={write} onSaved={() => undefined} onCancelled={() => undefined} />);
    await user.type(await screen.findByLabelText(/^Name/), 'Spring');
    await user.type(screen.getByLabelText(/^Place/), 'Ak-Sai');
    await user.click(screen.getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(write).toHaveBeenCalled());
    await user.type(screen.getByLabelText(/^Place/), ' village');
    window.dispatchEvent(new Event('pagehide'));
    failNow = true;
    expect(await screen.findByText(/^Not saved\./)).toBeInTheDocument();
    await waitFor(async () => expect((await readDraft(db, DRAFT_KEY))?.values).toMatchObject({ name: 'Spring', place: 'Ak-Sai village' }));
  });

  it('says the phone is full when the save does not fit, keeping every value and the draft', async () => {
    const user = userEvent.setup();
    const write = vi.fn(() => Promise.reject(new DOMException('full', 'QuotaExceededError')));
    vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const onSaved = vi.fn();
    render(<TestForm write={write} onSaved={onSaved} onCancelled={() => undefined} />);
    await user.type(await screen.findByLabelText(/^Name/), 'Spring');
    await user.type(screen.getByLabelText(/^Place/), 'Ak-Sai');
    await waitFor(async () => expect((await readDraft(db, DRAFT_KEY))?.values).toMatchObject({ name: 'Spring', place: 'Ak-Sai' }));
    await user.click(screen.getByRole('button', { name: 'Save' }));
    expect(await screen.findByText(/The phone's storage is full: nothing was saved/)).toBeInTheDocument();
    expect(screen.getByLabelText(/^Name/)).toHaveValue('Spring');
    expect(onSaved).not.toHaveBeenCalled();
    expect((await readDraft(db, DRAFT_KEY))?.values).toMatchObject({ name: 'Spring', place: 'Ak-Sai' });
    expect(screen.getByRole('button', { name: 'Save' })).toBeEnabled();
  });

  it('throws away the draft and the photos of a new record when cancelled', async () => {
    const user = userEvent.setup();
    await keepPendingFile(db, 'assets', RECORD_ID, { blob: new Blob([new Uint8Array([1, 2, 3])], { type: 'image/jpeg' }), mime: 'image/jpeg' });
    const onCancelled = vi.fn();
    render(<TestForm write={() => Promise.resolve()} onSaved={() => undefined} onCancelled={onCancelled} />);
    await user.type(await screen.findByLabelText(/^Name/), 'Spring');
    await waitFor(async () => expect(await readDraft(db, DRAFT_KEY)).toBeDefined());
    await user.click(screen.getByRole('button', { name: 'Cancel' }));
    await waitFor(() => expect(onCancelled).toHaveBeenCalled());
    expect(await readDraft(db, DRAFT_KEY)).toBeUndefined();
    expect(await db.photos.where('docId').equals(RECORD_ID).count()).toBe(0);
  });
  it('never saves a new record over one saved from the same draft in another tab: it takes a new id, with its photos', async () => {
    const user = userEvent.setup();
    // Two tabs on the same new form share its draft, and with it the id the record will have. The
    // other tab saved first: record-1 is on the phone, and this tab still shows the draft.
    const photo = await keepPendingFile(db, 'assets', RECORD_ID, { blob: new Blob([new Uint8Array([1, 2, 3])], { type: 'image/jpeg' }), mime: 'image/jpeg' });
    await createAsset(db, 'c1', { name: 'Spring', category: 'natural', description: '', location: null }, { id: RECORD_ID });
    await db.drafts.put({
      key: DRAFT_KEY,
      values: { name: 'Bridge', place: '', pendingPhotos: [photo], recordId: RECORD_ID },
      updatedAt: new Date().toISOString(),
    });
    const onSaved = vi.fn();
    const write = (value: { name: string }, values: Values) =>
      createAsset(db, 'c1', { name: value.name, category: 'natural', description: '', location: null }, { id: values.recordId, clearDraft: DRAFT_KEY });
    render(<TestForm write={write} onSaved={onSaved} onCancelled={() => undefined} />);
    await user.type(await screen.findByLabelText(/^Place/), 'Ak-Sai');
    expect(screen.getByLabelText(/^Name/)).toHaveValue('Bridge');
    await user.click(screen.getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(onSaved).toHaveBeenCalledTimes(1));
    const savedId = (onSaved.mock.calls[0]![0] as Values).recordId;
    expect(savedId).not.toBe(RECORD_ID);
    expect((await db.assets.get(RECORD_ID))?.name).toBe('Spring');
    const saved = await db.assets.get(savedId);
    expect(saved).toMatchObject({ name: 'Bridge', photos: [expect.objectContaining({ hash: photo.hash })] });
    expect(await db.photos.where('docId').equals(savedId).count()).toBe(1);
    expect(await db.photos.where('docId').equals(RECORD_ID).count()).toBe(1);
    expect(await readDraft(db, DRAFT_KEY)).toBeUndefined();
  });
});
