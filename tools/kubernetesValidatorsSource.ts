// The source of schemas/kubernetes-<version>.validators.js: the ajv validators of every kind of a
// bundled Kubernetes schema, generated ahead of time (ajv standalone code) so that no process
// compiles them at run time (compiling the kinds of a typical repository costs about a second of
// CPU in a cold process; loading this costs about 50 ms). See KubernetesSchemas.load.
import { createHash } from 'node:crypto';
import Ajv from 'ajv';
import {
  kubernetesAjvOptions,
  precompiledHeader,
  type KubernetesBundle,
} from '../src/validation/core/kubernetesSchemas';
import { namedStandaloneCode } from './namedStandaloneCode';

/**
 * The validators module of the schema bundle `bundleText` (the JSON file's text). Its body reads
 * two free variables, `definitions` (the bundle's parsed `definitions`) and `exports` (receives
 * one validator per `apiVersion/kind`): the schema objects the validators report in their errors
 * (`schema`, `parentSchema`, with ajv's `verbose`) are then the bundle's own objects, as when ajv
 * compiles at run time, and the module holds code only. The first line carries the SHA-256 of
 * the bundle text, so a stale module is never used.
 */
export function kubernetesValidatorsSource(bundleText: string): string {
  const bundle = JSON.parse(bundleText) as KubernetesBundle;
  const ajv = new Ajv({ ...kubernetesAjvOptions, code: { source: true, lines: false } });
  ajv.addSchema(bundle);
  const refs: Record<string, string> = {};
  for (const [gvk, definition] of Object.entries(bundle.gvks)) {
    refs[gvk] = `${bundle.$id}#/definitions/${definition}`;
    ajv.getSchema(refs[gvk]);
  }
  // Every schema object the generated code names is one of the bundle's definitions: name it
  // by reference instead of pasting a copy (which would also break identity with the bundle).
  const names = new Map<unknown, string>(
    Object.entries(bundle.definitions).map(([name, schema]) => [schema, name]),
  );
  const code = namedStandaloneCode(ajv, refs, (object) => {
    const definition = names.get(object);
    return definition === undefined ? undefined : `definitions[${JSON.stringify(definition)}]`;
  });
  if (/\brequire\(/.test(code)) {
    throw new Error('the generated validators require a module: they must be self-contained');
  }
  const sha = createHash('sha256').update(bundleText).digest('hex');
  return `${precompiledHeader(sha)}\n${code}\n`;
}
