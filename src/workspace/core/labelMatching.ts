import { closeNames, isClose } from './nearNames';
import type { KubernetesResource, LabelSelector, PodLabels } from './kubernetesFacts';

/** A label a record has as its own property (labels like `constructor` are data, not methods). */
function label(labels: Readonly<Record<string, string>>, key: string): string | undefined {
  return Object.hasOwn(labels, key) ? labels[key] : undefined;
}

/**
 * True when pods with these labels are selected. For labels guessed from a custom resource,
 * the operator may add labels of its own: a selector value equal to the resource's name or kind
 * (`prometheus: k8s` for the Prometheus `k8s`) is taken as one of them, and `Exists` as met.
 */
export function selects(
  selector: LabelSelector,
  pods: PodLabels,
  owner: Pick<KubernetesResource, 'kind' | 'name'>,
): boolean {
  const operatorValue = (value: string): boolean =>
    pods.inferred && (value === owner.name || value === owner.kind.toLowerCase());
  for (const [key, value] of Object.entries(selector.matchLabels)) {
    if (label(pods.labels, key) !== value && !operatorValue(value)) {
      return false;
    }
  }
  for (const { key, operator, values } of selector.matchExpressions) {
    const value = label(pods.labels, key);
    switch (operator) {
      case 'In':
        if (!(value !== undefined && values.includes(value)) && !values.some(operatorValue)) {
          return false;
        }
        break;
      case 'NotIn':
        if (value !== undefined && values.includes(value)) {
          return false;
        }
        break;
      case 'Exists':
        if (value === undefined && !pods.inferred) {
          return false;
        }
        break;
      case 'DoesNotExist':
        if (value !== undefined) {
          return false;
        }
        break;
      default:
        return true; // an operator Kubernetes rejects: the schema says so, not us
    }
  }
  return true;
}

/** A set of pod labels that almost matches a selector, and the selector that would match them. */
export interface NearMatch {
  /** The `key: value` pairs the selector probably meant. */
  readonly suggested: readonly string[];
  readonly score: number;
}

/**
 * How close pod labels come to a selector's `matchLabels`, and the pairs it probably meant:
 * a pair the pods have scores 2, the same key with a close value (a typo) 1.5, the same value
 * under a close key 1, the same key with another value 0.5. Undefined when no pair is right or
 * nearly right.
 */
export function nearMatch(
  matchLabels: Readonly<Record<string, string>>,
  labels: Readonly<Record<string, string>>,
): NearMatch | undefined {
  let score = 0;
  let strong = false; // some pair is right or nearly right: the rest may be guesses
  const suggested: string[] = [];
  const own = Object.entries(labels);
  for (const [key, value] of Object.entries(matchLabels)) {
    const actual = label(labels, key);
    if (actual === value) {
      score += 2;
      strong = true;
      suggested.push(`${key}: ${value}`);
      continue;
    }
    if (actual !== undefined) {
      const close = isClose(value, actual);
      score += close ? 1.5 : 0.5;
      strong ||= close;
      suggested.push(`${key}: ${actual}`);
      continue;
    }
    const renamed = own.find(([k, v]) => v === value && isClose(key, k));
    if (renamed !== undefined) {
      score += 1;
      strong = true;
      suggested.push(`${renamed[0]}: ${renamed[1]}`);
    }
  }
  return strong ? { suggested, score } : undefined;
}

/** A label set kept by a {@link NearMatchIndex}, with what it belongs to. */
export interface IndexedLabels<T> {
  readonly owner: T;
  readonly labels: Readonly<Record<string, string>>;
}

/**
 * Label sets indexed for {@link nearMatch}: only a set with one of a selector's pairs, a close
 * value under one of its keys or one of its values under a close key comes near it, so a
 * selector is compared with those sets and not with every pod template of a large project (a
 * monorepo with 12,000 workloads under one folder took 30 s of comparisons).
 */
export class NearMatchIndex<T> {
  private readonly sets: IndexedLabels<T>[] = [];
  /** Numbers of the sets with a `key=value` pair. */
  private readonly byPair = new Map<string, number[]>();
  /** The distinct values of each key. */
  private readonly valuesOfKey = new Map<string, string[]>();
  /** The distinct keys of each value. */
  private readonly keysOfValue = new Map<string, string[]>();

  add(owner: T, labels: Readonly<Record<string, string>>): void {
    const n = this.sets.length;
    this.sets.push({ owner, labels });
    for (const [key, value] of Object.entries(labels)) {
      const pair = `${key}\u0000${value}`;
      const numbers = this.byPair.get(pair);
      if (numbers !== undefined) {
        numbers.push(n);
        continue;
      }
      this.byPair.set(pair, [n]);
      appendTo(this.valuesOfKey, key, value);
      appendTo(this.keysOfValue, value, key);
    }
  }

  /** Every set {@link nearMatch} may find near `matchLabels` (and maybe a few more), in the order they were added. */
  candidates(matchLabels: Readonly<Record<string, string>>): IndexedLabels<T>[] {
    const found = new Set<number>();
    const take = (key: string, value: string): void => {
      for (const n of this.byPair.get(`${key}\u0000${value}`) ?? []) {
        found.add(n);
      }
    };
    for (const [key, value] of Object.entries(matchLabels)) {
      // The same key with this value or a close one (a typo)...
      for (const close of closeNames(value, this.valuesOfKey.get(key) ?? none, Infinity)) {
        take(key, close);
      }
      // ...and this value under a close key.
      for (const close of closeNames(key, this.keysOfValue.get(value) ?? none, Infinity)) {
        take(close, value);
      }
    }
    return [...found].sort((a, b) => a - b).flatMap((n) => this.sets[n] ?? []);
  }
}

const none: readonly string[] = [];

function appendTo(index: Map<string, string[]>, key: string, value: string): void {
  const list = index.get(key);
  if (list === undefined) {
    index.set(key, [value]);
  } else {
    list.push(value);
  }
}
