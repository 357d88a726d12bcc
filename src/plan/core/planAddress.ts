/**
 * The address without its instance keys: `module.net["eu.west"].aws_subnet.private[2]` →
 * `module.net.aws_subnet.private`. Keys are `[n]`, `["string"]` (with escapes and any
 * character, dots and brackets included) or `[*]`.
 */
export function stripInstanceKeys(address: string): string {
  if (!address.includes('[')) {
    return address;
  }
  let out = '';
  let i = 0;
  while (i < address.length) {
    const c = address.charAt(i);
    if (c !== '[') {
      out += c;
      i++;
      continue;
    }
    i++;
    let inString = false;
    while (i < address.length) {
      const d = address[i];
      if (inString) {
        if (d === '\\') {
          i++;
        } else if (d === '"') {
          inString = false;
        }
      } else if (d === '"') {
        inString = true;
      } else if (d === ']') {
        break;
      }
      i++;
    }
    i++;
  }
  return out;
}

/**
 * The configuration address of a resource change: module path without keys, `data.` for data
 * sources, type and name. Uses the entry's fields when present, else its address.
 */
export function configAddressOf(entry: {
  readonly address: string;
  readonly moduleAddress?: string;
  readonly mode: string;
  readonly type: string;
  readonly name: string;
}): string {
  if (entry.type === '' || entry.name === '') {
    return stripInstanceKeys(entry.address);
  }
  const prefix =
    entry.moduleAddress === undefined ? '' : `${stripInstanceKeys(entry.moduleAddress)}.`;
  return `${prefix}${entry.mode === 'data' ? 'data.' : ''}${entry.type}.${entry.name}`;
}
