import {
  isAlias,
  isMap,
  isScalar,
  isSeq,
  Pair,
  type Document,
  type Node,
  type YAMLMap,
} from 'yaml';
import type { Problem } from '../../../common/problem';
import type { DocumentInput, DocumentSchema, FormatChecker } from '../formatChecker';
import type { JsonSchemaDocument } from '../jsonSchemaDocument';
import { SchemaCodes } from '../schemaProblems';
import { keyText, nodeRange } from '../yamlPath';
import { durationError } from './duration';
import { checkGoTemplate } from './goTemplate';
import { checkPromql } from './promql';
import { loadRulesSchema } from './rulesSchema';
import { scalarOffsetMap } from './scalarOffsets';

/** Codes of rule-file problems beyond the schema's, stable across releases. */
export const RuleCodes = {
  duration: 'invalid-duration',
  duplicateGroup: 'duplicate-group',
  emptyGroupName: 'empty-group-name',
  recordAndAlert: 'record-and-alert',
  noRecordOrAlert: 'missing-record-or-alert',
  missingExpr: 'missing-expr',
  recordingRuleField: 'recording-rule-field',
  invalidRecordName: 'invalid-record-name',
  invalidLabelName: 'invalid-label-name',
  legacyName: 'legacy-name',
  template: 'template-syntax',
} as const;

/**
 * Checks Prometheus rule files as Prometheus' rulefmt does (`promtool check rules`): the
 * bundled schema (unknown keys are errors), then the rules' own checks with precise ranges:
 * PromQL in `expr`, durations, record/alert exclusivity, names, duplicate groups and the Go
 * templates of alert labels and annotations.
 */
export class PrometheusRulesChecker implements FormatChecker {
  private schema: JsonSchemaDocument | undefined;

  constructor(private readonly schemasDir: string) {}

  private rulesSchema(): JsonSchemaDocument {
    return (this.schema ??= loadRulesSchema(this.schemasDir));
  }

  check({ doc, data, text }: DocumentInput): readonly Problem[] {
    const fromSchema = this.rulesSchema()
      .problems(doc, expandMergeKeys(data), 'prometheus')
      .map((p) =>
        p.code === SchemaCodes.unknownProperty
          ? // rulefmt says "field x not found": speak of fields, as Prometheus' docs do.
            { ...p, message: p.message.replace(/^Unknown property/, 'Unknown field') }
          : p,
      );
    return [...fromSchema, ...prometheusRuleProblems(doc, text)];
  }

  schemaFor(): DocumentSchema {
    const schema = this.rulesSchema();
    return { navigator: schema.navigator, title: schema.title };
  }
}

/** The checks of a rule file beyond its schema, on the parsed YAML (for exact ranges). */
export function prometheusRuleProblems(doc: Document.Parsed, text: string): Problem[] {
  currentDoc = doc;
  try {
    return ruleProblems(doc, text);
  } finally {
    currentDoc = undefined;
  }
}

