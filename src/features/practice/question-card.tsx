import { memo } from 'react';
import { useTranslation } from '../../i18n/use-translation';
import { Link } from 'react-router';
import { formatDate } from '../../i18n/format';
import { HELP_DESK_DAYS } from '../../core/practice';
import { useLanguage } from '../../ui/use-app-data';
import type { QuestionRow } from './practice-model';
import { circleLabelKey } from './practice-model';

/**
 * One question in a list (a circle, search results, the help desk, what is new): its title, how
 * many answers, whether one is accepted, and what the list adds (a note, the circle, the words found).
 */
export const QuestionCard = memo(
  QuestionCardView,
  (before, after) => before.showCircle === after.showCircle && before.note === after.note && sameRow(before.row, after.row),
);

/** What a card shows of its row: rows come new from each search, and a card is drawn again only when one of these changed. */
const SHOWN: readonly (keyof QuestionRow)[] = ['id', 'title', 'snippet', 'waiting', 'hidden', 'answers', 'accepted', 'circle', 'createdAt'];
const sameRow = (a: QuestionRow, b: QuestionRow) => SHOWN.every((key) => a[key] === b[key]);

function QuestionCardView({ row, showCircle = false, note }: { row: QuestionRow; showCircle?: boolean; note?: string }) {
  const { t } = useTranslation('practice');
  const lang = useLanguage();
  return (
    <li>
      <Link to={`/practice/q/${row.id}`} className="record-link">
        <span className="record-title">{row.title}</span>
        {row.snippet && <span className="case-snippet">{row.snippet}</span>}
        <span className="record-meta">
          {note && <span className="chip">{note}</span>}
          {row.waiting && <span className="chip chip-overdue">{t('desk.waiting', { days: HELP_DESK_DAYS })}</span>}
          {row.hidden && <span className="chip chip-draft">{t('search.hidden')}</span>}
          <span>{t('answers', { count: row.answers })}</span>
          {row.accepted && <span className="chip">{t('answered')}</span>}
          {showCircle && <span>{t(circleLabelKey(row.circle))}</span>}
          <span>{formatDate(row.createdAt, lang)}</span>
        </span>
      </Link>
    </li>
  );
}
