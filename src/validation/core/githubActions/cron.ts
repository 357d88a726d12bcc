/** One field of a cron expression: its name, bounds and the names it accepts. */
interface CronField {
  readonly name: string;
  readonly min: number;
  readonly max: number;
  readonly names?: readonly string[];
}

const fields: readonly CronField[] = [
  { name: 'minute', min: 0, max: 59 },
  { name: 'hour', min: 0, max: 23 },
  { name: 'day of month', min: 1, max: 31 },
  {
    name: 'month',
    min: 1,
    max: 12,
    names: ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'],
  },
  { name: 'day of week', min: 0, max: 6, names: ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'] },
];

/** What is wrong with a cron expression, and where in it (offsets into the expression). */
export interface CronError {
  readonly message: string;
  readonly start: number;
  readonly end: number;
}

/**
 * Checks a POSIX cron expression as GitHub Actions' `on.schedule[].cron` accepts it: five
 * fields (minute hour day-of-month month day-of-week), each a `,` list of `*`, values, ranges
 * `a-b` and steps `/n`; months and weekdays also by three-letter name. Returns the first
 * problem, naming the field, or undefined when the expression is valid.
 */
export function checkCron(expression: string): CronError | undefined {
  const parts = [...expression.matchAll(/\S+/g)];
  if (parts.length !== 5) {
    return {
      message: `A cron expression has 5 fields (minute hour day-of-month month day-of-week), '${expression}' has ${parts.length}. Example: '30 5 * * 1-5' (05:30 UTC on weekdays).`,
      start: 0,
      end: expression.length,
    };
  }
  for (let i = 0; i < 5; i++) {
    const part = parts[i];
    const field = fields[i];
    if (part === undefined || field === undefined) {
      continue;
    }
    const problem = checkField(part[0], field);
    if (problem !== undefined) {
      const start = part.index;
      return {
        message: `Invalid cron ${field.name} field '${part[0]}': ${problem}`,
        start,
        end: start + part[0].length,
      };
    }
  }
  return undefined;
}

function checkField(text: string, field: CronField): string | undefined {
  for (const item of text.split(',')) {
    const problem = checkItem(item, field);
    if (problem !== undefined) {
      return problem;
    }
  }
  return undefined;
}

function checkItem(item: string, field: CronField): string | undefined {
  const bounds = `${field.min}-${field.max}${field.names === undefined ? '' : ` or ${field.names[0] ?? ''}-${field.names.at(-1) ?? ''}`}`;
  if (item === '') {
    return 'an empty list item (two commas in a row or a trailing comma).';
  }
  const [range = '', step, ...rest] = item.split('/');
  if (rest.length > 0) {
    return `'${item}' has more than one '/'.`;
  }
  if (step !== undefined && !/^\d+$/.test(step)) {
    return `the step after '/' must be a positive number, not '${step}'.`;
  }
  if (step !== undefined && Number(step) === 0) {
    return 'a step of 0 never fires; use 1 or more.';
  }
  if (range === '*') {
    return undefined;
  }
  const ends = range.split('-');
  if (ends.length > 2) {
    return `'${range}' is not a value or a range a-b.`;
  }
  const values: number[] = [];
  for (const end of ends) {
    const value = valueOf(end, field);
    if (value === undefined) {
      return `'${end}' is not a valid ${field.name}: use ${bounds}.`;
    }
    if (value < field.min || value > field.max) {
      return `${end} is out of range: use ${bounds}.`;
    }
    values.push(value);
  }
  const [from, to] = values;
  if (from !== undefined && to !== undefined && from > to) {
    return `the range ${range} runs backwards: write the smaller value first.`;
  }
  return undefined;
}

function valueOf(text: string, field: CronField): number | undefined {
  if (/^\d+$/.test(text)) {
    return Number(text);
  }
  const index = field.names?.indexOf(text.toUpperCase()) ?? -1;
  return index < 0 ? undefined : index + field.min;
}
