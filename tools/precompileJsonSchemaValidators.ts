// Writes schemas/<name>.validators.js (and <name>.branches.js, the validators of its
// `oneOf`/`anyOf` branches) for the bundled third-party JSON schemas (see
// jsonSchemaValidatorSource.ts). Run it after updating one of them, or a checker's adjustment:
//
//   npx tsx tools/precompileJsonSchemaValidators.ts
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import {
  precompiledBranchesFile,
  precompiledValidatorFile,
} from '../src/validation/core/jsonSchemaDocument';
import {
  ansibleSchemas,
  ansibleValidatorsSource,
  checkerSchema,
  jsonSchemaBranchValidatorsSource,
  jsonSchemaValidatorSource,
  precompiledSchemas,
} from './jsonSchemaValidatorSource';

const schemasDir = path.join(__dirname, '..', 'schemas');
for (const entry of precompiledSchemas) {
  const schema = checkerSchema(schemasDir, entry);
  const source = jsonSchemaValidatorSource(schema);
  const target = path.join(schemasDir, precompiledValidatorFile(entry.file));
  writeFileSync(target, source);
  console.log(`${target}: ${(source.length / 1024).toFixed(0)} KB`);
  const branches = jsonSchemaBranchValidatorsSource(schema);
  const branchesTarget = precompiledBranchesFile(target);
  if (branches === undefined) {
    rmSync(branchesTarget, { force: true });
  } else {
    writeFileSync(branchesTarget, branches);
    console.log(`${branchesTarget}: ${(branches.length / 1024).toFixed(0)} KB`);
  }
}
for (const { file, kind } of ansibleSchemas) {
  const schema = JSON.parse(readFileSync(path.join(schemasDir, file), 'utf8')) as { $id: string };
  const source = ansibleValidatorsSource(schema, kind);
  const target = path.join(schemasDir, precompiledValidatorFile(file));
  writeFileSync(target, source);
  console.log(`${target}: ${(source.length / 1024).toFixed(0)} KB`);
}
