import { useLiveQuery } from 'dexie-react-hooks';
import { useTranslation } from 'react-i18next';
import { db } from '../../db/instance';
import { listWorkshops } from '../../db/workshops';
import { formatDate } from '../../i18n/format';
import { EmptyState } from '../../ui/empty-state';
import { Page } from '../../ui/page';
import { useCurrentCommunity, useLanguage } from '../../ui/use-app-data';

export function WorkshopsScreen() {
  const { t } = useTranslation('workshops');
  const lang = useLanguage();
  const community = useCurrentCommunity();
  const workshops = useLiveQuery(
    () => (community ? listWorkshops(db, community.id) : Promise.resolve([])),
    [community?.id],
  );

  return (
    <Page title={t('title')}>
      <p className="lead">{t('intro')}</p>
      {workshops === undefined ? null : workshops.length === 0 ? (
        <EmptyState title={t('empty.title')}>
          <p>{t('empty.text')}</p>
        </EmptyState>
      ) : (
        <ul className="record-list">
          {workshops.map((workshop) => (
            <li key={workshop.id} className="record-item">
              <span className="record-title">{workshop.title}</span>
              <span className="record-meta">
                <span className="chip">{t(`type.${workshop.type}`)}</span>
                <span>{formatDate(workshop.startDate, lang)}</span>
              </span>
            </li>
          ))}
        </ul>
      )}
    </Page>
  );
}
