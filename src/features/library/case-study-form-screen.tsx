import { useLiveQuery } from 'dexie-react-hooks';
import { useMemo, useState } from 'react';
import { useTranslation } from '../../i18n/use-translation';
import { useNavigate, useParams, useSearchParams } from 'react-router';
import { newId } from '../../core/ids';
import { CASE_STUDY_TEXTS } from '../../core/model';
import { CASE_STUDY_LIMITS, caseStudyFormSchema } from '../../core/validation';
import { getCaseStudy, saveCaseStudy, versionsOf } from '../../db/case-studies';
import { acceptedThread } from '../../db/practice';
import { caseStudyFromThread } from '../../core/practice';
import { caseStudyFromTeam } from '../../core/teams';
import { readTeam } from '../../db/teams';
import { db } from '../../db/instance';
import { TextArea } from '../../ui/field';
import { PhotosField } from '../../ui/form/photos-field';
import { RecordFormFrame } from '../../ui/form/record-form-frame';
import { useRecordForm } from '../../ui/form/use-record-form';
import { MissingRecordPage, Page } from '../../ui/page';
import { useCurrentCommunity, useLanguage } from '../../ui/use-app-data';
import { caseStudyFormValues, caseStudyInput, translationFormValues } from './case-study-model';
import { AboutSection, ContactSection, ResourcesSection } from './case-study-sections';

/**
 * The guided form of the case-study template: what the problem was, what was done step by step,
 * what it cost, what came of it, what worked and what did not, and advice for a peer. Autosaved as
 * a draft while typing.
 */
export function CaseStudyFormScreen() {
  const { id } = useParams();
  const [params] = useSearchParams();
  const translationOf = id === undefined ? params.get('translationOf') : null;
  // A draft from a thread of the circles: the question as the problem, its accepted answer as what was done.
  const fromQuestion = id === undefined && !translationOf ? params.get('fromQuestion') : null;
  // A draft from a learning team's work (one per member community): its plan's problem, activities and results.
  const fromTeam = id === undefined && !translationOf && !fromQuestion ? params.get('team') : null;
  const isNew = id === undefined;
  const { t } = useTranslation('library');
  const lang = useLanguage();
  const navigate = useNavigate();
  const community = useCurrentCommunity();
  const existing = useLiveQuery(async () => (isNew ? null : ((await getCaseStudy(db, id)) ?? null)), [id]);
  const versions = useLiveQuery(async () => (translationOf ? await versionsOf(db, translationOf) : null), [translationOf]);
  const root = versions?.find((doc) => doc.id === translationOf);
  const thread = useLiveQuery(async () => (fromQuestion ? await acceptedThread(db, fromQuestion) : null), [fromQuestion]);
  const team = useLiveQuery(async () => (fromTeam ? ((await readTeam(db, fromTeam)) ?? null) : null), [fromTeam]);
  const grewFrom = useMemo(
    () => (thread ? caseStudyFromThread(thread.question, thread.accepted) : team ? caseStudyFromTeam(team.team, team.plan, lang) : null),
    [thread, team, lang],
  );
  const [newDocId] = useState(newId);
  const initial = useMemo(() => {
    if (!isNew) return existing ? caseStudyFormValues(existing, lang) : undefined;
    if (fromQuestion) return thread === undefined ? undefined : caseStudyFormValues({ ...grewFrom, id: newDocId }, lang);
    if (fromTeam) return team === undefined ? undefined : caseStudyFormValues({ ...grewFrom, id: newDocId }, lang);
    if (!translationOf) return caseStudyFormValues({ id: newDocId }, lang);
    return root && versions ? { ...translationFormValues(root, versions, lang), recordId: newDocId } : undefined;
  }, [isNew, existing, translationOf, root, versions, lang, newDocId, fromQuestion, thread, fromTeam, team, grewFrom]);
  const draftKey = isNew
    ? translationOf
      ? `caseStudy:translate:${translationOf}`
      : fromQuestion
        ? `caseStudy:fromQuestion:${fromQuestion}`
        : fromTeam
          ? `caseStudy:fromTeam:${fromTeam}`
          : 'caseStudy:new'
    : `caseStudy:${id}`;
  const form = useRecordForm({
    draftKey,
    initial,
    schema: caseStudyFormSchema,
    photos: { collection: 'caseStudies', isNew },
    ready: !!community,
    write: (value, values) =>
      saveCaseStudy(
        db,
        values.recordId,
        caseStudyInput(value, translationOf, root, { fromQuestionId: thread?.question.id, teamId: team?.team.id }),
        community!,
        { isNew, clearDraft: draftKey },
      ),
    onSaved: ({ values }) => void navigate(`/library/${values.recordId}`, { replace: isNew }),
  });

  if (!isNew && existing === null) return <MissingRecordPage title={t('notFound')} text={t('notFoundText')} backTo="/library" />;
  const values = form.values;
  const backTo = isNew
    ? translationOf
      ? `/library/${translationOf}`
      : fromQuestion
        ? `/practice/q/${fromQuestion}`
        : fromTeam
          ? `/teams/${fromTeam}`
          : '/library'
    : `/library/${id}`;
  const title = isNew ? (translationOf ? t('form.translateTitle') : t('form.newTitle')) : t('form.editTitle');
  const text = (field: (typeof CASE_STUDY_TEXTS)[number]) => (
    <TextArea label={t(`field.${field}`)} hint={t(`hint.${field}`)} {...form.field(field)} maxLength={CASE_STUDY_LIMITS.text} />
  );

  return (
    <Page title={title} backTo={backTo}>
      {values && (
        <RecordFormFrame form={form} canSave={!!community} onCancelled={() => void navigate(backTo)}>
          {root && <p className="notice">{t('form.translating', { title: root.title })}</p>}
          {grewFrom && <p className="notice">{t('form.fromThread', { title: grewFrom.title })}</p>}
          <AboutSection form={form} />

          <fieldset className="form-section">
            <legend>{t('form.sectionStory')}</legend>
            {text('problem')}
            {text('actions')}
            {text('results')}
          </fieldset>

          <fieldset className="form-section">
            <legend>{t('form.sectionLessons')}</legend>
            {text('worked')}
            {text('didNotWork')}
            {text('advice')}
          </fieldset>

          <ResourcesSection form={form} />
          <ContactSection form={form} />

          <PhotosField
            className="form-section"
            legend={t('field.attachments')}
            {...form.photoField(existing?.attachments)}
            acceptPdf
            newNote={<p className="field-hint">{t('form.pdfAfterSave')}</p>}
          />
        </RecordFormFrame>
      )}
    </Page>
  );
}
