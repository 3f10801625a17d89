import { render, screen } from '@testing-library/react';
import { beforeAll, describe, expect, it } from 'vitest';
import { REPORT_SECTIONS } from '../../../src/core/model';
import type { LocalDoc } from '../../../src/db/database';
import { startI18n } from '../../../src/i18n/setup';
import { ConflictNotice } from '../../../src/ui/conflict-notice';

beforeAll(async () => {
  await startI18n('en');
});

// The plan's record holds the plan and the final report: each of their screens shows the
// conflicts of its own sections only, and a record without conflicts shows nothing.

const conflict = (value: string) => ({ value, hlc: '', by: 'Aida', winnerBy: 'Bakyt' });
const plan = {
  id: 'p1',
  title: 'Open budget',
  reportResults: '40 came',
  _c: { title: conflict('Budget for all'), reportResults: conflict('38 came') },
} as unknown as LocalDoc<{ id: string }>;

describe('the conflict notice', () => {
  it('shows only the fields its screen shows, when it is given them', () => {
    render(<ConflictNotice collection="plans" record={plan} label={(field) => `label ${field}`} editable={false} fields={REPORT_SECTIONS} />);
    expect(screen.getByText('label reportResults')).toBeTruthy();
    expect(screen.getByText('38 came')).toBeTruthy();
    expect(screen.queryByText('label title')).toBeNull();
  });

  it('shows every conflicting field without a list, and nothing when none of its fields conflicts', () => {
    const { unmount } = render(<ConflictNotice collection="plans" record={plan} label={(field) => `label ${field}`} editable={false} />);
    expect(screen.getByText('label title')).toBeTruthy();
    expect(screen.getByText('label reportResults')).toBeTruthy();
    unmount();
    const { container } = render(
      <ConflictNotice collection="plans" record={plan} label={(field) => field} editable={false} fields={['problem', 'reportLessons']} />,
    );
    expect(container.innerHTML).toBe('');
  });
});
