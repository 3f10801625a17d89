import { memo } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { localizedName } from '../../core/model';
import { ExampleChip, ExampleSource } from '../../ui/example-note';
import { CardBody } from '../../ui/record-card';
import { useLanguage } from '../../ui/use-app-data';
import type { CaseSummary } from '../../search/library-index';

export const CaseStudyCard = memo(function CaseStudyCard({ item }: { item: CaseSummary }) {
  const { t } = useTranslation('library');
  const lang = useLanguage();
  const place = item.communityName ? localizedName(item.communityName, lang) : null;
  return (
    <li className="case-card">
      <Link to={`/library/${item.id}`} className="record-link">
        <span className="record-title">{item.title}</span>
        <CardBody thumb={item.thumb}>
          <span className="record-meta">
            {[place, item.year].filter(Boolean).join(' · ')}
            {item.status === 'draft' && <span className="chip chip-draft">{t('status.draft')}</span>}
            {item.example && <ExampleChip />}
          </span>
          {item.example && <ExampleSource basedOn={item.basedOn} />}
          <span className="chips">
            {item.topics.map((topic) => (
              <span key={topic} className="chip">
                {t(`topic.${topic}`)}
              </span>
            ))}
            {item.languages.length > 1 &&
              item.languages.map((language) => (
                <span key={language} className="chip chip-lang" lang={language}>
                  {language.toUpperCase()}
                </span>
              ))}
          </span>
        </CardBody>
        {item.snippet && <span className="case-snippet">{item.snippet}</span>}
      </Link>
    </li>
  );
});
