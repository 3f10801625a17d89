import { render, screen } from '@testing-library/react';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { firstThumb, type Attachment } from '../../../src/core/model';
import { startI18n, switchLanguage } from '../../../src/i18n/setup';
import { CardBody, PlaceNote } from '../../../src/ui/record-card';

const PHOTO = 'data:image/webp;base64,UklGRg==';
const file = (hash: string, extra: Partial<Attachment> = {}): Attachment => ({ hash, mime: 'image/webp', size: 10, ...extra });

beforeAll(async () => {
  await startI18n('en');
});
afterAll(async () => {
  await switchLanguage('en');
});

describe('a list card', () => {
  it("shows the thumbnail of the record's first photo that has one (a document has none)", () => {
    expect(firstThumb([file('a', { mime: 'application/pdf' }), file('b', { thumb: PHOTO }), file('c', { thumb: 'data:image/webp;base64,other' })])).toBe(PHOTO);
    expect(firstThumb([file('a', { mime: 'application/pdf' })])).toBeNull();
    expect(firstThumb(undefined)).toBeNull();
  });

  it("draws the record's thumbnail beside its details, or the icon it is given when there is no photo, or nothing", () => {
    const { container, rerender } = render(
      <CardBody thumb={PHOTO} fallback={<svg data-testid="icon" />}>
        <span>details</span>
      </CardBody>,
    );
    expect(container.querySelector('img.card-picture')).toHaveAttribute('src', PHOTO);
    expect(screen.queryByTestId('icon')).toBeNull();
    rerender(
      <CardBody thumb={null} fallback={<svg data-testid="icon" />}>
        <span>details</span>
      </CardBody>,
    );
    expect(container.querySelector('img')).toBeNull();
    expect(screen.getByTestId('icon')).toBeInTheDocument();
    rerender(
      <CardBody thumb={null}>
        <span>details</span>
      </CardBody>,
    );
    expect(container.querySelector('.card-picture')).toBeNull();
    expect(screen.getByText('details')).toBeInTheDocument();
  });

  it('says how precise a GPS position is, in the reader’s language and way of writing numbers', async () => {
    const { rerender } = render(<PlaceNote location={{ lat: 39.97, lng: 70.85, accuracy: 1234 }} />);
    expect(screen.getByTestId('place-note')).toHaveTextContent('Accuracy: ±1,234 m');
    await switchLanguage('ru');
    rerender(<PlaceNote location={{ lat: 39.97, lng: 70.85, accuracy: 1234 }} />);
    // Russian groups thousands with a (narrow) no-break space and writes metres as "м".
    expect(screen.getByTestId('place-note').textContent).toMatch(/^Точность: ±1\s234 м$/u);
    await switchLanguage('ky');
    rerender(<PlaceNote location={{ lat: 39.97, lng: 70.85, accuracy: 12 }} />);
    expect(screen.getByTestId('place-note')).toHaveTextContent('Тактыгы: ±12 м');
    await switchLanguage('en');
  });

  it('shows a point placed by hand (no GPS accuracy) as located, without a figure', () => {
    render(<PlaceNote location={{ lat: 39.97, lng: 70.85 }} />);
    expect(screen.getByTestId('place-note')).toHaveTextContent(/^Location$/);
    expect(screen.getByTestId('place-note').textContent).not.toContain('±');
  });
});
