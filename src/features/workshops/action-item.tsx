import { useState } from 'react';
import { useTranslation } from '../../i18n/use-translation';
import { Link } from 'react-router';
import { ACTION_STATUSES, type FollowUpAction } from '../../core/model';
import { isOverdue, localToday } from '../../core/workshops';
import { db } from '../../db/instance';
import { deleteAction, setActionStatus } from '../../db/workshops';
import { formatDay } from '../../i18n/format';
import { useLanguage } from '../../ui/use-app-data';
import type { CommunityNames } from '../../ui/use-communities';

/** One follow-up action with its status, changed with one tap. */
export function ActionItem({
  action,
  communities,
  onEdit,
  eventTitle,
  readOnly = false,
}: {
  action: FollowUpAction;
  communities: CommunityNames;
  onEdit?: () => void;
  /** Shown (as a link to the event) where actions of several events are listed together. */
  eventTitle?: string;
  /** For people who may not change actions (volunteers): the status is shown, not offered. */
  readOnly?: boolean;
}) {
  const { t } = useTranslation('workshops');
  const lang = useLanguage();
  const overdue = isOverdue(action, localToday());
  const [confirming, setConfirming] = useState(false);
  return (
    <li className={overdue ? 'record-item action-item action-overdue' : 'record-item action-item'} data-testid="action-item">
      {eventTitle !== undefined && (
        <Link className="record-meta action-event" to={`/workshops/${action.workshopId}`}>
          {eventTitle || t('unknownEvent')}
        </Link>
      )}
      <span className="record-title">{action.action}</span>
      <span className="record-meta">
        {[
          action.owner || null,
          communities.name(action.ownerCommunityId) || null,
          action.dueDate ? t('followUp.dueOn', { date: formatDay(action.dueDate, lang) }) : null,
        ]
          .filter(Boolean)
          .join(' · ')}
      </span>
      {overdue && <span className="chip chip-overdue">{t('followUp.overdue')}</span>}
      <fieldset className="segmented">
        <legend className="visually-hidden">{t('followUp.status')}</legend>
        {ACTION_STATUSES.map((status) => (
          <label key={status} className={action.status === status ? 'segment segment-active' : 'segment'}>
            <input
              type="radio"
              name={`status-${action.id}`}
              className="visually-hidden"
              checked={action.status === status}
              disabled={readOnly}
              onChange={() => void setActionStatus(db, action.id, status)}
            />
            {t(`status.${status}`)}
          </label>
        ))}
      </fieldset>
      {onEdit && (
        <span className="row-actions">
          {confirming ? (
            <>
              <button type="button" className="button button-danger" onClick={() => void deleteAction(db, action.id)}>
                {t('followUp.removeConfirm')}
              </button>
              <button type="button" className="button" onClick={() => setConfirming(false)}>
                {t('followUp.keep')}
              </button>
            </>
          ) : (
            <>
              <button type="button" className="button button-small" onClick={onEdit}>
                {t('participants.editShort')}
              </button>
              <button type="button" className="button button-small" onClick={() => setConfirming(true)}>
                {t('followUp.remove')}
              </button>
            </>
          )}
        </span>
      )}
    </li>
  );
}
