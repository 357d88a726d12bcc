// Writes schemas/<name>.validators.js for the bundled third-party JSON schemas (see
// jsonSchemaValidatorSource.ts). Run it after updating one of them, or a checker's adjustment:
//
//   npx tsx tools/precompileJsonSchemaValidators.ts
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { precompiledValidatorFile } from '../src/validation/core/jsonSchemaDocument';
import {
  checkerSchema,
  jsonSchemaValidatorSource,
  precompiledSchemas,
} from './jsonSchemaValidatorSource';

const schemasDir = path.join(__dirname, '..', 'schemas');
for (const entry of precompiledSchemas) {
  const source = jsonSchemaValidatorSource(checkerSchema(schemasDir, entry));
  const target = path.join(schemasDir, precompiledValidatorFile(entry.file));
  writeFileSync(target, source);
  console.log(`${target}: ${(source.length / 1024).toFixed(0)} KB`);
}
