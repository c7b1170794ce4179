// The reading pages' stylesheet and keyboard script, served under fingerprinted names so browsers cache them forever.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { Env, Hono } from 'hono';
import type { AppContext } from '../context.js';

interface Asset {
  url: string;
  contentType: string;
  body: string;
}

const contentTypes = {
  css: 'text/css; charset=utf-8',
  js: 'text/javascript; charset=utf-8',
} as const;

/** Reads one file from ./assets and names it after its content, e.g. style.css → /assets/style.3f2a9c1b07.css. */
function loadAsset(name: string): Asset {
  const body = readFileSync(new URL(`./assets/${name}`, import.meta.url), 'utf8');
  const hash = createHash('sha256').update(body).digest('hex').slice(0, 10);
  const dot = name.lastIndexOf('.');
  const extension = name.slice(dot + 1) as keyof typeof contentTypes;
  return {
    url: `/assets/${name.slice(0, dot)}.${hash}.${extension}`,
    contentType: contentTypes[extension],
    body,
  };
}

// Read once at start: the files ship with the code and only change with a new release (and a new hash).
const assets = {
  'style.css': loadAsset('style.css'),
  'keys.js': loadAsset('keys.js'),
};

export type AssetName = keyof typeof assets;

/** The fingerprinted URL pages link to. */
export function assetUrl(name: AssetName): string {
  return assets[name].url;
}

export default function <E extends Env>(app: Hono<E>, _ctx: AppContext): void {
  for (const asset of Object.values(assets)) {
    app.get(asset.url, (c) =>
      c.body(asset.body, 200, {
        'Content-Type': asset.contentType,
        // The name changes whenever the content does, so a cached copy never goes stale.
        'Cache-Control': 'public, max-age=31536000, immutable',
        'X-Content-Type-Options': 'nosniff',
      }),
    );
  }
}
