import { useTranslation } from '../i18n/use-translation';
import { decodeHlc } from '../core/hlc';
import type { Collection } from '../core/model';
import type { FieldConflict } from '../core/protocol';
import type { LocalDoc } from '../db/database';
import { writeDoc } from '../db/docs';
import { db } from '../db/instance';
import { formatDateTime } from '../i18n/format';
import { requestSync } from '../sync/instance';
import { useLanguage } from './use-app-data';

interface ConflictNoticeProps {
  collection: Collection;
  record: LocalDoc<{ id: string }>;
  /** The field's label in the reader's language. */
  label: (field: string) => string;
  /** A value as the reader should see it (a category's name, a list joined). */
  show?: (field: string, value: unknown) => string;
  /** Whether the person may change this record. */
  editable: boolean;
  /** The fields this screen shows, when it shows only some of the record's (all by default). */
  fields?: readonly string[];
}

/**
 * Two people set the same field differently at the same time (both offline): the server kept the
 * value that lost, and it is shown here beside the one that won, with who wrote each, so nothing
 * vanishes without a word. A person who may edit the record takes the other value, or keeps this
 * one, in one tap; either write, made having seen both, ends the notice on every phone.
 */
export function ConflictNotice({ collection, record, label, show = plainValue, editable, fields }: ConflictNoticeProps) {
  const { t } = useTranslation();
  const lang = useLanguage();
  const conflicts = Object.entries(record._c ?? {}).filter(([field]) => !fields || fields.includes(field));
  if (conflicts.length === 0) return null;

  async function choose(field: string, value: unknown) {
    await writeDoc(db, collection, record.id, { [field]: value }, { restamp: [field] });
    requestSync();
  }

  return (
    <section className="notice conflict-notice" role="status" aria-labelledby={`conflicts-${record.id}`}>
      <p className="notice-title" id={`conflicts-${record.id}`}>
        {t('conflict.title')}
      </p>
      <ul className="conflict-list">
        {conflicts.map(([field, conflict]) => (
          <ConflictItem
            key={field}
            field={field}
            conflict={conflict}
            current={(record as Record<string, unknown>)[field]}
            label={label(field)}
            show={show}
            editable={editable}
            lang={lang}
            onChoose={choose}
          />
        ))}
      </ul>
    </section>
  );
}

interface ConflictItemProps {
  field: string;
  conflict: FieldConflict;
  current: unknown;
  label: string;
  show: (field: string, value: unknown) => string;
  editable: boolean;
  lang: ReturnType<typeof useLanguage>;
  onChoose: (field: string, value: unknown) => Promise<void>;
}

function ConflictItem({ field, conflict, current, label, show, editable, lang, onChoose }: ConflictItemProps) {
  const { t } = useTranslation();
  const writtenAt = decodeHlc(conflict.hlc)?.wallMs;
  const someone = t('conflict.someone');
  return (
    <li className="conflict-item" data-field={field}>
      <p className="conflict-field">{label}</p>
      <dl className="conflict-values">
        <dt>{t('conflict.shown', { name: conflict.winnerBy || someone })}</dt>
        <dd className="conflict-value" data-testid="conflict-current">
          {show(field, current)}
        </dd>
        <dt>
          {t('conflict.other', { name: conflict.by || someone })}
          {writtenAt ? ` · ${formatDateTime(new Date(writtenAt).toISOString(), lang)}` : ''}
        </dt>
        <dd className="conflict-value" data-testid="conflict-other">
          {show(field, conflict.value)}
        </dd>
      </dl>
      {editable && (
        <div className="form-actions">
          <button type="button" className="button button-primary" onClick={() => void onChoose(field, conflict.value)}>
            {t('conflict.takeOther')}
          </button>
          <button type="button" className="button" onClick={() => void onChoose(field, current)}>
            {t('conflict.keepThis')}
          </button>
        </div>
      )}
    </li>
  );
}

function plainValue(_field: string, value: unknown): string {
  if (Array.isArray(value)) return value.join(', ');
  if (value === null || value === undefined || value === '') return '—';
  return String(value);
}
