import { render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { createMemoryRouter, RouterProvider } from 'react-router';
import { beforeEach, describe, expect, it } from 'vitest';
import { writeDoc } from '../../../src/db/docs';
import { addCommunity } from '../../../src/db/gazetteer';
import { db } from '../../../src/db/instance';
import { askQuestion } from '../../../src/db/practice';
import { saveCurrentCommunityId } from '../../../src/db/settings';
import { CirclesScreen } from '../../../src/features/practice/circles-screen';
import { saveSession } from '../../../src/sync/session';
import { freshPhoneInEnglish } from '../fresh-phone';

const ME = 'user-me';
let communityId: string;

freshPhoneInEnglish();
beforeEach(async () => {
  communityId = await addCommunity(db, { name: { ky: 'Ак-Сай', ru: '', en: 'Ak-Sai' }, rayonCode: '41705214000000' });
  await saveCurrentCommunityId(db, communityId);
  await saveSession(db, {
    token: 't',
    expired: false,
    user: { id: ME, username: 'me', displayName: 'Me', role: 'staff', communityIds: [communityId], position: 'finance_officer' },
  });
});

describe('the circles screen', () => {
  it('shows ten of what is new at first, and the rest on "show more", the circles staying in sight', async () => {
    for (let i = 1; i <= 12; i += 1) {
      const questionId = await askQuestion(db, communityId, { title: `Question ${i}`, text: '', circle: 'finance_officer', language: 'en' });
      await writeDoc(db, 'answers', `answer-${i}`, { communityId, questionId, text: 'Try this' });
      await db.answers.update(`answer-${i}`, { createdBy: 'a-peer' });
    }
    render(<RouterProvider router={createMemoryRouter([{ path: '/practice', element: <CirclesScreen /> }], { initialEntries: ['/practice'] })} />);
    const news = (await screen.findByRole('heading', { name: 'New for you' }, { timeout: 15_000 })).closest('section')!;
    expect(within(news).getAllByRole('link')).toHaveLength(10);
    await userEvent.click(within(news).getByRole('button', { name: 'Show 2 more' }));
    expect(within(news).getAllByRole('link')).toHaveLength(12);
    expect(within(news).queryByRole('button')).toBeNull();
    expect(screen.getByRole('link', { name: /^Finance officers/ })).toBeTruthy();
  });
});
