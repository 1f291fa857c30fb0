/**
 * The card preview page for informatics teams (issue 8): `/` serves the page, `/preview/*.js|css` its assets,
 * `GET /preview/scenarios` the fixture scenarios it offers. Only a fixed list of files is served (no directory
 * listing, no path from the URL reaches the file system). Mounted by createApp when `config.previewPage`.
 * The page needs no inline script or style. The service's global CSP (`default-src 'none'`, right for a JSON API)
 * would block the page's own script, so the HTML response carries its own narrow policy: same-origin scripts,
 * styles and fetches only.
 */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Router, type Request, type Response } from 'express';
import type { Config } from '../config';
import { listScenarioFiles, loadScenarioFile } from '../cli/scenario-fixtures';

export interface PreviewOptions {
  /** Folder of the page's static files; default src/preview of this checkout. */
  readonly assetsDir?: string;
  /** Scenario fixtures offered on the page; default fhir-fixtures/scenarios of this checkout. */
  readonly scenariosDir?: string;
}

/** The checkout root, from src/http (ts-node/jest) or dist/src/http (compiled). */
function checkoutRoot(): string {
  const fromSource = resolve(__dirname, '..', '..');
  return existsSync(join(fromSource, 'package.json')) ? fromSource : resolve(__dirname, '..', '..', '..');
}

export const PREVIEW_PAGE_CSP =
  "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self'; " +
  "base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

const ASSETS: Readonly<Record<string, { readonly file: string; readonly type: string }>> = {
  '/': { file: 'index.html', type: 'text/html; charset=utf-8' },
  '/preview/preview.js': { file: 'preview.js', type: 'text/javascript; charset=utf-8' },
  '/preview/markdown.js': { file: 'markdown.js', type: 'text/javascript; charset=utf-8' },
  '/preview/preview.css': { file: 'preview.css', type: 'text/css; charset=utf-8' },
  '/preview/favicon.svg': { file: 'favicon.svg', type: 'image/svg+xml' },
};

/** One scenario as the page lists it; `now` tells the user which clock the expected advice assumes. */
export interface PreviewScenario {
  readonly id: string;
  readonly title: string;
  readonly service: string;
  readonly now: string;
  readonly expectedPrimary: string | null;
  readonly request: unknown;
}

function readScenarios(dir: string): PreviewScenario[] {
  if (!existsSync(dir)) return [];
  const scenarios: PreviewScenario[] = [];
  for (const file of listScenarioFiles(dir)) {
    const loaded = loadScenarioFile(file);
    if (!('scenario' in loaded)) continue; // a broken fixture is reported by `distal-dvt-cds scenarios`, not here
    const { scenario } = loaded;
    scenarios.push({
      id: scenario.id,
      title: scenario.title,
      service: scenario.service,
      now: scenario.now,
      expectedPrimary: scenario.expected.primary,
      request: scenario.request,
    });
  }
  return scenarios;
}

export function previewRouter(_config: Config, options: PreviewOptions = {}): Router {
  const root = checkoutRoot();
  const assetsDir = options.assetsDir ?? join(root, 'src', 'preview');
  const scenariosDir = options.scenariosDir ?? join(root, 'fhir-fixtures', 'scenarios');
  const router = Router();

  for (const [path, asset] of Object.entries(ASSETS)) {
    router.get(path, (_req: Request, res: Response) => {
      res.type(asset.type);
      res.set('Cache-Control', 'no-cache');
      if (asset.file === 'index.html') res.set('Content-Security-Policy', PREVIEW_PAGE_CSP);
      res.sendFile(join(assetsDir, asset.file));
    });
  }

  // Fixtures are synthetic patients; read on each call so a new fixture shows up without a restart.
  router.get('/preview/scenarios', (_req: Request, res: Response) => {
    res.set('Cache-Control', 'no-store');
    res.json({ scenarios: readScenarios(scenariosDir) });
  });

  return router;
}
