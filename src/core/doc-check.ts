import * as v from 'valibot';
import { isHlc } from './hlc';
import { isUuid } from './ids';
import { COLLECTIONS, POSITIONS, type Language } from './model';
import { FIELD_SCHEMAS, SERVER_OWNED_FIELDS, type DocState } from './protocol';

// A whole document as a device holds it (a backup file carries these), checked field by field with
// the same schemas the server applies to each change, so a file can never put into a phone what the
// server would refuse.

const nameText = v.pipe(v.string(), v.maxLength(200));
/** A name in each shipped language (names in languages added later are dropped, not refused). */
export const localizedNameSchema = v.object({ ky: nameText, ru: nameText, en: nameText } satisfies Record<Language, v.GenericSchema<string>>);

/** The fields the server writes; a device holds what the server sent, or what it set itself before sending. */
const SERVER_OWNED_SCHEMAS: Record<string, v.GenericSchema> = {
  createdBy: v.pipe(v.string(), v.maxLength(100)),
  communityName: localizedNameSchema,
  rayonCode: v.nullable(v.pipe(v.string(), v.maxLength(20))),
  authorName: nameText,
  authorPosition: v.nullable(v.picklist(POSITIONS)),
};

const docShape = v.strictObject({
  collection: v.picklist(COLLECTIONS),
  docId: v.pipe(
    v.string(),
    v.check((s) => isUuid(s)),
  ),
  fields: v.record(v.pipe(v.string(), v.maxLength(64)), v.unknown()),
  versions: v.record(
    v.pipe(v.string(), v.maxLength(64)),
    v.pipe(
      v.string(),
      v.check((s) => isHlc(s)),
    ),
  ),
  deleted: v.boolean(),
});

/** Checks one document; returns it, or the field at fault ('' when the shape itself is wrong). */
export function checkDocState(input: unknown): { ok: true; doc: DocState } | { ok: false; field: string } {
  const parsed = v.safeParse(docShape, input);
  if (!parsed.success) return { ok: false, field: '' };
  const doc = parsed.output;
  const schemas = FIELD_SCHEMAS[doc.collection];
  for (const [field, value] of Object.entries(doc.fields)) {
    const schema = SERVER_OWNED_FIELDS.has(field) ? SERVER_OWNED_SCHEMAS[field] : Object.hasOwn(schemas, field) ? schemas[field] : undefined;
    if (!schema || !v.safeParse(schema, value).success) return { ok: false, field };
  }
  return { ok: true, doc };
}
