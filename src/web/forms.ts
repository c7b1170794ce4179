// Reading a posted form: a body that is not a well-formed form is the sender's mistake, answered with a 400.
import type { Context } from 'hono';
import { problemPage } from './pages/not-found.js';

export type Form = Record<string, string | File>;

/** The fields of a posted form, or the 400 page to answer with when its body cannot be read as one. */
export async function readForm(c: Context): Promise<{ form: Form } | { problem: Response }> {
  try {
    return { form: (await c.req.parseBody()) as Form };
  } catch {
    const message =
      'The form could not be read: its body is not a well-formed form (a broken upload, or a malformed encoding). ' +
      'Go back, reload the page and send it again.';
    return { problem: await problemPage(c, 400, 'Could not read the form', message) };
  }
}

/** A text field, trimmed; '' when it is missing or is a file. */
export const textField = (form: Form, name: string) => {
  const value = form[name];
  return typeof value === 'string' ? value.trim() : '';
};
