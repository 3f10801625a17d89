import { useLiveQuery } from 'dexie-react-hooks';
import { useTranslation } from 'react-i18next';
import { Link, useLocation } from 'react-router';
import { listAssets } from '../../db/assets';
import { db } from '../../db/instance';
import { formatDate } from '../../i18n/format';
import { EmptyState } from '../../ui/empty-state';
import { IconPlus } from '../../ui/icons';
import { Page } from '../../ui/page';
import { useCurrentCommunity, useLanguage } from '../../ui/use-app-data';

export function AssetListScreen() {
  const { t } = useTranslation('assets');
  const lang = useLanguage();
  const community = useCurrentCommunity();
  const justSaved = (useLocation().state as { saved?: boolean } | null)?.saved === true;
  const assets = useLiveQuery(
    () => (community ? listAssets(db, community.id) : Promise.resolve([])),
    [community?.id],
  );

  const addButton = (
    <Link to="/assets/new" className="button button-primary">
      <IconPlus />
      {t('add')}
    </Link>
  );

  return (
    <Page title={t('title')} actions={addButton}>
      <p className="notice notice-success" role="status" hidden={!justSaved}>
        {t('saved')}
      </p>
      {assets === undefined ? null : assets.length === 0 ? (
        <EmptyState title={t('empty.title')}>
          <p>{t('empty.text')}</p>
        </EmptyState>
      ) : (
        <>
          <p className="list-count" aria-live="polite">
            {t('count', { count: assets.length })}
          </p>
          <ul className="record-list">
            {assets.map((asset) => (
              <li key={asset.id}>
                <Link to={`/assets/${asset.id}`} className="record-link">
                  <span className="record-title">{asset.name}</span>
                  <span className="record-meta">
                    <span className={`chip chip-${asset.category}`}>{t(`category.${asset.category}`)}</span>
                    <span>{formatDate(asset.updatedAt, lang)}</span>
                  </span>
                </Link>
              </li>
            ))}
          </ul>
        </>
      )}
    </Page>
  );
}