function ruleProblems(doc: Document.Parsed, text: string): Problem[] {
  const problems: Problem[] = [];
  const add = (
    code: string,
    node: unknown,
    message: string,
    severity: Problem['severity'] = 'error',
  ): void => {
    const range = nodeRange(node) ?? nodeRange(doc.contents) ?? [0, 1];
    problems.push({
      code,
      severity,
      source: 'prometheus',
      message,
      start: range[0],
      end: range[1],
    });
  };
  const root = doc.contents;
  const groups = isMap(root) ? root.get('groups', true) : undefined;
  if (!isSeq(groups)) {
    return problems;
  }
  const seen = new Map<string, Node>();
  for (const item of groups.items) {
    const group = deref(item);
    if (!isMap(group)) {
      continue;
    }
    const namePair = pairOf(group, 'name');
    const name = scalarText(namePair?.value);
    if (namePair !== undefined && (name === undefined || name === '')) {
      add(
        RuleCodes.emptyGroupName,
        namePair.value ?? namePair.key,
        'Group name must not be empty: name the group, e.g. name: node-alerts.',
      );
    } else if (name !== undefined && namePair !== undefined) {
      const first = seen.get(name);
      if (first !== undefined) {
        add(
          RuleCodes.duplicateGroup,
          namePair.value,
          `Group name '${name}' is repeated in this file (first on line ${lineOf(text, nodeRange(first)?.[0] ?? 0)}): give each group a unique name.`,
        );
      } else if (isScalar(namePair.value)) {
        seen.set(name, namePair.value);
      }
    }
    for (const key of ['interval', 'query_offset']) {
      checkDuration(pairOf(group, key), add);
    }
    checkLabels(pairOf(group, 'labels'), 'label', add);
    const rules = pairOf(group, 'rules')?.value;
    if (!isSeq(rules)) {
      continue;
    }
    for (const entry of rules.items) {
      const rule = deref(entry);
      if (isMap(rule)) {
        checkRule(rule, text, add, problems);
      }
    }
  }
  return problems;
}

/**
 * Applies YAML merge keys (`<<: *base` or `<<: [*a, *b]`) to plain data, as Prometheus' yaml.v3
 * does: keys of the mapping win over merged ones.
 */
export function expandMergeKeys(data: unknown, depth = 0): unknown {
  if (depth > 64) {
    return data;
  }
  if (Array.isArray(data)) {
    return data.map((d: unknown) => expandMergeKeys(d, depth + 1));
  }
  if (data === null || typeof data !== 'object') {
    return data;
  }
  const record = data as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  const merge = record['<<'];
  const sources: unknown[] = Array.isArray(merge) ? merge : merge === undefined ? [] : [merge];
  for (const source of sources) {
    const expanded = expandMergeKeys(source, depth + 1);
    if (expanded !== null && typeof expanded === 'object' && !Array.isArray(expanded)) {
      for (const [k, v] of Object.entries(expanded)) {
        if (!(k in out)) {
          out[k] = v;
        }
      }
    }
  }
  for (const [k, v] of Object.entries(record)) {
    if (k !== '<<') {
      out[k] = expandMergeKeys(v, depth + 1);
    }
  }
  return out;
}

type Add = (code: string, node: unknown, message: string, severity?: Problem['severity']) => void;

