/**
 * GitHub's published API descriptions, loaded once per process: the GraphQL schema of
 * `@octokit/graphql-schema` and the REST OpenAPI description of `@octokit/openapi` (api.github.com).
 * The double checks everything it receives and sends against them.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import Ajv, { type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import {
  buildClientSchema,
  parse,
  validate,
  type GraphQLError,
  type GraphQLSchema,
  type IntrospectionQuery,
} from 'graphql';

/**
 * The path of `file` in the installed package `name`, found the way Node finds packages (the
 * nearest `node_modules` up from this file). Neither package can be `require.resolve`d for its
 * data files (@octokit/graphql-schema exports only its ESM entry, which reads its data through
 * `import.meta.url`, so it cannot be bundled), and this works from tsx and from a bundle alike.
 */
export function packageFile(name: string, file: string): string {
  for (let dir = __dirname; ; dir = path.dirname(dir)) {
    const candidate = path.join(dir, 'node_modules', name, file);
    if (existsSync(candidate)) {
      return candidate;
    }
    if (path.dirname(dir) === dir) {
      throw new Error(
        `github-double: ${name}/${file} not found in any node_modules above ${__dirname}`,
      );
    }
  }
}

let graphqlSchema: GraphQLSchema | undefined;

/**
 * GitHub's GraphQL schema, built from the introspection result `@octokit/graphql-schema` ships
 * (its SDL defines some fields twice, which `buildSchema` rejects; the package's own `validate`
 * uses the introspection result too).
 */
export function githubGraphqlSchema(): Promise<GraphQLSchema> {
  graphqlSchema ??= buildClientSchema(
    JSON.parse(
      readFileSync(packageFile('@octokit/graphql-schema', 'schema.json'), 'utf8'),
    ) as IntrospectionQuery,
  );
  return Promise.resolve(graphqlSchema);
}

/** The validation errors of `query` against GitHub's schema (syntax errors included). */
export async function validateGithubQuery(query: string): Promise<readonly GraphQLError[]> {
  const schema = await githubGraphqlSchema();
  try {
    return validate(schema, parse(query));
  } catch (error) {
    return [error as GraphQLError];
  }
}

/** An OpenAPI document, as far as the double reads it. */
export interface OpenApiDocument {
  readonly paths: Readonly<
    Record<string, Readonly<Record<string, { operationId?: string; responses?: unknown }>>>
  >;
  readonly components?: {
    readonly responses?: Readonly<
      Record<string, { content?: Record<string, { schema?: unknown }> } | undefined>
    >;
  };
}

interface RestDescription {
  readonly document: OpenApiDocument;
  readonly ajv: Ajv;
}

let restDescription: RestDescription | undefined;

const documentId = 'https://api.github.com/openapi.json';

/**
 * Rewrites OpenAPI 3.0's `nullable: true` as JSON Schema, in place: `type: [t, 'null']` (and
 * `null` added to an `enum`) where the schema has a type, `anyOf: [schema, {type: 'null'}]` where
 * it has none (`nullable` beside `allOf` or `$ref`, which ajv cannot read). Examples are skipped.
 */
function nullableToJsonSchema(node: unknown): unknown {
  if (Array.isArray(node)) {
    for (let i = 0; i < node.length; i++) {
      node[i] = nullableToJsonSchema(node[i]);
    }
    return node;
  }
  if (typeof node !== 'object' || node === null) {
    return node;
  }
  const record = node as Record<string, unknown>;
  for (const [key, value] of Object.entries(record)) {
    if (key !== 'example' && key !== 'examples') {
      record[key] = nullableToJsonSchema(value);
    }
  }
  if (record.nullable !== true) {
    return record;
  }
  delete record.nullable;
  if (typeof record.type === 'string') {
    record.type = [record.type, 'null'];
    if (Array.isArray(record.enum) && !record.enum.includes(null)) {
      record.enum = [...(record.enum as unknown[]), null];
    }
    return record;
  }
  return { anyOf: [record, { type: 'null' }] };
}

