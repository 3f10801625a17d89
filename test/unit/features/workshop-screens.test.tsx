import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { createMemoryRouter, RouterProvider } from 'react-router';
import { beforeEach, describe, expect, it } from 'vitest';
import { addCommunity } from '../../../src/db/gazetteer';
import { db } from '../../../src/db/instance';
import { saveCurrentCommunityId } from '../../../src/db/settings';
import { createWorkshop, saveAction } from '../../../src/db/workshops';
import { WorkshopFormScreen } from '../../../src/features/workshops/workshop-form-screen';
import { WorkshopScreen } from '../../../src/features/workshops/workshop-screen';
import { WorkshopsScreen } from '../../../src/features/workshops/workshops-screen';
import { saveSession } from '../../../src/sync/session';
import { freshPhoneInEnglish } from '../fresh-phone';

let communityId: string;

freshPhoneInEnglish();
beforeEach(async () => {
  communityId = await addCommunity(db, { name: { ky: 'Ак-Сай', ru: '', en: 'Ak-Sai' }, rayonCode: '41705214000000' });
  await saveCurrentCommunityId(db, communityId);
});

function renderAt(path: string) {
  const router = createMemoryRouter(
    [
      { path: '/workshops', element: <WorkshopsScreen /> },
      { path: '/workshops/new', element: <WorkshopFormScreen /> },
      { path: '/workshops/:id', element: <WorkshopScreen /> },
    ],
    { initialEntries: [path] },
  );
  render(<RouterProvider router={router} />);
  return router;
}

const event = {
  type: 'seminar' as const,
  title: 'Open budget seminar',
  startDate: '2026-11-20',
  endDate: null,
  hostCommunityId: null,
  visitingCommunityIds: [],
  facilitators: '',
  agenda: '',
  notes: '',
  worked: '',
  didNotWork: '',
  questions: '',
  decisions: '',
  linkedCaseStudyIds: [],
  location: null,
  tally: { citizen: { female: 3, male: 2 } },
};

describe('workshop screens', () => {
  it('refuse a head count that is not a number and an end before the start, saving nothing', async () => {
    const user = userEvent.setup();
    renderAt('/workshops/new');
    await user.selectOptions(await screen.findByLabelText(/Kind of event/), 'seminar');
    await user.type(screen.getByLabelText(/^Title/), 'Budget hearing practice');
    await user.clear(screen.getByLabelText(/First day/));
    await user.type(screen.getByLabelText(/First day/), '2026-11-20');
    await user.type(screen.getByLabelText(/Last day/), '2026-11-19');
    await user.type(screen.getByLabelText('Citizen: Women'), 'a few');
    await user.click(screen.getByRole('button', { name: 'Save' }));
    expect(await screen.findByText('Enter a whole number, or leave it empty.')).toBeInTheDocument();
    expect(screen.getByLabelText('Citizen: Women')).toHaveAttribute('aria-invalid', 'true');
    // Once every box holds a number, the order of the days is checked.
    await user.clear(screen.getByLabelText('Citizen: Women'));
    await user.type(screen.getByLabelText('Citizen: Women'), '7');
    await user.click(screen.getByRole('button', { name: 'Save' }));
    expect(await screen.findByText('The last day cannot be before the first.')).toBeInTheDocument();
    expect(await db.workshops.count()).toBe(0);
    expect(await db.outbox.count()).toBe(0);
  });

  it('save an event and show totals derived from the head count', async () => {
    const user = userEvent.setup();
    const router = renderAt('/workshops/new');
    await user.selectOptions(await screen.findByLabelText(/Kind of event/), 'community_meeting');
    await user.type(screen.getByLabelText(/^Title/), 'Village meeting on the water tariff');
    await user.type(screen.getByLabelText('Citizen: Women'), '12');
    await user.type(screen.getByLabelText('Citizen: Men'), '9');
    await user.type(screen.getByLabelText('Youth: Women'), '4');
    expect(screen.getByTestId('tally-total-female')).toHaveTextContent('16');
    await user.click(screen.getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(router.state.location.pathname).toMatch(/^\/workshops\/[0-9a-f-]{36}$/));
    expect(await screen.findByTestId('people-summary')).toHaveTextContent('25 participants: 16 women, 9 men.');
    const [stored] = await db.workshops.toArray();
    expect(stored!.tally).toEqual({ citizen: { female: 12, male: 9 }, youth: { female: 4 } });
  });

  it('show a volunteer the events and actions but no way to change them', async () => {
    const id = await createWorkshop(db, communityId, event);
    await saveAction(db, { id, communityId }, undefined, { action: 'Publish the budget', owner: '', ownerCommunityId: null, dueDate: null, status: 'open' });
    await saveSession(db, {
      token: 't',
      user: { id: 'u', username: 'vol', displayName: 'Vol', role: 'volunteer', communityIds: [communityId] },
      expired: false,
    });
    renderAt(`/workshops/${id}`);
    const item = await screen.findByTestId('action-item');
    expect(within(item).getByRole('radio', { name: 'Open' })).toBeDisabled();
    expect(screen.queryByRole('link', { name: 'Edit event' })).not.toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Add a participant by name' })).not.toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Add a follow-up action' })).not.toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'Report for printing' })).toBeInTheDocument();
  });
});
