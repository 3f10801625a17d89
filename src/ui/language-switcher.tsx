import { useTranslation } from '../i18n/use-translation';
import { LANGUAGES, type Language } from '../core/model';
import { db } from '../db/instance';
import { saveLanguage } from '../db/settings';
import { LANGUAGE_ENDONYMS } from '../i18n/languages';
import { switchLanguage } from '../i18n/setup';
import { useLanguage } from './use-app-data';

export function LanguageSwitcher() {
  const { t } = useTranslation();
  const current = useLanguage();

  async function choose(lang: Language) {
    await saveLanguage(db, lang);
    await switchLanguage(lang);
  }

  return (
    <fieldset className="segmented">
      <legend>{t('language')}</legend>
      {LANGUAGES.map((lang) => (
        <button
          key={lang}
          type="button"
          lang={lang}
          className={lang === current ? 'segment segment-active' : 'segment'}
          aria-pressed={lang === current}
          onClick={() => void choose(lang)}
        >
          {LANGUAGE_ENDONYMS[lang]}
        </button>
      ))}
    </fieldset>
  );
}
