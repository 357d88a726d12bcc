import { isMap, isScalar, isSeq, type Node, type YAMLMap } from 'yaml';
import type { Problem } from '../../../common/problem';
import type { DocumentInput } from '../formatChecker';
import { durationError } from '../prometheus/duration';
import { closestNames } from '../suggest';
import { nodeRange } from '../yamlPath';
import { parseMatchers, regexProblem } from './matchers';

/** Codes of the Alertmanager checks beyond the schema, stable across releases. */
export const AlertmanagerCodes = {
  unknownReceiver: 'unknown-receiver',
  duplicateReceiver: 'duplicate-receiver',
  missingRootReceiver: 'missing-root-receiver',
  rootMatchers: 'root-route-matchers',
  invalidMatcher: 'invalid-matcher',
  invalidDuration: 'invalid-duration',
  unknownTimeInterval: 'unknown-time-interval',
  duplicateTimeInterval: 'duplicate-time-interval',
} as const;

/** A name written in the document and its scalar. */
interface Named {
  readonly name: string;
  readonly node: Node;
}

/**
 * What `amtool check-config` (and Alertmanager on reload) refuses beyond the schema: receivers
 * the route tree names that no entry of `receivers` defines, a root route without a receiver or
 * with matchers, duplicate receiver and time interval names, matchers that do not parse,
 * durations that are not durations, and time intervals a route names that are not defined.
 */
export function alertmanagerChecks({ doc, lineOf }: DocumentInput): Problem[] {
  const root = doc.contents;
  if (!isMap(root)) {
    return [];
  }
  const problems: Problem[] = [];
  const receivers = namesOf(root.get('receivers', true));
  problems.push(...duplicates(receivers, 'receiver', AlertmanagerCodes.duplicateReceiver, lineOf));
  const intervals = [
    ...namesOf(root.get('time_intervals', true)),
    ...namesOf(root.get('mute_time_intervals', true)),
  ];
  problems.push(
    ...duplicates(intervals, 'time interval', AlertmanagerCodes.duplicateTimeInterval, lineOf),
  );
  const receiverNames = receivers.map((r) => r.name);
  const intervalNames = intervals.map((i) => i.name);

  const routePair = root.items.find((p) => isScalar(p.key) && p.key.value === 'route');
  const route = routePair?.value;
  if (isMap(route)) {
    if (!route.has('receiver')) {
      problems.push(
        at(
          routePair?.key,
          AlertmanagerCodes.missingRootReceiver,
          `The root route has no 'receiver': it takes every alert no child route takes, so it needs one. Add 'receiver: <name>' naming one of: ${listOf(receiverNames)}.`,
        ),
      );
    }
    for (const key of ['matchers', 'match', 'match_re']) {
      const pair = route.items.find((p) => isScalar(p.key) && p.key.value === key);
      if (pair !== undefined) {
        problems.push(
          at(
            pair.key,
            AlertmanagerCodes.rootMatchers,
            `The root route must not have '${key}': it takes every alert. Move the matchers to a child route under 'routes'.`,
          ),
        );
      }
    }
    walkRoutes(route, (node) => {
      problems.push(...routeProblems(node, receiverNames, intervalNames));
    });
  }
  const resolveTimeout = root.getIn(['global', 'resolve_timeout'], true);
  problems.push(...durationProblems(resolveTimeout, 'resolve_timeout'));
  const inhibitRules = root.get('inhibit_rules', true);
  if (isSeq(inhibitRules)) {
    for (const rule of inhibitRules.items) {
      if (!isMap(rule)) {
        continue;
      }
      for (const key of ['source_matchers', 'target_matchers']) {
        problems.push(...matcherProblems(rule.get(key, true)));
      }
      for (const key of ['source_match_re', 'target_match_re']) {
        problems.push(...regexMapProblems(rule.get(key, true)));
      }
    }
  }
  return problems;
}

/** Calls `visit` on the route and each route below it (a bounded depth: configs are small). */
function walkRoutes(route: YAMLMap, visit: (route: YAMLMap) => void, depth = 0): void {
  visit(route);
  const children = route.get('routes', true);
  if (depth > 100 || !isSeq(children)) {
    return;
  }
  for (const child of children.items) {
    if (isMap(child)) {
      walkRoutes(child, visit, depth + 1);
    }
  }
}

