/** The units of a Prometheus duration, largest first, as `model.ParseDuration` accepts them. */
const units = ['y', 'w', 'd', 'h', 'm', 's', 'ms'] as const;

const durationPattern =
  /^(?:(\d+)y)?(?:(\d+)w)?(?:(\d+)d)?(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?(?:(\d+)ms)?$/;

/**
 * Why `text` is not a Prometheus duration (`1h30m`: whole numbers, units y w d h m s ms, largest
 * first, no spaces), or undefined when it is one. Mirrors `model.ParseDuration`; the message says
 * how to write it instead.
 */
export function durationError(text: string): string | undefined {
  if (text === '0') {
    return undefined;
  }
  if (text === '') {
    return `An empty value is not a duration: use a number and a unit, e.g. 5m.`;
  }
  const quoted = `'${text}' is not a duration`;
  if (durationPattern.test(text) && /\d/.test(text)) {
    return undefined;
  }
  if (/\s/.test(text.trim()) || text !== text.trim()) {
    const squeezed = text.replace(/\s+/g, '');
    return durationPattern.test(squeezed)
      ? `${quoted}: use a number and a unit with no space, e.g. ${squeezed}.`
      : `${quoted}: use a number and a unit with no space, e.g. 5m.`;
  }
  if (/^\d+$/.test(text)) {
    return `${quoted}: add a unit (ms, s, m, h, d, w or y), e.g. ${text}s or ${text}m.`;
  }
  if (/\d\.\d/.test(text)) {
    return `${quoted}: use whole numbers and combine units instead of fractions, e.g. 1h30m rather than 1.5h.`;
  }
  const parts = [...text.matchAll(/(\d+)([a-zA-Z]+)/g)];
  const joined = parts.map((p) => p[0]).join('');
  if (joined === text && parts.length > 0) {
    const unknown = parts.find((p) => !(units as readonly string[]).includes(p[2] ?? ''));
    if (unknown !== undefined) {
      return `${quoted}: '${unknown[2] ?? ''}' is not a unit; use ms, s, m, h, d, w or y, e.g. 5m.`;
    }
    const order = parts.map((p) => units.indexOf(p[2] as (typeof units)[number]));
    const sorted = [...parts].sort(
      (a, b) =>
        units.indexOf(a[2] as (typeof units)[number]) -
        units.indexOf(b[2] as (typeof units)[number]),
    );
    if (new Set(order).size !== order.length) {
      return `${quoted}: each unit may appear once, e.g. 1h30m.`;
    }
    return `${quoted}: write the units from largest to smallest, e.g. ${sorted.map((p) => p[0]).join('')}.`;
  }
  return `${quoted}: use a number and a unit (ms, s, m, h, d, w or y) with no space, e.g. 5m or 1h30m.`;
}
