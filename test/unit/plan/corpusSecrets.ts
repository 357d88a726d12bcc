// The clear-text sensitive values of a raw plan, collected independently of the model, so that
// tests can assert that none of them reaches an output.

type Raw = Record<string, unknown>;

/** Clear-text strings at the positions a mask marks sensitive, and strings anywhere else. */
function collectStrings(
  value: unknown,
  mask: unknown,
  secrets: Set<string>,
  visible: Set<string>,
): void {
  if (mask === true) {
    leaves(value, secrets);
    return;
  }
  if (Array.isArray(value)) {
    value.forEach((v, i) => {
      collectStrings(v, Array.isArray(mask) ? mask[i] : undefined, secrets, visible);
    });
  } else if (typeof value === 'object' && value !== null) {
    for (const [k, v] of Object.entries(value)) {
      visible.add(k);
      const m = typeof mask === 'object' && mask !== null ? (mask as Raw)[k] : undefined;
      collectStrings(v, m, secrets, visible);
    }
  } else if (typeof value === 'string') {
    visible.add(value);
  }
}

function leaves(value: unknown, into: Set<string>): void {
  if (typeof value === 'string') {
    into.add(value);
  } else if (typeof value === 'object' && value !== null) {
    Object.values(value).forEach((v) => {
      leaves(v, into);
    });
  }
}

/** The strings a plan marks sensitive, and the strings it shows anywhere else. */
export function sensitiveStrings(plan: Raw): { secrets: Set<string>; visible: Set<string> } {
  const secrets = new Set<string>();
  const visible = new Set<string>();
  const changes = [
    ...((plan.resource_changes ?? []) as Raw[]),
    ...((plan.resource_drift ?? []) as Raw[]),
  ];
  for (const rc of changes) {
    const change = rc.change as Raw;
    leaves([rc.address, rc.type, rc.name, rc.module_address, rc.action_reason], visible);
    collectStrings(change.before, change.before_sensitive, secrets, visible);
    collectStrings(change.after, change.after_sensitive, secrets, visible);
  }
  for (const [name, change] of Object.entries((plan.output_changes ?? {}) as Record<string, Raw>)) {
    visible.add(name);
    collectStrings(change.before, change.before_sensitive, secrets, visible);
    collectStrings(change.after, change.after_sensitive, secrets, visible);
  }
  return { secrets, visible };
}

/** The secrets of `raw` that can be told apart from its visible strings (3 characters or more). */
export function distinctSecrets(raw: Raw): string[] {
  const { secrets, visible } = sensitiveStrings(raw);
  return [...secrets].filter((s) => s.length >= 3 && ![...visible].some((v) => v.includes(s)));
}
