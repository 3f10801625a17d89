import { useState } from 'react';
import { useTranslation } from '../../i18n/use-translation';
import { localizedName, type Question } from '../../core/model';
import { db } from '../../db/instance';
import { askToAnswer } from '../../db/practice';
import { SelectField } from '../../ui/field';
import { useLiveQuery } from 'dexie-react-hooks';
import { useLanguage } from '../../ui/use-app-data';
import { usePeople } from '../../ui/use-people';

/**
 * The help desk asks a named person to answer a question: picked from the people the server listed
 * (fetched when online, kept for offline). The person finds it under "asked of you" after a sync.
 */
export function AskExpert({ question }: { question: Question }) {
  const { t } = useTranslation('practice');
  const lang = useLanguage();
  const people = usePeople(true);
  const communities = useLiveQuery(() => db.communities.toArray(), []);
  const [chosen, setChosen] = useState('');
  const asked = new Set(question.askedOf ?? []);
  const nameOf = (id: string) => people?.find((person) => person.id === id)?.displayName ?? t('desk.someone');
  const placeOf = (ids: string[]) =>
    ids
      .map((id) => communities?.find((community) => community.id === id))
      .filter((community) => community !== undefined)
      .map((community) => localizedName(community.name, lang))
      .join(', ');
  const choices = (people ?? [])
    .filter((person) => !asked.has(person.id) && person.id !== question.createdBy)
    .map((person) => ({
      value: person.id,
      label: [person.displayName, person.position ? t(`position.${person.position}`) : '', placeOf(person.communityIds)].filter(Boolean).join(' · '),
    }));

  return (
    <section className="card ask-expert" aria-labelledby="ask-expert-title">
      <h2 id="ask-expert-title" className="section-title">
        {t('desk.askTitle')}
      </h2>
      {asked.size > 0 && <p>{t('desk.askedAlready', { names: [...asked].map(nameOf).join(', ') })}</p>}
      {people === null ? (
        <p className="field-hint">{t('desk.noPeopleYet')}</p>
      ) : (
        <form
          className="ask-expert-form"
          onSubmit={(event) => {
            event.preventDefault();
            if (!chosen) return;
            void askToAnswer(db, question.id, [chosen]).then(() => setChosen(''));
          }}
        >
          <SelectField label={t('desk.person')} value={chosen} onChange={setChosen} placeholder="" options={choices} />
          <button type="submit" className="button button-primary" disabled={!chosen}>
            {t('desk.ask')}
          </button>
        </form>
      )}
    </section>
  );
}
