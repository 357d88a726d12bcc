import type { AlertRoute, FileFacts, PrometheusRule, RouteMatcher } from './fileFacts';
import type { Report } from './kubernetesChecks';

/** Codes of the alert routing check, stable across releases. */
export const AlertRoutingCodes = {
  unroutedAlert: 'unrouted-alert',
} as const;

const docUrl = 'https://prometheus.io/docs/alerting/latest/configuration/#route';

/** A matcher's verdict on what is known of an alert's labels before it fires. */
type Verdict = 'yes' | 'no' | 'unknown';

/**
 * Alerting rules that no route below the root of the repository's Alertmanager configuration can
 * match: they reach only the root route's default receiver, usually a catch-all nobody watches.
 * What an alert will carry is known only in part here: its rule's `labels` and `alertname`. A
 * label the series may bring (or a templated value) matches or not only at run time, so a route
 * is taken as unroutable only when a matcher on a known label fails. A route whose matchers do
 * not parse is not judged (the configuration's own problem says why). Off by default: many
 * setups route on labels added by relabelling or external labels.
 */
export function alertRoutingProblems(files: ReadonlyMap<string, FileFacts>, report: Report): void {
  const configs = [...files.values()]
    .flatMap((f) => f.alertmanager.map((a) => ({ path: f.relativePath, route: a.route })))
    .filter((c) => c.route.routes.length > 0)
    .sort((a, b) => (a.path < b.path ? -1 : 1));
  const first = configs[0];
  if (first === undefined) {
    return;
  }
  for (const file of files.values()) {
    for (const rule of file.rules) {
      if (rule.type !== 'alert' || configs.some((c) => mayRoute(c.route.routes, rule))) {
        continue;
      }
      const labels = Object.entries(rule.labels)
        .map(([k, v]) => `${k}="${v}"`)
        .join(', ');
      report(file.relativePath, {
        code: AlertRoutingCodes.unroutedAlert,
        severity: 'warning',
        source: 'prometheus',
        message: `No route of ${first.path} matches alert '${rule.name}'${labels === '' ? ' (it has no labels)' : ` (labels ${labels})`}: it reaches only the root route's default receiver${first.route.receiver === undefined ? '' : ` '${first.route.receiver}'`}. Add a route that matches it, or give it a label a route matches.`,
        start: rule.range[0],
        end: rule.range[1],
        docUrl,
      });
    }
  }
}

/** True unless every route fails on a label the rule is known to carry. */
function mayRoute(routes: readonly AlertRoute[], rule: PrometheusRule): boolean {
  return routes.some((route) => routeVerdict(route, rule) !== 'no');
}

function routeVerdict(route: AlertRoute, rule: PrometheusRule): Verdict {
  if (route.matchers === undefined) {
    return 'unknown';
  }
  let verdict: Verdict = 'yes';
  for (const matcher of route.matchers) {
    const one = matcherVerdict(matcher, rule);
    if (one === 'no') {
      return 'no';
    }
    if (one === 'unknown') {
      verdict = 'unknown';
    }
  }
  return verdict;
}

function matcherVerdict(matcher: RouteMatcher, rule: PrometheusRule): Verdict {
  const value = matcher.name === 'alertname' ? rule.name : rule.labels[matcher.name];
  if (value === undefined || value.includes('{{')) {
    return 'unknown'; // from the series, external labels or a template: known when it fires
  }
  let matches: boolean;
  if (matcher.op === '=' || matcher.op === '!=') {
    matches = value === matcher.value;
  } else {
    let pattern: RegExp;
    try {
      // Alertmanager anchors regular expressions at both ends.
      pattern = new RegExp(`^(?:${matcher.value})$`, 'u');
    } catch {
      return 'unknown'; // Go's RE2 syntax that JavaScript does not read
    }
    matches = pattern.test(value);
  }
  const negated = matcher.op === '!=' || matcher.op === '!~';
  return matches !== negated ? 'yes' : 'no';
}
