// yaml-language-server 2.0 (what Red Hat's YAML extension runs), driven through its language
// service API in this process, in its Kubernetes per-document mode, given our strict Kubernetes
// schema from local files. No network: every schema request is answered from disk or refused.
//
// How yaml-language-server's Kubernetes mode works (out/src/languageservice/services/
// k8sSchemaUtil.ts, yamlSchemaService.ts, utils/schemaUrls.ts in its package):
// - a schema association whose URI is "kubernetes" (the server turns that keyword into
//   yannh/kubernetes-json-schema's `<version>-standalone-strict/all.json` URL) or such a URL marks
//   the matching files as Kubernetes (`isKubernetes(uri)`);
// - with `kubernetesCRDStoreEnabled` (its default), each document of such a file is validated
//   against the definition its apiVersion/kind names among all.json's `oneOf` refs
//   (`_definitions.json#/definitions/io.k8s.api.apps.v1.Deployment`), not against all of them;
// - `doValidation(document, true)` (the server passes true for files matched by a Kubernetes
//   association) turns on its Kubernetes rules for anyOf/oneOf and enums.
// The association URI below is therefore that URL pattern, and the schema request service maps
// it to all.json and _definitions.json written from schemas/kubernetes-<version>.json: the same
// definitions our engine validates against, in the layout yaml-language-server expects.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { Diagnostic } from 'vscode-languageserver-types';

/** The URL yaml-language-server recognises as the Kubernetes schema (its `isKubernetes`). */
export function kubernetesSchemaUrl(version: string): string {
  return `https://raw.githubusercontent.com/yannh/kubernetes-json-schema/master/v${version}.0-standalone-strict/all.json`;
}

interface Bundle {
  readonly gvks: Readonly<Record<string, string>>;
  readonly definitions: Readonly<Record<string, unknown>>;
}

/**
 * Writes all.json (a `oneOf` of every kind's definition, as yannh's) and _definitions.json (the
 * bundle's definitions, unchanged) into a folder; returns the folder.
 */
export function writeYannhLayout(schemasDir: string, version: string, outDir?: string): string {
  const bundle = JSON.parse(
    readFileSync(path.join(schemasDir, `kubernetes-${version}.json`), 'utf8'),
  ) as Bundle;
  const dir = outDir ?? path.join(tmpdir(), `infra-workbench-bench-yls-${version}`);
  mkdirSync(dir, { recursive: true });
  const names = [...new Set(Object.values(bundle.gvks))].sort();
  writeFileSync(
    path.join(dir, 'all.json'),
    JSON.stringify({
      $schema: 'http://json-schema.org/draft-07/schema#',
      oneOf: names.map((name) => ({ $ref: `_definitions.json#/definitions/${name}` })),
    }),
  );
  writeFileSync(
    path.join(dir, '_definitions.json'),
    JSON.stringify({
      $schema: 'http://json-schema.org/draft-07/schema#',
      definitions: bundle.definitions,
    }),
  );
  return dir;
}

/** A yaml-language-server service in Kubernetes mode for every `*.yaml` file. */
export interface YlsKubernetes {
  /** Diagnostics of one version of a file (a new TextDocument version each call). */
  validate(uri: string, text: string): Promise<Diagnostic[]>;
  /** Every schema URI the service asked for (all must be local). */
  readonly requested: readonly string[];
}

/**
 * Creates the service. `schemaDir` holds all.json and _definitions.json (see
 * {@link writeYannhLayout}); requests for anything else are refused, never fetched.
 */
export async function createYlsKubernetes(
  schemaDir: string,
  version: string,
): Promise<YlsKubernetes> {
  // yaml-language-server is an ES module; the bench may run as CommonJS.
  const { getLanguageService } = await import('yaml-language-server');
  const base = kubernetesSchemaUrl(version).replace(/all\.json$/, '');
  const localBase = `${pathToFileURL(schemaDir).toString()}/`;
  const requested: string[] = [];
  const service = getLanguageService({
    schemaRequestService: (requestedUri: string) => {
      requested.push(requestedUri);
      // The fragment names a definition inside the file (as it would in an HTTP request).
      const uri = requestedUri.replace(/#.*$/, '');
      const local = uri.startsWith(base)
        ? path.join(schemaDir, uri.slice(base.length))
        : uri.startsWith(localBase)
          ? path.join(schemaDir, uri.slice(localBase.length))
          : undefined;
      if (local === undefined) {
        return Promise.reject(new Error(`offline: no local copy of ${uri}`));
      }
      try {
        return Promise.resolve(readFileSync(local, 'utf8'));
      } catch (error) {
        return Promise.reject(error instanceof Error ? error : new Error(String(error)));
      }
    },
    workspaceContext: {
      resolveRelativePath: (relative: string, resource: string) =>
        new URL(relative, resource).toString(),
    },
    // What the server's SettingsState holds by default: per-document Kubernetes schemas on; the
    // CRD catalogue points nowhere reachable (only built-in kinds are benchmarked).
    yamlSettings: {
      kubernetesCRDStoreEnabled: true,
      kubernetesCRDStoreUrl: localBase.replace(/\/$/, ''),
      locale: 'en',
    } as never,
  });
  service.configure({
    validate: true,
    hover: false,
    completion: false,
    yamlVersion: '1.2',
    schemas: [{ uri: kubernetesSchemaUrl(version), fileMatch: ['*.yaml', '*.yml'] }],
  });
  let version_ = 1;
  return {
    validate: (uri, text) =>
      service.doValidation(TextDocument.create(uri, 'yaml', version_++, text), true),
    requested,
  };
}
