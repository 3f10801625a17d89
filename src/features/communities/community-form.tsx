import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from '../../i18n/use-translation';
import { LANGUAGES } from '../../core/model';
import { communityFormSchema, LIMITS, validate, type FieldErrors } from '../../core/validation';
import { addCommunity } from '../../db/gazetteer';
import { db } from '../../db/instance';
import { TextField } from '../../ui/field';
import { LANGUAGE_ENDONYMS } from '../../i18n/languages';
import { useLanguage } from '../../ui/use-app-data';
import { RayonPicker } from './rayon-picker';
import type { Gazetteer } from './use-gazetteer';

interface CommunityFormProps {
  gazetteer: Gazetteer;
  initialRegion?: string;
  initialRayon?: string;
  onAdded: (communityId: string) => void;
  onCancel?: () => void;
}

/** Adds an ayil aimak or town by hand: its name in any of the languages, and its rayon. */
export function CommunityForm({ gazetteer, initialRegion = '', initialRayon = '', onAdded, onCancel }: CommunityFormProps) {
  const { t } = useTranslation('gazetteer');
  const { t: tc } = useTranslation();
  const lang = useLanguage();
  const [name, setName] = useState({ ky: '', ru: '', en: '' });
  const [place, setPlace] = useState({ regionCode: initialRegion, rayonCode: initialRayon });
  const [errors, setErrors] = useState<FieldErrors>({});
  const heading = useRef<HTMLHeadingElement>(null);
  // The form replaces the button that opened it: move focus into it, or keyboard users are lost.
  useEffect(() => heading.current?.focus(), []);
  // The reader's own language first: that is the name they are most likely to know.
  const order = [lang, ...LANGUAGES.filter((other) => other !== lang)];

  async function onSubmit(event: FormEvent) {
    event.preventDefault();
    const result = validate(communityFormSchema, { name, rayonCode: place.rayonCode });
    if (!result.ok) {
      setErrors(result.errors);
      return;
    }
    const id = await addCommunity(db, result.value);
    onAdded(id);
  }

  return (
    <form className="form" onSubmit={onSubmit} noValidate aria-labelledby="community-form-title">
      <h2 id="community-form-title" ref={heading} tabIndex={-1}>
        {t('addTitle')}
      </h2>
      {order.map((language, index) => (
        <TextField
          key={language}
          label={t('nameIn', { language: LANGUAGE_ENDONYMS[language] })}
          value={name[language]}
          onChange={(value) => setName((current) => ({ ...current, [language]: value }))}
          hint={index === 0 ? t('nameHint') : undefined}
          error={index === 0 ? errors[''] : errors[`name.${language}`]}
          maxLength={LIMITS.name}
          required={index === 0}
        />
      ))}
      <RayonPicker gazetteer={gazetteer} {...place} onChange={setPlace} rayonError={errors.rayonCode} />
      <div className="form-actions">
        <button type="submit" className="button button-primary">
          {t('add')}
        </button>
        {onCancel && (
          <button type="button" className="button" onClick={onCancel}>
            {tc('actions.cancel')}
          </button>
        )}
      </div>
    </form>
  );
}
