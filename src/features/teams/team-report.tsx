import { useTranslation } from '../../i18n/use-translation';
import { Link } from 'react-router';
import type { ReportContent } from '../../core/model';
import { hasReport, writtenSections, type PlanStage } from '../../core/teams';
import { RichText } from '../../ui/rich-text';

/**
 * The team's final report on its screen: what is written of it, and the way to write it for the
 * staff of the team's communities once the plan is approved (before that, a word on when).
 */
export function TeamReport({ teamId, report, stage, mayWrite }: { teamId: string; report: ReportContent | undefined; stage: PlanStage; mayWrite: boolean }) {
  const { t } = useTranslation('teams');
  const written = hasReport(report);
  return (
    <section aria-labelledby="team-report">
      <h2 id="team-report" className="section-title">
        {t('report.title')}
      </h2>
      {written ? <ReportSections report={report} /> : <p className="field-hint">{t(stage === 'approved' ? 'report.empty' : 'report.afterApproval')}</p>}
      {mayWrite && (stage === 'approved' || written) && (
        <Link to={`/teams/${teamId}/report`} className="button">
          {t(written ? 'report.edit' : 'report.write')}
        </Link>
      )}
    </section>
  );
}

/** The report's written sections, each under its heading (on the team's screen and on paper). */
export function ReportSections({ report }: { report: ReportContent | undefined }) {
  const { t } = useTranslation('teams');
  return (
    <>
      {writtenSections(report).map((section) => (
        <section key={section} className="report-section" data-section={section}>
          <h3>{t(`section.${section}`)}</h3>
          <RichText text={report![section]!} />
        </section>
      ))}
    </>
  );
}
