import { render, screen } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Attachment } from '../../../src/core/model';
import { db } from '../../../src/db/instance';
import { PrintPhotos } from '../../../src/ui/print-photos';
import { freshPhoneInEnglish } from '../fresh-phone';

freshPhoneInEnglish();
beforeEach(async () => {
  // jsdom has no object URLs; the component needs one per stored file.
  URL.createObjectURL = vi.fn(() => 'blob:full-size');
});
const createObjectURL = URL.createObjectURL;
afterEach(() => {
  URL.createObjectURL = createObjectURL;
});

const DOC = '3c9d1f0e-8b7a-4c6d-9e5f-4a3b2c1d0e9f';
const sheet: Attachment = {
  hash: 'a'.repeat(64),
  mime: 'image/jpeg',
  size: 90_000,
  name: 'attendance.jpg',
  width: 900,
  height: 1200,
  thumb: 'data:image/jpeg;base64,AAAA',
};
const pdf: Attachment = { hash: 'b'.repeat(64), mime: 'application/pdf', size: 40_000, name: 'minutes.pdf' };

describe('photos in a printed report', () => {
  it('print the full-size file the phone keeps, at its own proportions, each in a figure of its own', async () => {
    await db.photos.put({
      id: 'p1',
      collection: 'workshops',
      docId: DOC,
      hash: sheet.hash,
      mime: 'image/jpeg',
      blob: new Blob(['full']),
      size: 4,
      createdAt: '2026-11-20T10:00:00.000Z',
      uploaded: 1,
    });
    render(<PrintPhotos owner={{ collection: 'workshops', docId: DOC }} attachments={[sheet, pdf]} title="Photos" />);
    const figure = await screen.findByTestId('print-photo');
    await vi.waitFor(() => expect(figure).toHaveAttribute('data-full', 'yes'));
    const image = figure.querySelector('img')!;
    expect(image).toHaveAttribute('src', 'blob:full-size');
    expect([image.getAttribute('width'), image.getAttribute('height')]).toEqual(['900', '1200']);
    expect(figure).toHaveTextContent('Photo 1 of 1 · attendance.jpg');
    // A PDF is not a picture to print.
    expect(screen.getAllByTestId('print-photo')).toHaveLength(1);
  });

  it('say on the page when only the small picture can be had (nobody signed in to fetch the full one)', async () => {
    render(<PrintPhotos owner={{ collection: 'workshops', docId: DOC }} attachments={[sheet]} title="Photos" />);
    expect(await screen.findByRole('alert')).toHaveTextContent(
      'Only the small picture is on this phone: it may not be readable on paper. Sign in to open files from other phones.',
    );
    const figure = screen.getByTestId('print-photo');
    expect(figure).toHaveAttribute('data-full', 'no');
    expect(figure.querySelector('img')).toHaveAttribute('src', sheet.thumb);
  });
});
