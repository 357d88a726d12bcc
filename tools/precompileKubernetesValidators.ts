// Writes schemas/kubernetes-<version>.validators.js from schemas/kubernetes-<version>.json (see
// kubernetesValidatorsSource.ts). Run it after regenerating a schema bundle:
//
//   npx tsx tools/precompileKubernetesValidators.ts [version...]   (default: every bundled one)
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { bundledKubernetesVersions } from '../src/validation/core/kubernetesSchemas';
import { kubernetesValidatorsSource } from './kubernetesValidatorsSource';

const schemasDir = path.join(__dirname, '..', 'schemas');
const versions = process.argv.length > 2 ? process.argv.slice(2) : [...bundledKubernetesVersions];
for (const version of versions) {
  const source = kubernetesValidatorsSource(
    readFileSync(path.join(schemasDir, `kubernetes-${version}.json`), 'utf8'),
  );
  const target = path.join(schemasDir, `kubernetes-${version}.validators.js`);
  writeFileSync(target, source);
  console.log(`${target}: ${(source.length / 1024).toFixed(0)} KB`);
}
