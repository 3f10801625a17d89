import { useState } from 'react';
import { useTranslation } from '../../i18n/use-translation';
import { Link } from 'react-router';
import type { Team } from '../../core/model';
import type { PlanStage } from '../../core/teams';
import { db } from '../../db/instance';
import { submitRound } from '../../db/teams';
import { useTeamRoles } from './use-teams';

/**
 * Where the team's plan stands, the way to it, and (for the lead community's staff) submitting it
 * for review as the next round: the plan as it is now, frozen for that round.
 */
export function PlanCard({ team, progress }: { team: Team; progress: { stage: PlanStage; round: number; next: number | null } }) {
  const { t } = useTranslation('teams');
  const roles = useTeamRoles(team);
  const [submitted, setSubmitted] = useState<number | null>(null);
  const { stage, round, next } = progress;
  return (
    <section className="card" aria-labelledby="team-plan">
      <h2 id="team-plan" className="section-title">
        {t('plan.title')}
      </h2>
      <p>
        <span className={stage === 'approved' ? 'chip' : stage === 'revise' ? 'chip chip-overdue' : 'chip chip-draft'}>
          {t(`stage.${stage}`, { number: round })}
        </span>
      </p>
      <Link to={`/teams/${team.id}/plan`} className="button">
        {t('plan.open')}
      </Link>
      {submitted !== null && (
        <p className="notice" role="status">
          {t('plan.submitted', { number: submitted })}
        </p>
      )}
      {stage === 'inReview' && submitted === null && <p className="field-hint">{t('plan.waitForReview', { number: round })}</p>}
      {next !== null && roles.submits && (
        <>
          <p className="field-hint">{t('plan.submitHint')}</p>
          <button type="button" className="button button-primary" onClick={() => void submitRound(db, team, next).then(() => setSubmitted(next))}>
            {t('plan.submit', { number: next })}
          </button>
        </>
      )}
      {next !== null && roles.writes && !roles.submits && <p className="field-hint">{t('plan.onlyLead')}</p>}
    </section>
  );
}
