import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { DocumentInput, DocumentSchema, FormatChecker } from '../formatChecker';
import { JsonSchemaDocument, precompiledValidatorFile } from '../jsonSchemaDocument';
import { SchemaCodes } from '../schemaProblems';
import { patchActionSchema, patchWorkflowSchema } from './schemaPatches';
import {
  checkAction,
  checkWorkflow,
  isTemplatePath,
  placeholderPattern,
  type SemanticResult,
} from './workflowChecks';

/** Schema problems a clearer check of ours replaces when both sit at the same place. */
const supersededCodes: readonly string[] = [
  SchemaCodes.missingProperty,
  SchemaCodes.schema,
  SchemaCodes.invalidValue,
];

/**
 * The checker of GitHub Actions workflows: SchemaStore's `github-workflow.json` (with the
 * fixes in {@link patchWorkflowSchema}) for structure, plus jobs, needs, steps, `uses`, cron and
 * expression checks.
 */
export function githubWorkflowChecker(schemasDir: string): FormatChecker {
  return actionsChecker(
    () =>
      loadSchema(
        schemasDir,
        'github-workflow.json',
        'GitHub Actions workflow (SchemaStore)',
        patchWorkflowSchema,
      ),
    (input) => checkWorkflow(input.doc, input.text, input.relativePath),
  );
}

/** The checker of action metadata (`action.yml`): SchemaStore's `github-action.json` plus step checks. */
export function githubActionChecker(schemasDir: string): FormatChecker {
  return actionsChecker(
    () =>
      loadSchema(
        schemasDir,
        'github-action.json',
        'GitHub Actions action metadata (SchemaStore)',
        patchActionSchema,
      ),
    (input) => checkAction(input.doc, input.text),
  );
}

function loadSchema(
  schemasDir: string,
  file: string,
  title: string,
  patch: (schema: Record<string, unknown>) => void,
): JsonSchemaDocument {
  const schema = JSON.parse(readFileSync(path.join(schemasDir, file), 'utf8')) as Record<
    string,
    unknown
  >;
  patch(schema);
  return new JsonSchemaDocument(
    schema,
    title,
    path.join(schemasDir, precompiledValidatorFile(file)),
  );
}

function actionsChecker(
  schema: () => JsonSchemaDocument,
  semantic: (input: DocumentInput) => SemanticResult,
): FormatChecker {
  let loaded: JsonSchemaDocument | undefined;
  const get = (): JsonSchemaDocument => (loaded ??= schema());
  return {
    check: (input) => {
      const extra = semantic(input);
      const template = isTemplatePath(input.relativePath);
      const fromSchema = get()
        .problems(input.doc, input.data, 'github-actions')
        .filter(
          (p) =>
            !(extra.supersedes.has(p.start) && supersededCodes.includes(p.code)) &&
            !(template && placeholderPattern.test(input.text.slice(p.start, p.end).trim())),
        );
      return [...fromSchema, ...extra.problems].sort((a, b) => a.start - b.start);
    },
    schemaFor: (): DocumentSchema => ({ navigator: get().navigator, title: get().title }),
  };
}
