import * as v from 'valibot';
import { ApiFailure } from './errors';

/** Parses a request body with a schema, or fails with 400 naming the first field at fault. */
export function parseBody<S extends v.GenericSchema>(schema: S, body: unknown): v.InferOutput<S> {
  // Every body is a JSON object. valibot's object schemas also take an array (it is an object), so
  // `[]` would pass as a request whose fields are all optional.
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw new ApiFailure(400, 'bad_request', 'Send a JSON object.');
  const result = v.safeParse(schema, body);
  if (result.success) return result.output;
  const issue = result.issues[0];
  const field = issue.path?.map((item) => String(item.key)).join('.');
  const code = /^[a-z_]+$/.test(issue.message) ? issue.message : 'bad_request';
  throw new ApiFailure(400, code, field ? `Invalid field: ${field}` : 'Invalid request body.', field);
}
