import { memo } from 'react';
import { useTranslation } from '../../i18n/use-translation';
import { Link } from 'react-router';
import { localizedName, type Language, type Topic } from '../../core/model';
import { ExampleChip, ExampleSource } from '../../ui/example-note';
import { CardBody } from '../../ui/record-card';
import { useLanguage } from '../../ui/use-app-data';
import type { CaseSummary } from '../../search/library-index';
import { sameList, sameSummary } from './case-study-model';

/**
 * A case study in a list. Each keystroke in the search brings new objects for the same case
 * studies: a card draws again only when what it shows changed, and only the part that changed
 * (a new snippet does not translate the topics again; translating is most of a card's cost).
 */
export const CaseStudyCard = memo(
  function CaseStudyCard({ item }: { item: CaseSummary }) {
    const lang = useLanguage();
    const place = item.communityName ? localizedName(item.communityName, lang) : null;
    return (
      <li className="case-card">
        <Link to={`/library/${item.id}`} className="record-link">
          <span className="record-title">{item.title}</span>
          <CardBody thumb={item.thumb}>
            <span className="record-meta">
              {[place, item.year].filter(Boolean).join(' · ')}
              {item.status === 'draft' && <DraftChip />}
              {item.example && <ExampleChip />}
            </span>
            {item.example && <ExampleSource basedOn={item.basedOn} />}
            <CardChips topics={item.topics} languages={item.languages} />
          </CardBody>
          {item.snippet && <span className="case-snippet">{item.snippet}</span>}
        </Link>
      </li>
    );
  },
  (before, after) => sameSummary(before.item, after.item),
);

function DraftChip() {
  const { t } = useTranslation('library');
  return <span className="chip chip-draft">{t('status.draft')}</span>;
}

const CardChips = memo(
  function CardChips({ topics, languages }: { topics: readonly Topic[]; languages: readonly Language[] }) {
    const { t } = useTranslation('library');
    return (
      <span className="chips">
        {topics.map((topic) => (
          <span key={topic} className="chip">
            {t(`topic.${topic}`)}
          </span>
        ))}
        {languages.length > 1 &&
          languages.map((language) => (
            <span key={language} className="chip chip-lang" lang={language}>
              {language.toUpperCase()}
            </span>
          ))}
      </span>
    );
  },
  (before, after) => sameList(before.topics, after.topics) && sameList(before.languages, after.languages),
);
