// The Hono app built from the context: the request guards and headers (security.ts), the JSON API under /api,
// the reading pages.
import { OpenAPIHono } from '@hono/zod-openapi';
import { Hono } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { AppContext } from '../context.js';
import { userError } from '../errors.js';
import { describeIssues } from '../ingest/record.js';
import { readoutVersion } from '../version.js';
import articlesApi from './api/articles.js';
import clipApi from './api/clip.js';
import compareApi from './api/compare.js';
import entitiesApi from './api/entities.js';
import { apiError, httpStatus, isApiPath, userErrorResponse } from './api/errors.js';
import feedsApi from './api/feeds.js';
import searchApi from './api/search.js';
import sourcesApi from './api/sources.js';
import storiesApi from './api/stories.js';
import assets from './assets.js';
import article from './pages/article.js';
import clip from './pages/clip.js';
import entities from './pages/entities.js';
import feeds from './pages/feeds.js';
import feedsOut from './pages/feeds-out.js';
import help from './pages/help.js';
import home from './pages/home.js';
import { errorPage, notFoundPage, problemPage } from './pages/not-found.js';
import search from './pages/search.js';
import sources from './pages/sources.js';
import stories from './pages/stories.js';
import storyCompare from './pages/story-compare.js';
import storyMend from './pages/story-mend.js';
import { protect } from './security.js';

export function createApp(ctx: AppContext): Hono {
  const app = new Hono();
  protect(app, ctx.config);
  app.route('/api', createApi(ctx));
  assets(app, ctx);
  home(app, ctx);
  article(app, ctx);
  clip(app, ctx);
  feeds(app, ctx);
  sources(app, ctx);
  storyCompare(app, ctx);
  stories(app, ctx);
  storyMend(app, ctx);
  entities(app, ctx);
  feedsOut(app, ctx);
  help(app, ctx);
  search(app, ctx);

  app.notFound((c) => {
    if (isApiPath(c.req.path))
      return apiError(c, 404, `no API route ${c.req.method} ${c.req.path}; see /api/openapi.json`, null);
    return notFoundPage(c);
  });
  app.onError((err, c) => {
    const problem = userError(err);
    if (problem) {
      if (isApiPath(c.req.path)) return userErrorResponse(c, problem);
      return problemPage(c, httpStatus[problem.kind], 'Could not do that', problem.message);
    }
    if (err instanceof HTTPException && err.status < 500) {
      if (isApiPath(c.req.path)) return apiError(c, err.status, err.message || 'bad request', null);
      return err.getResponse();
    }
    ctx.log.error({ err, method: c.req.method, path: c.req.path }, 'request failed');
    if (isApiPath(c.req.path))
      return apiError(c, 500, 'Readout failed to answer this request; the error is in its log', null);
    return errorPage(c);
  });
  return app;
}

function createApi(ctx: AppContext): OpenAPIHono {
  const api = new OpenAPIHono({
    defaultHook: (result, c) => {
      if (!result.success) {
        return apiError(c, 400, `invalid request: ${describeIssues(result.error)}`, result.error.issues);
      }
    },
  });
  articlesApi(api, ctx);
  clipApi(api, ctx);
  feedsApi(api, ctx);
  sourcesApi(api, ctx);
  searchApi(api, ctx);
  storiesApi(api, ctx);
  compareApi(api, ctx);
  entitiesApi(api, ctx);
  api.doc31('/openapi.json', {
    openapi: '3.1.0',
    servers: [{ url: '/api' }],
    info: {
      title: 'Readout API',
      version: readoutVersion,
      description:
        'Articles, outlets, stories and entities of a Readout store. Errors are 4xx with {"error": "...", "detail": ...}. ' +
        "Changes are taken from programs (no Origin header) and from Readout's own pages, never from other " +
        'websites. Readout has no accounts yet: serve it on loopback or behind an authenticating proxy.',
    },
  });
  api.get('/', (c) => c.redirect('/api/openapi.json'));
  return api;
}
