import { useTranslation } from '../i18n/use-translation';

// How an example case study (core/example.ts) is marked wherever it shows: lists, search results,
// its page, its printout, and the events that link it. Nobody should take one for a real
// community's report.

export function ExampleChip() {
  const { t } = useTranslation();
  return <span className="chip chip-example">{t('example.chip')}</span>;
}

/** "Based on: …", in a list card. */
export function ExampleSource({ basedOn }: { basedOn: string | null }) {
  const { t } = useTranslation();
  return basedOn ? <span className="example-source">{t('example.basedOn', { source: basedOn })}</span> : null;
}

/** At the top of an example's page and printout: what it is and what it is based on. */
export function ExampleNote({ basedOn }: { basedOn: string | null }) {
  const { t } = useTranslation();
  return (
    <div className="notice notice-example" role="note">
      <p className="notice-title">{t('example.title')}</p>
      <p>{t('example.text')}</p>
      {basedOn && <p>{t('example.basedOn', { source: basedOn })}</p>}
    </div>
  );
}