/**
 * The api.github.com OpenAPI 3.0 description in an ajv instance: OpenAPI's `nullable` is ajv's
 * own keyword; `discriminator`, `example` and the `x-*` extensions are annotations (strict mode
 * off); formats (date-time, uri, email) are checked.
 */
export function githubRestDescription(): RestDescription {
  if (!restDescription) {
    const file = packageFile('@octokit/openapi', 'generated/api.github.com.json');
    const document = JSON.parse(readFileSync(file, 'utf8')) as OpenApiDocument;
    nullableToJsonSchema(document);
    const ajv = new Ajv({ strict: false, allErrors: true, validateSchema: false });
    addFormats(ajv);
    // OpenAPI's numeric formats and GitHub's own: checked by `type`, or a shape GitHub documents.
    for (const name of ['int32', 'int64', 'double', 'binary', 'timestamp']) {
      ajv.addFormat(name, true);
    }
    ajv.addFormat('repo.nwo', /^[A-Za-z0-9-]+\/[A-Za-z0-9._-]+$/);
    ajv.addSchema(document, documentId);
    restDescription = { document, ajv };
  }
  return restDescription;
}

const validators = new Map<string, ValidateFunction>();

function pointerPart(text: string): string {
  return text.replace(/~/g, '~0').replace(/\//g, '~1');
}

/**
 * The validator of the JSON response `status` of operation `method path` (path as the
 * description writes it, e.g. `/repos/{owner}/{repo}/pulls/{pull_number}`), or undefined when
 * the description defines no JSON body for that status.
 */
export function responseValidator(
  method: string,
  path: string,
  status: number,
): ValidateFunction | undefined {
  const key = `${method} ${path} ${status}`;
  const known = validators.get(key);
  if (known) {
    return known;
  }
  const { document, ajv } = githubRestDescription();
  const responses = document.paths[path]?.[method.toLowerCase()]?.responses as
    Record<string, unknown> | undefined;
  let response = responses?.[String(status)] as
    { $ref?: string; content?: Record<string, { schema?: unknown }> } | undefined;
  let responsePointer = ['paths', path, method.toLowerCase(), 'responses', String(status)];
  if (response?.$ref?.startsWith('#/components/responses/')) {
    const name = response.$ref.slice('#/components/responses/'.length);
    response = document.components?.responses?.[name];
    responsePointer = ['components', 'responses', name];
  }
  if (response?.content?.['application/json']?.schema === undefined) {
    return undefined;
  }
  const pointer = [...responsePointer, 'content', 'application/json', 'schema']
    .map(pointerPart)
    .join('/');
  const validator = ajv.compile({ $ref: `${documentId}#/${pointer}` });
  validators.set(key, validator);
  return validator;
}

const requestValidators = new Map<string, ValidateFunction | null>();

/**
 * The validator of the JSON request body of operation `method path`, or undefined when the
 * operation takes none; `required` says whether the description requires a body.
 */
export function requestBodyValidator(
  method: string,
  path: string,
): { validate: ValidateFunction; required: boolean } | undefined {
  const { document, ajv } = githubRestDescription();
  const operation = document.paths[path]?.[method.toLowerCase()] as
    | { requestBody?: { required?: boolean; content?: Record<string, { schema?: unknown }> } }
    | undefined;
  const body = operation?.requestBody;
  if (body?.content?.['application/json']?.schema === undefined) {
    return undefined;
  }
  const key = `${method} ${path}`;
  let validate = requestValidators.get(key);
  if (validate === undefined) {
    const pointer = [
      'paths',
      path,
      method.toLowerCase(),
      'requestBody',
      'content',
      'application/json',
      'schema',
    ]
      .map(pointerPart)
      .join('/');
    validate = ajv.compile({ $ref: `${documentId}#/${pointer}` });
    requestValidators.set(key, validate);
  }
  return validate ? { validate, required: body.required === true } : undefined;
}
