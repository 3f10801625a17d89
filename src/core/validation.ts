import * as v from 'valibot';
import { ASSET_CATEGORIES, LANGUAGES } from './model';

// Messages are translation keys (namespace "errors"), so the form and the server say the same thing
// in the reader's language.
const requiredText = (max: number) =>
  v.pipe(v.string(), v.trim(), v.minLength(1, 'required'), v.maxLength(max, 'too_long'));
const optionalText = (max: number) => v.pipe(v.string(), v.trim(), v.maxLength(max, 'too_long'));

export const LIMITS = { name: 200, description: 5000 } as const;

export const assetFormSchema = v.object({
  name: requiredText(LIMITS.name),
  category: v.picklist(ASSET_CATEGORIES, 'not_in_list'),
  description: optionalText(LIMITS.description),
});
export type AssetFormValues = v.InferInput<typeof assetFormSchema>;

const localizedNameSchema = v.object(
  Object.fromEntries(LANGUAGES.map((lang) => [lang, optionalText(LIMITS.name)])) as Record<
    (typeof LANGUAGES)[number],
    ReturnType<typeof optionalText>
  >,
);

export const communityFormSchema = v.pipe(
  v.object({
    name: localizedNameSchema,
    rayonCode: v.pipe(v.string(), v.minLength(1, 'not_in_list')),
  }),
  v.check((input) => LANGUAGES.some((lang) => input.name[lang].length > 0), 'name_needed'),
);
export type CommunityFormValues = v.InferInput<typeof communityFormSchema>;

export type FieldErrors = Partial<Record<string, string>>;

/** Runs a schema and returns either the clean output or one message key per field. */
export function validate<S extends v.GenericSchema>(
  schema: S,
  input: unknown,
): { ok: true; value: v.InferOutput<S> } | { ok: false; errors: FieldErrors } {
  const result = v.safeParse(schema, input);
  if (result.success) return { ok: true, value: result.output };
  const errors: FieldErrors = {};
  for (const issue of result.issues) {
    const key = issue.path?.map((item) => String(item.key)).join('.') ?? '';
    errors[key] ??= issue.message;
  }
  return { ok: false, errors };
}
