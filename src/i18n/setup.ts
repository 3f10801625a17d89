import i18next, { type i18n, type Resource } from 'i18next';
import type { Language } from '../core/model';
import { NAMESPACES } from './languages';
import { rememberedLanguage, rememberLanguage } from './remembered-language';
import { forgetTexts } from './use-translation';

// Each language's files become one lazily loaded chunk (precached for offline use), so a phone
// downloads only the language it shows.
const bundles = import.meta.glob<{ default: Record<string, unknown> }>('../../locales/*/*.json');

async function loadLanguage(lang: Language): Promise<Resource[string]> {
  const entries = await Promise.all(
    NAMESPACES.map(async (ns) => {
      const load = bundles[`../../locales/${lang}/${ns}.json`];
      if (!load) throw new Error(`missing locale file ${lang}/${ns}.json`);
      return [ns, (await load()).default] as const;
    }),
  );
  return Object.fromEntries(entries);
}

export async function startI18n(lang: Language, instance: i18n = i18next): Promise<i18n> {
  const resources = { [lang]: await loadLanguage(lang) };
  await instance.init({
    lng: lang,
    resources,
    ns: [...NAMESPACES],
    defaultNS: 'common',
    fallbackLng: false,
    interpolation: { escapeValue: false },
    returnNull: false,
  });
  forgetTexts();
  setDocumentLanguage(lang);
  return instance;
}

export async function switchLanguage(lang: Language, instance: i18n = i18next): Promise<void> {
  if (!instance.hasResourceBundle(lang, 'common')) {
    const resources = await loadLanguage(lang);
    for (const [ns, bundle] of Object.entries(resources)) instance.addResourceBundle(lang, ns, bundle);
    forgetTexts();
  }
  await instance.changeLanguage(lang);
  setDocumentLanguage(lang);
}

function setDocumentLanguage(lang: Language): void {
  if (typeof document !== 'undefined') document.documentElement.lang = lang;
  rememberLanguage(lang);
}

/**
 * Starts loading the language this phone showed last (remembered beside the database, where it can
 * be read at once), so its texts arrive while the database opens rather than after. The language
 * used is still the database's; a wrong guess costs one extra download.
 */
export function startLoadingLanguage(): void {
  const remembered = rememberedLanguage();
  if (remembered) loadLanguage(remembered).catch(() => undefined);
}

/**
 * Makes every shipped language available to `getFixedT` without switching: exports write the names
 * of categories in all three languages.
 */
export async function loadAllLanguages(instance: i18n = i18next): Promise<void> {
  for (const lang of ['ky', 'ru', 'en'] as const) {
    if (instance.hasResourceBundle(lang, 'common')) continue;
    const resources = await loadLanguage(lang);
    for (const [ns, bundle] of Object.entries(resources)) instance.addResourceBundle(lang, ns, bundle);
    forgetTexts();
  }
}
