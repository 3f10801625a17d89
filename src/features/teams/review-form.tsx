import { useMemo, useState } from 'react';
import { useTranslation } from '../../i18n/use-translation';
import { PLAN_SECTIONS, REVIEW_CRITERIA, REVIEW_DECISIONS, SCORE_MAX, commentField, scoreField, type Round } from '../../core/model';
import { TEAM_LIMITS } from '../../core/protocol-basics';
import { reviewFormSchema, type ReviewFormValues } from '../../core/team-validation';
import { db } from '../../db/instance';
import { saveReview } from '../../db/teams';
import { SelectField, TextArea } from '../../ui/field';
import { RecordFormFrame } from '../../ui/form/record-form-frame';
import { useRecordForm } from '../../ui/form/use-record-form';

const SCORES = Array.from({ length: SCORE_MAX }, (_, index) => String(index + 1));

/** A mentor's review of a round: a score per criterion, a comment per section, and the decision. Offline too. */
export function ReviewForm({ round }: { round: Round }) {
  const { t } = useTranslation('teams');
  const [saved, setSaved] = useState(false);
  const initial = useMemo<ReviewFormValues>(
    () => ({
      decision: round.decision ?? '',
      ...Object.fromEntries(REVIEW_CRITERIA.map((criterion) => [scoreField(criterion), String(round[scoreField(criterion)] ?? '')])),
      ...Object.fromEntries(PLAN_SECTIONS.map((section) => [commentField(section), round[commentField(section)] ?? ''])),
    }),
    [round],
  );
  const draftKey = `review:${round.id}`;
  const form = useRecordForm({
    draftKey,
    initial,
    schema: reviewFormSchema,
    write: (checked) => {
      // The scores and comments are one field each (generated from the criteria and sections).
      const value = checked as Record<string, string>;
      const review: Record<string, unknown> = { decision: value.decision || null };
      for (const criterion of REVIEW_CRITERIA) review[scoreField(criterion)] = value[scoreField(criterion)] ? Number(value[scoreField(criterion)]) : null;
      for (const section of PLAN_SECTIONS) review[commentField(section)] = value[commentField(section)];
      return saveReview(db, round.id, review, { clearDraft: draftKey });
    },
    onSaved: () => setSaved(true),
  });
  if (!form.values) return null;
  return (
    <section aria-labelledby="review-title">
      <h2 id="review-title" className="section-title">
        {t('review.title')}
      </h2>
      {saved && (
        <p className="notice" role="status">
          {t('review.saved')}
        </p>
      )}
      <RecordFormFrame form={form} onCancelled={() => setSaved(false)} label={t('review.title')} submitLabel={t('review.save')}>
        <p className="field-hint">{t('review.intro')}</p>
        {REVIEW_CRITERIA.map((criterion) => (
          <SelectField
            key={criterion}
            label={t(`review.criterion.${criterion}`)}
            {...form.field(scoreField(criterion))}
            options={SCORES.map((score) => ({ value: score, label: score }))}
            placeholder={t('review.noScore')}
          />
        ))}
        {PLAN_SECTIONS.map((section) => (
          <TextArea
            key={section}
            label={t('review.commentOn', { section: t(`section.${section}`) })}
            {...form.field(commentField(section))}
            maxLength={TEAM_LIMITS.comment}
          />
        ))}
        <SelectField
          label={t('review.decision')}
          {...form.field('decision')}
          options={REVIEW_DECISIONS.map((decision) => ({ value: decision, label: t(`rounds.decision.${decision}`) }))}
          placeholder={t('review.undecided')}
        />
      </RecordFormFrame>
    </section>
  );
}
