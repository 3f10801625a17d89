import { newId } from '../../core/ids';
import { WORKSHOP_TEXTS, type FollowUpAction, type Participant, type Workshop } from '../../core/model';
import type { ActionFormValues, ParticipantFormValues, WorkshopFormValues } from '../../core/validation';
import { boxesOf } from '../../core/workshops';
import type { WithPendingPhotos } from '../../ui/form/use-record-form';
import type { CommunityNames } from '../../ui/use-communities';

export type WorkshopFormState = WorkshopFormValues & WithPendingPhotos;

/** An event as its form edits it; a new one gets the id it will be saved under. */
export function workshopFormValues(doc: Partial<Workshop>): WorkshopFormState {
  return {
    type: doc.type ?? ('' as WorkshopFormState['type']),
    title: doc.title ?? '',
    startDate: doc.startDate ?? '',
    endDate: doc.endDate ?? '',
    hostCommunityId: doc.hostCommunityId ?? '',
    visitingCommunityIds: doc.visitingCommunityIds ?? [],
    facilitators: doc.facilitators ?? '',
    ...(Object.fromEntries(WORKSHOP_TEXTS.map((field) => [field, doc[field] ?? ''])) as Record<(typeof WORKSHOP_TEXTS)[number], string>),
    linkedCaseStudyIds: doc.linkedCaseStudyIds ?? [],
    location: doc.location ?? null,
    tally: boxesOf(doc.tally),
    pendingPhotos: [],
    recordId: doc.id ?? newId(),
  };
}

/** A named participant as the form edits them; empty for someone new. */
export function participantFormValues(participant: Participant | undefined): ParticipantFormValues {
  return {
    name: participant?.name ?? '',
    gender: participant?.gender ?? '',
    role: participant?.role ?? '',
    fromCommunityId: participant?.fromCommunityId ?? '',
    phone: participant?.phone ?? '',
    phoneConsent: participant?.phoneConsent ?? false,
  };
}

/** A follow-up action as the form edits it; open, for a new one. */
export function actionFormValues(action: FollowUpAction | undefined): ActionFormValues {
  return {
    action: action?.action ?? '',
    owner: action?.owner ?? '',
    ownerCommunityId: action?.ownerCommunityId ?? '',
    dueDate: action?.dueDate ?? '',
    status: action?.status ?? 'open',
  };
}

/**
 * The communities to pick from for someone at the event: its host, its own and its visitors
 * first, then (with `everyone`) all the others.
 */
export function communityOptions(
  workshop: Pick<Workshop, 'communityId' | 'hostCommunityId' | 'visitingCommunityIds'>,
  communities: CommunityNames,
  everyone: boolean,
): { value: string; label: string }[] {
  const near = new Set([workshop.hostCommunityId, workshop.communityId, ...(workshop.visitingCommunityIds ?? [])].filter(Boolean));
  const first = communities.list.filter((community) => near.has(community.id));
  const rest = everyone ? communities.list.filter((community) => !near.has(community.id)) : [];
  return [...first, ...rest].map((community) => ({ value: community.id, label: communities.choice(community.id) }));
}

/** What a form for one part of an event (a participant, an action) is given. */
export interface WorkshopPartFormProps {
  workshop: Pick<Workshop, 'id' | 'communityId' | 'hostCommunityId' | 'visitingCommunityIds'>;
  communities: CommunityNames;
  /** Called when the form is saved or cancelled. */
  onDone: () => void;
}