function checkRule(rule: YAMLMap, text: string, add: Add, problems: Problem[]): void {
  const record = pairOf(rule, 'record');
  const alert = pairOf(rule, 'alert');
  const recordName = scalarText(record?.value) ?? '';
  const alertName = scalarText(alert?.value) ?? '';
  const isRecording = recordName !== '';
  if (recordName !== '' && alertName !== '') {
    const second =
      (nodeRange(record?.key)?.[0] ?? 0) > (nodeRange(alert?.key)?.[0] ?? 0) ? record : alert;
    add(
      RuleCodes.recordAndAlert,
      second?.key,
      "A rule has either 'record' (recording rule) or 'alert' (alerting rule), not both: split it into two rules or remove one.",
    );
  } else if (recordName === '' && alertName === '') {
    add(
      RuleCodes.noRecordOrAlert,
      (record ?? alert)?.key ?? rule.items[0]?.key ?? rule,
      "A rule needs 'record' (to record a series) or 'alert' (to raise an alert): add one, e.g. alert: HighErrorRate.",
    );
  }
  const exprPair = pairOf(rule, 'expr');
  const expr = scalarText(exprPair?.value);
  if (expr === undefined || expr.trim() === '') {
    if (!isMap(exprPair?.value) && !isSeq(exprPair?.value)) {
      add(
        RuleCodes.missingExpr,
        exprPair?.key ?? (record ?? alert)?.key ?? rule.items[0]?.key ?? rule,
        "Field 'expr' must be set in a rule: give the PromQL query, e.g. expr: up == 0.",
      );
    }
  } else if (isScalar(exprPair?.value)) {
    checkExpr(exprPair.value, expr, text, problems);
  }
  if (isRecording) {
    for (const key of ['for', 'keep_firing_for']) {
      const pair = pairOf(rule, key);
      const value = scalarText(pair?.value);
      if (
        pair !== undefined &&
        value !== undefined &&
        durationError(value) === undefined &&
        !isZeroDuration(value)
      ) {
        add(
          RuleCodes.recordingRuleField,
          pair.key,
          `Invalid field '${key}' in recording rule: only alerting rules wait or keep firing; remove it or use 'alert' instead of 'record'.`,
        );
      }
    }
    const annotations = pairOf(rule, 'annotations');
    if (isMap(annotations?.value) && annotations.value.items.length > 0) {
      add(
        RuleCodes.recordingRuleField,
        annotations.key,
        "Invalid field 'annotations' in recording rule: annotations belong to alerts; remove them or use 'alert' instead of 'record'.",
      );
    }
    if (/[{}]/.test(recordName)) {
      add(
        RuleCodes.invalidRecordName,
        record?.value,
        `Braces in recording rule name '${recordName}': the name is a metric name only; put label matchers in 'expr' and extra labels under 'labels'.`,
      );
    } else if (!/^[a-zA-Z_:][a-zA-Z0-9_:]*$/.test(recordName)) {
      add(
        RuleCodes.legacyName,
        record?.value,
        `Recording rule name '${recordName}' is a valid metric name only in Prometheus 3 (UTF-8 names); Prometheus 2 and legacy name validation reject it: use letters, digits, '_' and ':'.`,
        'warning',
      );
    }
  }
  for (const key of ['for', 'keep_firing_for']) {
    checkDuration(pairOf(rule, key), add);
  }
  checkLabels(pairOf(rule, 'labels'), 'label', add);
  checkLabels(pairOf(rule, 'annotations'), 'annotation', add);
  if (!isRecording && alertName !== '') {
    // Prometheus parses the templates of alerting rules only.
    for (const key of ['labels', 'annotations']) {
      const map = pairOf(rule, key)?.value;
      if (!isMap(map)) {
        continue;
      }
      for (const pair of map.items) {
        const value = deref(pair.value);
        checkTemplate(
          isAlias(pair.value) ? new Pair(pair.key, value) : pair,
          key === 'labels' ? 'label' : 'annotation',
          text,
          problems,
        );
      }
    }
  }
}

function checkExpr(node: Node, expr: string, text: string, problems: Problem[]): void {
  const range = nodeRange(node);
  if (range === undefined) {
    return;
  }
  const map =
    isScalar(node) && typeof node.value === 'string' ? scalarOffsetMap(text, node) : undefined;
  for (const issue of checkPromql(expr)) {
    const [start, end] =
      map === undefined
        ? range
        : [
            map(issue.from),
            Math.max(map(issue.from) + 1, map(Math.max(issue.from, issue.to - 1)) + 1),
          ];
    problems.push({
      code: issue.code,
      severity: issue.severity,
      source: 'prometheus',
      message: issue.message,
      start,
      end,
      docUrl:
        issue.code === 'promql-experimental'
          ? 'https://prometheus.io/docs/prometheus/latest/feature_flags/'
          : 'https://prometheus.io/docs/prometheus/latest/querying/basics/',
    });
  }
}

function checkTemplate(pair: Pair, what: string, text: string, problems: Problem[]): void {
  const node = pair.value;
  if (!isScalar(node) || typeof node.value !== 'string') {
    return;
  }
  const issue = checkGoTemplate(node.value);
  if (issue === undefined) {
    return;
  }
  const range = nodeRange(node) ?? [0, 1];
  const map = scalarOffsetMap(text, node);
  const start = map === undefined ? range[0] : map(issue.from);
  const end = map === undefined ? range[1] : Math.max(start + 1, map(issue.to - 1) + 1);
  problems.push({
    code: RuleCodes.template,
    severity: 'error',
    source: 'prometheus',
    message: `Template error in ${what} '${keyText(pair) ?? ''}': ${issue.message}`,
    start,
    end,
    docUrl: 'https://prometheus.io/docs/prometheus/latest/configuration/template_reference/',
  });
}

