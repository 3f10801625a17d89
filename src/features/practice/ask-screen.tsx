import { useLiveQuery } from 'dexie-react-hooks';
import { useMemo } from 'react';
import { useTranslation } from '../../i18n/use-translation';
import { useNavigate, useParams, useSearchParams } from 'react-router';
import { CIRCLES, LANGUAGES, TOPICS, type Circle } from '../../core/model';
import { PRACTICE_LIMITS } from '../../core/protocol-basics';
import { questionFormSchema, type QuestionFormValues } from '../../core/validation';
import { newId } from '../../core/ids';
import { db } from '../../db/instance';
import { askQuestion, editQuestion } from '../../db/practice';
import { LANGUAGE_ENDONYMS } from '../../i18n/languages';
import { CheckboxGroup } from '../../ui/choices';
import { SelectField, TextArea, TextField } from '../../ui/field';
import { RecordFormFrame } from '../../ui/form/record-form-frame';
import { useRecordForm, type WithPendingPhotos } from '../../ui/form/use-record-form';
import { PhotosField } from '../../ui/form/photos-field';
import { MissingRecordPage, Page } from '../../ui/page';
import { useCurrentCommunity, useLanguage } from '../../ui/use-app-data';
import { useSession } from '../../ui/use-session';
import { circleLabelKey, isCircle, isPosition } from './practice-model';
import { LinkedCaseStudies, SimilarHint } from './similar-hint';

type Values = QuestionFormValues & WithPendingPhotos;

/**
 * A question to peers: one line, the details, the circle that should see it; or its author's
 * changes to it (`/practice/q/:id/edit`: its circle stays). Kept as a draft while typed.
 */
export function AskScreen() {
  const { t } = useTranslation('practice');
  const { t: tl } = useTranslation('library');
  const { id } = useParams();
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const lang = useLanguage();
  const community = useCurrentCommunity();
  const session = useSession();
  const existing = useLiveQuery(async () => (id ? ((await db.questions.get(id)) ?? null) : undefined), [id]);
  const chosen = params.get('circle') ?? '';
  // The values to start from: read once, when the form opens and the sign-in (or the question) is known.
  const known = session !== undefined && (!id || existing !== undefined);
  const initial = useMemo<Values | undefined>(() => {
    if (!known) return undefined;
    if (existing) {
      const { title, text, circle, language, topics = [], linkedCaseStudyIds = [] } = existing;
      return { title, text, circle, language, topics, linkedCaseStudyIds, pendingPhotos: [], recordId: existing.id };
    }
    const position = session?.user.position ?? '';
    const circle = isCircle(chosen) ? chosen : isCircle(position) ? position : ('' as Values['circle']);
    return {
      title: '',
      text: '',
      circle,
      language: lang,
      topics: isCircle(chosen) && !isPosition(chosen) ? [chosen] : [],
      linkedCaseStudyIds: [],
      pendingPhotos: [],
      recordId: newId(),
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [known]);
  const draftKey = id ? `question:${id}` : 'question:new';
  const form = useRecordForm({
    draftKey,
    initial,
    schema: questionFormSchema,
    photos: { collection: 'questions', isNew: !id },
    ready: Boolean(community && session),
    write: (value, values) =>
      id
        ? editQuestion(
            db,
            id,
            { title: value.title, text: value.text, language: value.language, topics: value.topics, linkedCaseStudyIds: value.linkedCaseStudyIds },
            { clearDraft: draftKey },
          )
        : askQuestion(db, community!.id, value, { clearDraft: draftKey, id: values.recordId }),
    onSaved: ({ values }) => void navigate(`/practice/q/${values.recordId}`, { replace: true }),
  });
  const backTo = id ? `/practice/q/${id}` : isCircle(chosen) ? `/practice/c/${chosen}` : '/practice';
  if (id && (existing === null || existing?._deleted))
    return <MissingRecordPage title={t('thread.notHere')} text={t('thread.notHereText')} backTo="/practice" />;

  return (
    <Page title={id ? t('editTitle') : t('askTitle')} backTo={backTo}>
      {session === null && <p className="notice">{t('signInFirst')}</p>}
      {form.values && (
        <RecordFormFrame form={form} canSave={Boolean(community && session)} onCancelled={() => void navigate(backTo)}>
          <TextField label={t('field.title')} hint={t('field.titleHint')} {...form.field('title')} required maxLength={PRACTICE_LIMITS.title} />
          <SimilarHint title={form.values.title} skip={id} linked={form.values.linkedCaseStudyIds ?? []} onLink={form.field('linkedCaseStudyIds').onChange} />
          <LinkedCaseStudies {...form.field('linkedCaseStudyIds')} />
          <TextArea label={t('field.text')} hint={t('field.textHint')} {...form.field('text')} maxLength={PRACTICE_LIMITS.text} />
          {id ? (
            <p className="field-hint">{t('field.circleStays', { circle: t(circleLabelKey(form.values.circle as Circle)) })}</p>
          ) : (
            <SelectField
              label={t('field.circle')}
              {...form.field('circle')}
              options={CIRCLES.map((circle) => ({ value: circle, label: t(circleLabelKey(circle)) }))}
              placeholder=""
              required
            />
          )}
          <SelectField
            label={t('field.language')}
            {...form.field('language')}
            options={LANGUAGES.map((language) => ({ value: language, label: LANGUAGE_ENDONYMS[language] }))}
            required
          />
          <PhotosField
            legend={t('field.photos')}
            hint={t('field.photosHint')}
            acceptPdf
            newNote={<p className="field-hint">{t('field.pdfAfterSave')}</p>}
            {...form.photoField(existing?.attachments)}
          />
          <CheckboxGroup
            legend={t('field.topics')}
            options={TOPICS.map((topic) => ({ value: topic, label: tl(`topic.${topic}`) }))}
            {...form.field('topics')}
          />
        </RecordFormFrame>
      )}
    </Page>
  );
}
