// Error pages for readers: 404 when an address names nothing, 4xx when a request cannot be served as sent.
import type { Context } from 'hono';
import type { Child } from 'hono/jsx';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { Layout } from '../layout.js';

function WhereToGo() {
  return (
    <ul class="error-links">
      <li>
        <a href="/">Latest articles</a>
      </li>
      <li>
        <a href="/sources">All sources</a>
      </li>
    </ul>
  );
}

/**
 * 404 page. `message` says what was not found; without one the page names the requested path.
 * `details` adds what might help (e.g. a link to the last page of a list).
 */
export function notFoundPage(c: Context, message?: string, details?: Child): Response | Promise<Response> {
  return c.html(
    <Layout title="Not found">
      <section class="error-page">
        <h1>Not found</h1>
        <p class="error-message">
          {message ?? (
            <>
              There is no page at <code>{c.req.path}</code>.
            </>
          )}
        </p>
        {details}
        <p>Check the address for a typo, or start from one of these:</p>
        <WhereToGo />
      </section>
    </Layout>,
    404,
  );
}

/** 400 page for a request Readout understood but cannot serve as asked, e.g. `?page=abc`. */
export function badRequestPage(c: Context, message: string): Response | Promise<Response> {
  return problemPage(c, 400, 'Bad request', message);
}

/** A request Readout will not serve as sent (malformed, too large, from another site): why, and where to go. */
export function problemPage(
  c: Context,
  status: ContentfulStatusCode,
  title: string,
  message: string,
): Response | Promise<Response> {
  return c.html(
    <Layout title={title}>
      <section class="error-page">
        <h1>{title}</h1>
        <p class="error-message">{message}</p>
        <p>Start again from one of these:</p>
        <WhereToGo />
      </section>
    </Layout>,
    status,
  );
}

/** 404 for a list page past the last one: says how many pages there are and links to the last. */
export function pageNotFoundPage(
  c: Context,
  options: { page: number; lastPage: number; listName: string; href: (page: number) => string },
): Response | Promise<Response> {
  const { page, lastPage, listName, href } = options;
  const pages = lastPage === 1 ? '1 page' : `${lastPage} pages`;
  return notFoundPage(
    c,
    `There is no page ${page} of ${listName}: it has ${pages}.`,
    <p>
      <a class="last-page" href={href(lastPage)}>
        Go to the last page (page {lastPage})
      </a>
    </p>,
  );
}

/** 500 page: the failure is in the server's log; the reader gets a way on. */
export function errorPage(c: Context): Response | Promise<Response> {
  return c.html(
    <Layout title="Something went wrong">
      <section class="error-page">
        <h1>Something went wrong</h1>
        <p class="error-message">Readout failed to show this page. The error is in its log; try again in a moment.</p>
        <WhereToGo />
      </section>
    </Layout>,
    500,
  );
}