function checkDuration(pair: Pair | undefined, add: Add): void {
  const node = pair?.value;
  if (!isScalar(node) || node.value === null) {
    return;
  }
  const value = scalarText(node) ?? '';
  const error = durationError(value);
  if (error !== undefined) {
    add(RuleCodes.duration, node, error);
  }
}

function checkLabels(pair: Pair | undefined, what: 'label' | 'annotation', add: Add): void {
  const map = pair?.value;
  if (!isMap(map)) {
    return;
  }
  for (const item of map.items) {
    const name = keyText(item);
    if (name === undefined) {
      continue;
    }
    if (name === '') {
      add(RuleCodes.invalidLabelName, item.key, `An empty ${what} name is not allowed: name it.`);
    } else if (what === 'label' && name === '__name__') {
      add(
        RuleCodes.invalidLabelName,
        item.key,
        "Invalid label name '__name__': the metric name is set by 'record' (or the expression), not by a label.",
      );
    } else if (!/^[a-zA-Z_][a-zA-Z0-9_]*$/.test(name)) {
      const legacy = name.replace(/[^a-zA-Z0-9_]/g, '_').replace(/^(\d)/, '_$1');
      add(
        RuleCodes.legacyName,
        item.key,
        `${what === 'label' ? 'Label' : 'Annotation'} name '${name}' is valid only in Prometheus 3 (UTF-8 names); Prometheus 2, legacy name validation and older Alertmanagers reject it: use letters, digits and '_', e.g. ${legacy}.`,
        'warning',
      );
    }
  }
}

function isZeroDuration(value: string): boolean {
  return /^(0+(ms|s|m|h|d|w|y)?)+$/.test(value);
}

/**
 * The pair of `key` in a mapping, following YAML merge keys (`<<: *base`, which Prometheus'
 * yaml.v3 honours) and aliases; the pair's value is resolved when it is an alias.
 */
function pairOf(map: YAMLMap, key: string, depth = 0): Pair | undefined {
  const own = map.items.find((p) => keyText(p) === key);
  if (own !== undefined) {
    return isAlias(own.value) ? new Pair(own.key, deref(own.value)) : own;
  }
  if (depth > 10) {
    return undefined;
  }
  for (const merge of map.items.filter((p) => keyText(p) === '<<')) {
    const sources = isSeq(merge.value) ? merge.value.items : [merge.value];
    for (const source of sources) {
      const target = deref(source);
      const found = isMap(target) ? pairOf(target, key, depth + 1) : undefined;
      if (found !== undefined) {
        return found;
      }
    }
  }
  return undefined;
}

/** The node an alias points to (the anchor's node), or the node itself. */
function deref(node: unknown): unknown {
  let current = node;
  for (let i = 0; i < 10 && isAlias(current); i++) {
    current = currentDoc === undefined ? undefined : current.resolve(currentDoc);
  }
  return current;
}

/** The document being checked, for resolving aliases (checks run one document at a time). */
let currentDoc: Document.Parsed | undefined;

/** A scalar's value as the text yaml.v3 would decode into a Go string field. */
function scalarText(node: unknown): string | undefined {
  if (!isScalar(node)) {
    return undefined;
  }
  if (node.value === null) {
    return '';
  }
  if (typeof node.value === 'string') {
    return node.value;
  }
  // Numbers and booleans keep their source spelling (`expr: 1e3`, `for: 5`).
  const { value } = node;
  return typeof value === 'number' || typeof value === 'boolean'
    ? (node.source ?? String(value))
    : undefined;
}

function lineOf(text: string, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text[i] === '\n') {
      line++;
    }
  }
  return line;
}
