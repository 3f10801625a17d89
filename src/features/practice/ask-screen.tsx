import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useSearchParams } from 'react-router';
import { CIRCLES, LANGUAGES, TOPICS } from '../../core/model';
import { PRACTICE_LIMITS } from '../../core/protocol';
import { questionFormSchema, type QuestionFormValues } from '../../core/validation';
import { newId } from '../../core/ids';
import { db } from '../../db/instance';
import { askQuestion } from '../../db/practice';
import { LANGUAGE_ENDONYMS } from '../../i18n/languages';
import { CheckboxGroup } from '../../ui/choices';
import { SelectField, TextArea, TextField } from '../../ui/field';
import { RecordFormFrame } from '../../ui/form/record-form-frame';
import { useRecordForm, type WithPendingPhotos } from '../../ui/form/use-record-form';
import { PhotosField } from '../../ui/form/photos-field';
import { Page } from '../../ui/page';
import { useCurrentCommunity, useLanguage } from '../../ui/use-app-data';
import { useSession } from '../../ui/use-session';
import { circleLabelKey, isCircle, isPosition } from './practice-model';

type Values = QuestionFormValues & WithPendingPhotos;

/** A question to peers: one line, the details, the circle that should see it. Kept as a draft while typed. */
export function AskScreen() {
  const { t } = useTranslation('practice');
  const { t: tl } = useTranslation('library');
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const lang = useLanguage();
  const community = useCurrentCommunity();
  const session = useSession();
  const chosen = params.get('circle') ?? '';
  // The circle and language to start with: read once, when the form opens and the sign-in is known.
  const known = session !== undefined;
  const initial = useMemo<Values | undefined>(() => {
    if (!known) return undefined;
    const position = session?.user.position ?? '';
    const circle = isCircle(chosen) ? chosen : isCircle(position) ? position : ('' as Values['circle']);
    return {
      title: '',
      text: '',
      circle,
      language: lang,
      topics: isCircle(chosen) && !isPosition(chosen) ? [chosen] : [],
      pendingPhotos: [],
      recordId: newId(),
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [known]);
  const draftKey = 'question:new';
  const form = useRecordForm({
    draftKey,
    initial,
    schema: questionFormSchema,
    photos: { collection: 'questions', isNew: true },
    ready: Boolean(community && session),
    write: (value, values) => askQuestion(db, community!.id, value, { clearDraft: draftKey, id: values.recordId }),
    onSaved: ({ values }) => void navigate(`/practice/q/${values.recordId}`, { replace: true }),
  });
  const backTo = isCircle(chosen) ? `/practice/c/${chosen}` : '/practice';

  return (
    <Page title={t('askTitle')} backTo={backTo}>
      {session === null && <p className="notice">{t('signInFirst')}</p>}
      {form.values && (
        <RecordFormFrame form={form} canSave={Boolean(community && session)} onCancelled={() => void navigate(backTo)}>
          <TextField label={t('field.title')} hint={t('field.titleHint')} {...form.field('title')} required maxLength={PRACTICE_LIMITS.title} />
          <TextArea label={t('field.text')} hint={t('field.textHint')} {...form.field('text')} maxLength={PRACTICE_LIMITS.text} />
          <SelectField
            label={t('field.circle')}
            {...form.field('circle')}
            options={CIRCLES.map((circle) => ({ value: circle, label: t(circleLabelKey(circle)) }))}
            placeholder=""
            required
          />
          <SelectField
            label={t('field.language')}
            {...form.field('language')}
            options={LANGUAGES.map((language) => ({ value: language, label: LANGUAGE_ENDONYMS[language] }))}
            required
          />
          <PhotosField legend={t('field.photos')} hint={t('field.photosHint')} {...form.photoField([])} />
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
