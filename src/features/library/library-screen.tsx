import { useLiveQuery } from 'dexie-react-hooks';
import { useTranslation } from 'react-i18next';
import { listLibrary } from '../../db/case-studies';
import { db } from '../../db/instance';
import { formatDate } from '../../i18n/format';
import { EmptyState } from '../../ui/empty-state';
import { Page } from '../../ui/page';
import { useCurrentCommunity, useLanguage } from '../../ui/use-app-data';

export function LibraryScreen() {
  const { t } = useTranslation('library');
  const lang = useLanguage();
  const community = useCurrentCommunity();
  const caseStudies = useLiveQuery(() => listLibrary(db, community?.id ?? null), [community?.id]);

  return (
    <Page title={t('title')}>
      <p className="lead">{t('intro')}</p>
      {caseStudies === undefined ? null : caseStudies.length === 0 ? (
        <EmptyState title={t('empty.title')}>
          <p>{t('empty.text')}</p>
        </EmptyState>
      ) : (
        <ul className="record-list">
          {caseStudies.map((caseStudy) => (
            <li key={caseStudy.id} className="record-item">
              <span className="record-title">{caseStudy.title}</span>
              <span className="record-meta">
                <span className="chip">{t(`status.${caseStudy.status}`)}</span>
                <span>{formatDate(caseStudy.updatedAt, lang)}</span>
              </span>
            </li>
          ))}
        </ul>
      )}
    </Page>
  );
}
