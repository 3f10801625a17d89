import { useMemo, useState } from 'react';
import { useTranslation } from '../../i18n/use-translation';
import { TASK_STATUSES, type PlanActivity, type Task, type Team } from '../../core/model';
import { taskFormSchema, type TaskFormValues } from '../../core/team-validation';
import { byDeadline, isOverdue, teamCommunities } from '../../core/teams';
import { db } from '../../db/instance';
import { saveTask } from '../../db/teams';
import { formatDay } from '../../i18n/format';
import { SelectField, TextField } from '../../ui/field';
import { RecordFormFrame } from '../../ui/form/record-form-frame';
import { useRecordForm } from '../../ui/form/use-record-form';
import { useLanguage } from '../../ui/use-app-data';
import { useCommunities } from '../../ui/use-communities';

interface TaskListProps {
  team: Team;
  tasks: readonly Task[];
  activities: readonly PlanActivity[];
  today: string;
  mayWrite: boolean;
}

/** The team's tasks, late ones first, each with who does it and by when; members add and change them here. */
export function TaskList({ team, tasks, activities, today, mayWrite }: TaskListProps) {
  const { t } = useTranslation('teams');
  const lang = useLanguage();
  const communities = useCommunities();
  const [editing, setEditing] = useState<string | null>(null);
  const sorted = useMemo(() => [...tasks].sort(byDeadline(today)), [tasks, today]);
  const activityTitle = new Map(activities.map((activity) => [activity.id, activity.title]));

  return (
    <>
      {tasks.length === 0 && <p>{t('tasks.none')}</p>}
      <ul className="record-list">
        {sorted.map((task) =>
          editing === task.id ? (
            <li key={task.id}>
              <TaskForm team={team} task={task} activities={activities} onDone={() => setEditing(null)} />
            </li>
          ) : (
            <li key={task.id} className="card task-row">
              <span className="record-title">{task.title}</span>
              <span className="record-meta">
                <span className={task.status === 'done' ? 'chip' : 'chip chip-draft'}>{t(`tasks.status.${task.status}`)}</span>
                {isOverdue(task, today) && <span className="chip chip-overdue">{t('tasks.overdue')}</span>}
                {task.dueDate && <span>{t('tasks.due', { date: formatDay(task.dueDate, lang) })}</span>}
                {task.owner && <span>{task.owner}</span>}
                {task.ownerCommunityId && <span>{communities?.name(task.ownerCommunityId)}</span>}
                {task.activityId && activityTitle.get(task.activityId) && <span>{activityTitle.get(task.activityId)}</span>}
              </span>
              {mayWrite && (
                <button type="button" className="button button-small" onClick={() => setEditing(task.id)}>
                  {t('tasks.editTitle')}
                </button>
              )}
            </li>
          ),
        )}
      </ul>
      {mayWrite &&
        (editing === 'new' ? (
          <TaskForm team={team} activities={activities} onDone={() => setEditing(null)} />
        ) : (
          <button type="button" className="button" onClick={() => setEditing('new')}>
            {t('tasks.add')}
          </button>
        ))}
    </>
  );
}

function TaskForm({ team, task, activities, onDone }: { team: Team; task?: Task; activities: readonly PlanActivity[]; onDone: () => void }) {
  const { t } = useTranslation('teams');
  const { t: tc } = useTranslation();
  const communities = useCommunities();
  const initial = useMemo<TaskFormValues>(
    () => ({
      title: task?.title ?? '',
      owner: task?.owner ?? '',
      ownerCommunityId: task?.ownerCommunityId ?? '',
      dueDate: task?.dueDate ?? '',
      status: task?.status ?? 'todo',
      activityId: task?.activityId ?? '',
    }),
    [task],
  );
  const draftKey = task ? `task:${task.id}` : `task:new:${team.id}`;
  const form = useRecordForm({
    draftKey,
    initial,
    schema: taskFormSchema,
    write: ({ ownerCommunityId, dueDate, activityId, ...rest }) =>
      saveTask(
        db,
        team,
        { ...rest, ownerCommunityId: ownerCommunityId || null, dueDate: dueDate || null, activityId: activityId || null },
        { clearDraft: draftKey, ...(task ? { id: task.id } : {}) },
      ),
    onSaved: onDone,
  });
  if (!form.values) return null;
  return (
    <RecordFormFrame
      form={form}
      className="form inline-form"
      label={task ? t('tasks.editTitle') : t('tasks.new')}
      submitLabel={task ? tc('actions.save') : t('tasks.add')}
      onCancelled={onDone}
    >
      <TextField label={t('tasks.field.title')} {...form.field('title')} required maxLength={300} />
      <SelectField
        label={t('tasks.field.status')}
        {...form.field('status')}
        options={TASK_STATUSES.map((status) => ({ value: status, label: t(`tasks.status.${status}`) }))}
        required
      />
      <TextField label={t('tasks.field.owner')} {...form.field('owner')} maxLength={300} />
      <SelectField
        label={t('tasks.field.ownerCommunityId')}
        {...form.field('ownerCommunityId')}
        options={teamCommunities(team).map((id) => ({ value: id, label: communities?.choice(id) || t('field.unknownCommunity') }))}
        placeholder={t('tasks.noCommunity')}
      />
      <TextField type="date" label={t('tasks.field.dueDate')} {...form.field('dueDate')} />
      {activities.length > 0 && (
        <SelectField
          label={t('tasks.field.activityId')}
          {...form.field('activityId')}
          options={activities.map((activity) => ({ value: activity.id, label: activity.title }))}
          placeholder={t('tasks.noActivity')}
        />
      )}
    </RecordFormFrame>
  );
}
