import { useTranslation } from '../../i18n/use-translation';
import { Link, useParams } from 'react-router';
import { PLAN_SECTIONS, REVIEW_CRITERIA, SCORE_MAX, commentField, type Round } from '../../core/model';
import { changedSections, roundScores } from '../../core/teams';
import { formatDate } from '../../i18n/format';
import { MissingRecordPage, Page } from '../../ui/page';
import { useLanguage } from '../../ui/use-app-data';
import { PlanSectionView } from './plan-section-view';
import { ReviewForm } from './review-form';
import { useTeam, useTeamRoles } from './use-teams';

/**
 * One review round: the plan as submitted, each section beside the round before it (what changed,
 * with the mentors' comments next to it), the scores and the decision; mentors review it here.
 */
export function RoundScreen() {
  const { id, number } = useParams();
  const { t } = useTranslation('teams');
  const lang = useLanguage();
  const bundle = useTeam(id);
  const roles = useTeamRoles(bundle?.team);
  const round = bundle?.rounds.find((candidate) => String(candidate.number) === number);
  if (bundle === null || !id || (bundle && !round))
    return <MissingRecordPage title={t('notFound')} text={t('notFoundText')} backTo={id ? `/teams/${id}` : '/teams'} />;
  if (!bundle || !round) return null;
  const previous = bundle.rounds.find((candidate) => candidate.number === round.number - 1);
  const changed = new Set(changedSections(previous, round));
  const { scores, total, scored } = roundScores(round);

  return (
    <Page title={t('rounds.round', { number: round.number })} backTo={`/teams/${id}`}>
      <p className="record-meta">
        <span>{bundle.team.name}</span>
        <span>{t('rounds.submittedOn', { date: formatDate(round.createdAt, lang) })}</span>
        <span className={round.decision === 'approved' ? 'chip' : round.decision === 'revise' ? 'chip chip-overdue' : 'chip chip-draft'}>
          {round.decision ? t(`rounds.decision.${round.decision}`) : t('rounds.undecided')}
        </span>
      </p>
      <p className="field-hint">{t('rounds.frozen')}</p>
      <p>
        <Link to={`/print/team/${id}/rounds/${round.number}`} className="button">
          {t('print.round')}
        </Link>
      </p>
      {scored > 0 && (
        <section className="card" aria-labelledby="round-scores">
          <h2 id="round-scores" className="section-title">
            {t('rounds.score', { total, max: SCORE_MAX * REVIEW_CRITERIA.length })}
          </h2>
          <dl className="facts">
            {REVIEW_CRITERIA.map((criterion, index) => (
              <div key={criterion} className="fact">
                <dt>{t(`review.criterion.${criterion}`)}</dt>
                <dd>{scores[index] ?? t('review.noScore')}</dd>
              </div>
            ))}
          </dl>
        </section>
      )}
      <p className="field-hint">{previous ? t('rounds.compareWith', { number: previous.number }) : t('rounds.firstRound')}</p>
      {PLAN_SECTIONS.map((section) => (
        <section key={section} className="card round-section" data-section={section} aria-labelledby={`section-${section}`}>
          <h2 id={`section-${section}`} className="section-title">
            {t(`section.${section}`)}
          </h2>
          {previous && (
            <p className={changed.has(section) ? 'chip chip-draft' : 'chip'}>
              {changed.has(section) ? t('rounds.changed', { number: previous.number }) : t('rounds.unchanged')}
            </p>
          )}
          <div className={previous ? 'side-by-side' : undefined}>
            {previous && (
              <div className="side">
                <h3 className="side-title">{t('rounds.previous', { number: previous.number })}</h3>
                <PlanSectionView content={previous} section={section} />
                <Comment round={previous} section={section} />
              </div>
            )}
            <div className="side">
              {previous && <h3 className="side-title">{t('rounds.now')}</h3>}
              <PlanSectionView content={round} section={section} />
              <Comment round={round} section={section} />
            </div>
          </div>
        </section>
      ))}
      {roles.reviews ? <ReviewForm round={round} /> : <p className="field-hint">{t('review.onlyMentors')}</p>}
    </Page>
  );
}

function Comment({ round, section }: { round: Round; section: (typeof PLAN_SECTIONS)[number] }) {
  const { t } = useTranslation('teams');
  const comment = round[commentField(section)];
  if (!comment) return null;
  return (
    <aside className="notice review-comment" aria-label={t('rounds.comment')}>
      <p className="notice-title">{t('rounds.comment')}</p>
      <p>{comment}</p>
    </aside>
  );
}
