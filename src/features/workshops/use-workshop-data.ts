import { useLiveQuery } from 'dexie-react-hooks';
import { useMemo } from 'react';
import { useTranslation } from '../../i18n/use-translation';
import { db } from '../../db/instance';
import { useCurrentCommunity } from '../../ui/use-app-data';
import { useSession } from '../../ui/use-session';

const SEES_ALL = new Set(['coordinator', 'admin']);

/**
 * The communities whose events this person follows: the one the phone works for and every one the
 * signed-in user belongs to. Coordinators and admins follow every event the phone holds (null).
 * Undefined while loading.
 */
export function useMyCommunityIds(): string[] | null | undefined {
  const community = useCurrentCommunity();
  const session = useSession();
  return useMemo(() => {
    if (community === undefined || session === undefined) return undefined;
    if (session && SEES_ALL.has(session.user.role)) return null;
    return [...new Set([...(community ? [community.id] : []), ...(session?.user.communityIds ?? [])])];
  }, [community, session]);
}

/** The case studies an event can link to (originals, not translations), an example marked as one. */
export function useCaseStudyChoices(): { value: string; label: string }[] {
  const { t } = useTranslation();
  const caseStudies = useLiveQuery(async () => (await db.caseStudies.toArray()).filter((doc) => !doc._deleted && !doc.translationOf), []);
  return useMemo(
    () => (caseStudies ?? []).map((doc) => ({ value: doc.id, label: doc.example ? t('example.labelled', { title: doc.title }) : doc.title })),
    [caseStudies, t],
  );
}
