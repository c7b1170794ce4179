// Credentials written into URLs (a DATABASE_URL's password, a feed's access token) masked for log lines and
// messages: every place that shows a URL or a text that may hold one passes it through here first.

const masked = '***';

/**
 * Query parameters that carry a secret: libpq's password, sslpassword, sslkey and passfile, and any other whose
 * name holds pass, secret, token or key (api_key, access_token, client_secret).
 */
const secretParameter = /pass|secret|token|key/i;

/**
 * A URL with the password of its user part and its secret query parameters replaced by ***. The user part is
 * taken to end at the last @ before the query, as a password may hold an unencoded / or @: better a port masked
 * in a rare URL than a password shown.
 */
export function maskUrl(url: string): string {
  const scheme = /^[a-z][a-z0-9+.-]*:\/\//i.exec(url)?.[0];
  if (!scheme) return url;
  const hash = url.indexOf('#');
  const fragment = hash === -1 ? '' : url.slice(hash);
  const beforeHash = hash === -1 ? url : url.slice(0, hash);
  const q = beforeHash.indexOf('?');
  let base = q === -1 ? beforeHash : beforeHash.slice(0, q);
  const at = base.lastIndexOf('@');
  const colon = base.indexOf(':', scheme.length);
  if (colon !== -1 && colon < at) base = `${base.slice(0, colon + 1)}${masked}${base.slice(at)}`;
  if (q === -1) return base + fragment;
  const parameters = beforeHash
    .slice(q + 1)
    .split('&')
    .map((parameter) => {
      const [name = '', ...value] = parameter.split('=');
      return value.length > 0 && secretParameter.test(safeDecode(name)) ? `${name}=${masked}` : parameter;
    });
  return `${base}?${parameters.join('&')}${fragment}`;
}

/** A text with every URL in it masked as maskUrl does. */
export function maskCredentials(text: string): string {
  if (!text.includes('://')) return text;
  // Punctuation after a URL in a sentence is the sentence's.
  return text.replace(/[a-z][a-z0-9+.-]*:\/\/[^\s"'<>`]+?(?=[.,;:!?)\]]*(?:[\s"'<>`]|$))/gi, maskUrl);
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