function routeProblems(
  route: YAMLMap,
  receivers: readonly string[],
  intervals: readonly string[],
): Problem[] {
  const problems: Problem[] = [];
  const receiver = route.get('receiver', true);
  if (isScalar(receiver) && typeof receiver.value === 'string') {
    const name = receiver.value;
    if (!receivers.includes(name)) {
      const close = closestNames(name, receivers);
      problems.push({
        ...at(
          receiver,
          AlertmanagerCodes.unknownReceiver,
          `No receiver is named '${name}'.${close.length === 0 ? '' : ` Did you mean '${close.join("' or '")}'?`} A route's receiver must be the name of an entry of 'receivers' (${listOf(receivers)}).`,
        ),
        ...(close.length === 0 ? {} : { suggestions: close }),
      });
    }
  }
  for (const key of ['group_wait', 'group_interval', 'repeat_interval']) {
    problems.push(...durationProblems(route.get(key, true), key));
  }
  problems.push(...matcherProblems(route.get('matchers', true)));
  problems.push(...regexMapProblems(route.get('match_re', true)));
  for (const key of ['mute_time_intervals', 'active_time_intervals']) {
    const names = route.get(key, true);
    if (!isSeq(names)) {
      continue;
    }
    for (const item of names.items) {
      if (!isScalar(item) || typeof item.value !== 'string' || intervals.includes(item.value)) {
        continue;
      }
      const close = closestNames(item.value, intervals);
      problems.push({
        ...at(
          item,
          AlertmanagerCodes.unknownTimeInterval,
          `No time interval is named '${item.value}'.${close.length === 0 ? '' : ` Did you mean '${close.join("' or '")}'?`} ${key} must name entries of the top-level 'time_intervals'${intervals.length === 0 ? ', and this file defines none' : ` (${listOf(intervals)})`}.`,
        ),
        ...(close.length === 0 ? {} : { suggestions: close }),
      });
    }
  }
  return problems;
}

function durationProblems(node: unknown, key: string): Problem[] {
  if (!isScalar(node) || (typeof node.value !== 'string' && typeof node.value !== 'number')) {
    return [];
  }
  const text = String(node.value);
  const error = durationError(text);
  if (error !== undefined) {
    return [at(node, AlertmanagerCodes.invalidDuration, error)];
  }
  if ((key === 'group_interval' || key === 'repeat_interval') && /^0+[a-z]*$/.test(text)) {
    return [
      at(
        node,
        AlertmanagerCodes.invalidDuration,
        `${key} cannot be zero: Alertmanager refuses the file. Use a positive duration, e.g. ${key === 'group_interval' ? '5m' : '4h'}.`,
      ),
    ];
  }
  return [];
}

function matcherProblems(list: unknown): Problem[] {
  if (!isSeq(list)) {
    return [];
  }
  const problems: Problem[] = [];
  for (const item of list.items) {
    if (!isScalar(item) || typeof item.value !== 'string') {
      continue; // a number or a mapping is the schema's wrong type
    }
    const parsed = parseMatchers(item.value);
    if ('error' in parsed) {
      problems.push(
        at(item, AlertmanagerCodes.invalidMatcher, `Invalid matcher: ${parsed.error}.`),
      );
    }
  }
  return problems;
}

/** `match_re` values are regular expressions, anchored by Alertmanager. */
function regexMapProblems(map: unknown): Problem[] {
  if (!isMap(map)) {
    return [];
  }
  const problems: Problem[] = [];
  for (const pair of map.items) {
    const value = pair.value;
    if (!isScalar(value) || typeof value.value !== 'string') {
      continue;
    }
    const problem = regexProblem(value.value);
    if (problem !== undefined) {
      problems.push(
        at(
          value,
          AlertmanagerCodes.invalidMatcher,
          `The regular expression '${value.value}' does not compile: ${problem}.`,
        ),
      );
    }
  }
  return problems;
}

/** The `name` of each entry of a list (receivers, time intervals). */
function namesOf(list: unknown): Named[] {
  if (!isSeq(list)) {
    return [];
  }
  return list.items.flatMap((item) => {
    const name = isMap(item) ? item.get('name', true) : undefined;
    return isScalar(name) && typeof name.value === 'string'
      ? [{ name: name.value, node: name }]
      : [];
  });
}

function duplicates(
  names: readonly Named[],
  what: string,
  code: string,
  lineOf: ((offset: number) => number) | undefined,
): Problem[] {
  const first = new Map<string, Named>();
  const problems: Problem[] = [];
  for (const named of names) {
    const earlier = first.get(named.name);
    if (earlier === undefined) {
      first.set(named.name, named);
      continue;
    }
    const start = nodeRange(earlier.node)?.[0];
    const where = lineOf === undefined || start === undefined ? '' : ` (line ${lineOf(start)})`;
    problems.push(
      at(
        named.node,
        code,
        `The ${what} name '${named.name}' is already used${where}. Names must be unique: rename one of them.`,
      ),
    );
  }
  return problems;
}

function listOf(names: readonly string[]): string {
  return names.length === 0 ? 'none is defined' : names.map((n) => `'${n}'`).join(', ');
}

function at(node: unknown, code: string, message: string): Problem {
  const [start, end] = nodeRange(node) ?? [0, 0];
  return { code, severity: 'error', source: 'alertmanager', message, start, end };
}
