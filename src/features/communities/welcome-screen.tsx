import { useEffect, useState } from 'react';
import { useTranslation } from '../../i18n/use-translation';
import { Link, useNavigate } from 'react-router';
import { localizedName } from '../../core/model';
import { db } from '../../db/instance';
import { saveCurrentCommunityId } from '../../db/settings';
import { SelectField } from '../../ui/field';
import { revealApp } from '../../ui/snapshot-handover';
import { LanguageSwitcher } from '../../ui/language-switcher';
import { Page } from '../../ui/page';
import { storageLostAt, useCurrentCommunity, useLanguage } from '../../ui/use-app-data';
import { CommunityForm } from './community-form';
import { RayonPicker } from './rayon-picker';
import { useGazetteer } from './use-gazetteer';

/** First start (and "change community"): the language, then the community this phone works for. */
export function WelcomeScreen() {
  const { t } = useTranslation('gazetteer');
  const { t: tc } = useTranslation();
  const lang = useLanguage();
  const navigate = useNavigate();
  const gazetteer = useGazetteer(lang);
  const current = useCurrentCommunity();
  const [place, setPlace] = useState<{ regionCode: string; rayonCode: string } | null>(null);
  const [communityId, setCommunityId] = useState('');
  const [adding, setAdding] = useState(false);
  const [error, setError] = useState<string | undefined>();
  const [lost] = useState(() => storageLostAt() !== null);
  const drawn = gazetteer !== undefined && current !== undefined;
  // A first visit's page shows the top of this screen before the app (src/core/first-visit.ts).
  useEffect(() => {
    if (drawn) revealApp();
  }, [drawn]);

  if (!gazetteer || current === undefined) return null;
  const chosenPlace = place ?? {
    regionCode: gazetteer.regionOf(current?.rayonCode ?? null),
    rayonCode: current?.rayonCode ?? '',
  };
  const chosenCommunity = communityId || current?.id || '';
  const communities = chosenPlace.rayonCode ? gazetteer.communitiesIn(chosenPlace.rayonCode) : [];

  async function choose(id: string) {
    await saveCurrentCommunityId(db, id);
    void navigate('/library', { replace: true });
  }

  return (
    <Page title={current ? t('changeTitle') : tc('welcome.title')} backTo={current ? '/settings' : undefined}>
      {!current && lost && (
        <div className="notice notice-warning" role="alert" data-testid="storage-lost">
          <p className="notice-title">{tc('welcome.lostTitle')}</p>
          <p>{tc('welcome.lostText')}</p>
        </div>
      )}
      {!current && <p className="lead">{tc('welcome.text')}</p>}
      {!current && (
        <p className="link-row">
          <Link to="/settings" className="button">
            {t('signInInstead')}
          </Link>
          <Link to="/settings/backup" className="button">
            {t('backupInstead')}
          </Link>
        </p>
      )}
      <LanguageSwitcher />
      {adding ? (
        <CommunityForm
          gazetteer={gazetteer}
          initialRegion={chosenPlace.regionCode}
          initialRayon={chosenPlace.rayonCode}
          onAdded={(id) => void choose(id)}
          onCancel={() => setAdding(false)}
        />
      ) : (
        <form
          className="form"
          aria-labelledby="choose-title"
          onSubmit={(event) => {
            event.preventDefault();
            if (!chosenCommunity) setError('not_in_list');
            else void choose(chosenCommunity);
          }}
          noValidate
        >
          <h2 id="choose-title">{t('chooseTitle')}</h2>
          <p className="field-hint">{t('chooseHint')}</p>
          <RayonPicker
            gazetteer={gazetteer}
            {...chosenPlace}
            onChange={(next) => {
              setPlace(next);
              setCommunityId('');
            }}
          />
          {chosenPlace.rayonCode &&
            (communities.length > 0 ? (
              <SelectField
                label={t('community')}
                value={chosenCommunity}
                placeholder={tc('form.choose')}
                options={communities.map((community) => ({
                  value: community.id,
                  label: localizedName(community.name, lang),
                }))}
                onChange={(id) => {
                  setCommunityId(id);
                  setError(undefined);
                }}
                error={error}
                required
              />
            ) : (
              <p className="notice">{t('noneInRayon')}</p>
            ))}
          <div className="form-actions">
            <button type="submit" className="button button-primary" disabled={communities.length === 0}>
              {tc('actions.continue')}
            </button>
            <button type="button" className="button" onClick={() => setAdding(true)}>
              {t('addInstead')}
            </button>
          </div>
          <p>
            <Link to="/communities">{t('importLink')}</Link>
          </p>
        </form>
      )}
    </Page>
  );
}
