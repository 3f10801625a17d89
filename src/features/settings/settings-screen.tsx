import { useLiveQuery } from 'dexie-react-hooks';
import { useTranslation } from '../../i18n/use-translation';
import { Link } from 'react-router';
import { localizedName } from '../../core/model';
import { db } from '../../db/instance';
import { pendingChangeCount } from '../../db/outbox';
import { GPS_ACCURACY_LIMITS_M, readGpsAccuracyLimit, saveGpsAccuracyLimit } from '../../db/settings';
import { formatNumber } from '../../i18n/format';
import { SelectField } from '../../ui/field';
import { LanguageSwitcher } from '../../ui/language-switcher';
import { Page } from '../../ui/page';
import { useCurrentCommunity, useLanguage } from '../../ui/use-app-data';
import { CarryOverOffer } from './carry-over-offer';
import { SyncCard } from './sync-card';
import { useBytes } from './use-bytes';
import { useStorageStatus } from './use-storage-status';

export function SettingsScreen() {
  const { t } = useTranslation('settings');
  const lang = useLanguage();
  const community = useCurrentCommunity();
  const pending = useLiveQuery(() => pendingChangeCount(db), []);
  const { status: storage } = useStorageStatus(pending);

  const bytes = useBytes();

  return (
    <Page title={t('title')}>
      <SyncCard />
      <CarryOverOffer />

      <section className="card" aria-labelledby="community-title">
        <h2 id="community-title">{t('community.title')}</h2>
        <p>{community ? localizedName(community.name, lang) : t('community.none')}</p>
        <p className="link-row">
          <Link to="/welcome" className="button">
            {t('community.change')}
          </Link>
          <Link to="/communities" className="button">
            {t('community.manage')}
          </Link>
        </p>
      </section>

      <section className="card">
        <LanguageSwitcher />
      </section>

      <FieldWorkCard />

      <section className="card" aria-labelledby="storage-title">
        <h2 id="storage-title">{t('storage.title')}</h2>
        {storage && (
          <dl className="facts">
            <div>
              <dt>{t('storage.persisted')}</dt>
              <dd data-testid="persisted">{storage.persisted === null ? t('unknown') : storage.persisted ? t('storage.yes') : t('storage.no')}</dd>
            </div>
            <div>
              <dt>{t('storage.used')}</dt>
              <dd>{bytes(storage.usageBytes)}</dd>
            </div>
            <div>
              <dt>{t('storage.quota')}</dt>
              <dd>{bytes(storage.quotaBytes)}</dd>
            </div>
          </dl>
        )}
        {storage?.persisted === false && <p className="field-hint">{t('storage.notPersistedHint')}</p>}
        <p className="link-row">
          <Link to="/settings/storage" className="button">
            {t('storage.healthLink')}
          </Link>
          <Link to="/settings/backup" className="button">
            {t('storage.backupLink')}
          </Link>
        </p>
      </section>

      <p className="app-version">{t('version', { version: __APP_VERSION__ })}</p>
    </Page>
  );
}

/** Settings for mapping in the field. */
function FieldWorkCard() {
  const { t } = useTranslation('settings');
  const lang = useLanguage();
  const limit = useLiveQuery(() => readGpsAccuracyLimit(db), []);
  if (limit === undefined) return null;
  return (
    <section className="card" aria-labelledby="fieldwork-title">
      <h2 id="fieldwork-title">{t('fieldWork.title')}</h2>
      <SelectField
        label={t('fieldWork.gpsLimit')}
        hint={t('fieldWork.gpsLimitHint')}
        value={String(limit)}
        onChange={(value) => void saveGpsAccuracyLimit(db, Number(value))}
        options={GPS_ACCURACY_LIMITS_M.map((metres) => ({ value: String(metres), label: t('fieldWork.metres', { value: formatNumber(metres, lang) }) }))}
      />
    </section>
  );
}
