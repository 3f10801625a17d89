import { useTranslation } from '../../i18n/use-translation';
import type { PlanContent, PlanSection } from '../../core/model';
import { formatDay, formatNumber } from '../../i18n/format';
import { RichText } from '../../ui/rich-text';
import { useLanguage } from '../../ui/use-app-data';
import { useCommunities } from '../../ui/use-communities';

/** One section of a plan (or of a round's frozen copy) as read: text, the activities, or the budget with its total. */
export function PlanSectionView({ content, section }: { content: PlanContent | undefined; section: PlanSection }) {
  const { t } = useTranslation('teams');
  const { t: tl } = useTranslation('library');
  const lang = useLanguage();
  const communities = useCommunities();
  if (section === 'activities') {
    const rows = content?.activities ?? [];
    if (rows.length === 0) return <p className="field-hint">{t('plan.empty')}</p>;
    return (
      <ul className="plain-list">
        {rows.map((row) => (
          <li key={row.id}>
            <strong>{row.title}</strong>
            {[row.from && formatDay(row.from, lang), row.to && formatDay(row.to, lang)].filter(Boolean).length > 0 && (
              <span> · {[row.from && formatDay(row.from, lang), row.to && formatDay(row.to, lang)].filter(Boolean).join(' – ')}</span>
            )}
            {row.hostCommunityId && <span> · {communities?.name(row.hostCommunityId)}</span>}
          </li>
        ))}
      </ul>
    );
  }
  if (section === 'budget') {
    const rows = content?.budget ?? [];
    if (rows.length === 0) return <p className="field-hint">{t('plan.empty')}</p>;
    const total = rows.reduce((sum, row) => sum + row.amountSom, 0);
    return (
      <>
        <ul className="plain-list">
          {rows.map((row) => (
            <li key={row.id}>
              {row.item}: {t('plan.amountSom', { amount: formatNumber(row.amountSom, lang) })} · {tl(`source.${row.source}`)}
            </li>
          ))}
        </ul>
        <p className="record-meta">{t('plan.total', { amount: formatNumber(total, lang) })}</p>
      </>
    );
  }
  const text = content?.[section];
  return text ? <RichText text={text} /> : <p className="field-hint">{t('plan.empty')}</p>;
}
