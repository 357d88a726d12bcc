/** PromQL value types, named as Prometheus' parser names them in its messages. */
export type PromqlType = 'scalar' | 'instant vector' | 'range vector' | 'string';

/** The signature of one PromQL function, as in Prometheus' `promql/parser/functions.go`. */
export interface PromqlFunction {
  readonly args: readonly PromqlType[];
  /** 0: exactly `args`; n > 0: up to n optional trailing arguments; -1: any number more. */
  readonly variadic: number;
  readonly returns: PromqlType;
  /** The feature flag Prometheus needs to accept it (experimental functions). */
  readonly feature?: string;
}

const v: PromqlType = 'instant vector';
const m: PromqlType = 'range vector';
const s: PromqlType = 'scalar';
const str: PromqlType = 'string';
const experimental = 'promql-experimental-functions';

const vectorToVector = (): PromqlFunction => ({ args: [v], variadic: 0, returns: v });
const rangeToVector = (feature?: string): PromqlFunction =>
  feature === undefined
    ? { args: [m], variadic: 0, returns: v }
    : { args: [m], variadic: 0, returns: v, feature };
const optionalVector = (): PromqlFunction => ({ args: [v], variadic: 1, returns: v });

/** Every function current Prometheus knows, by name. */
export const promqlFunctions: Readonly<Record<string, PromqlFunction>> = {
  abs: vectorToVector(),
  absent: vectorToVector(),
  absent_over_time: rangeToVector(),
  acos: vectorToVector(),
  acosh: vectorToVector(),
  asin: vectorToVector(),
  asinh: vectorToVector(),
  atan: vectorToVector(),
  atanh: vectorToVector(),
  avg_over_time: rangeToVector(),
  ceil: vectorToVector(),
  changes: rangeToVector(),
  clamp: { args: [v, s, s], variadic: 0, returns: v },
  clamp_max: { args: [v, s], variadic: 0, returns: v },
  clamp_min: { args: [v, s], variadic: 0, returns: v },
  cos: vectorToVector(),
  cosh: vectorToVector(),
  count_over_time: rangeToVector(),
  day_of_month: optionalVector(),
  day_of_week: optionalVector(),
  day_of_year: optionalVector(),
  days_in_month: optionalVector(),
  deg: vectorToVector(),
  delta: rangeToVector(),
  deriv: rangeToVector(),
  double_exponential_smoothing: { args: [m, s, s], variadic: 0, returns: v, feature: experimental },
  exp: vectorToVector(),
  first_over_time: rangeToVector(experimental),
  floor: vectorToVector(),
  histogram_avg: vectorToVector(),
  histogram_count: vectorToVector(),
  histogram_fraction: { args: [s, s, v], variadic: 0, returns: v },
  histogram_quantiles: { args: [v, str, s], variadic: -1, returns: v, feature: experimental },
  histogram_quantile: { args: [s, v], variadic: 0, returns: v },
  histogram_stddev: vectorToVector(),
  histogram_stdvar: vectorToVector(),
  histogram_sum: vectorToVector(),
  hour: optionalVector(),
  idelta: rangeToVector(),
  increase: rangeToVector(),
  info: { args: [v, v], variadic: 1, returns: v, feature: experimental },
  irate: rangeToVector(),
  label_join: { args: [v, str, str, str], variadic: -1, returns: v },
  label_replace: { args: [v, str, str, str, str], variadic: 0, returns: v },
  last_over_time: rangeToVector(),
  ln: vectorToVector(),
  log10: vectorToVector(),
  log2: vectorToVector(),
  mad_over_time: rangeToVector(experimental),
  max_over_time: rangeToVector(),
  min_over_time: rangeToVector(),
  minute: optionalVector(),
  month: optionalVector(),
  pi: { args: [], variadic: 0, returns: s },
  predict_linear: { args: [m, s], variadic: 0, returns: v },
  present_over_time: rangeToVector(),
  quantile_over_time: { args: [s, m], variadic: 0, returns: v },
  rad: vectorToVector(),
  rate: rangeToVector(),
  resets: rangeToVector(),
  round: { args: [v, s], variadic: 1, returns: v },
  scalar: { args: [v], variadic: 0, returns: s },
  sgn: vectorToVector(),
  sin: vectorToVector(),
  sinh: vectorToVector(),
  sort: vectorToVector(),
  sort_by_label: { args: [v, str], variadic: -1, returns: v, feature: experimental },
  sort_by_label_desc: { args: [v, str], variadic: -1, returns: v, feature: experimental },
  sort_desc: vectorToVector(),
  sqrt: vectorToVector(),
  stddev_over_time: rangeToVector(),
  stdvar_over_time: rangeToVector(),
  sum_over_time: rangeToVector(),
  tan: vectorToVector(),
  tanh: vectorToVector(),
  time: { args: [], variadic: 0, returns: s },
  timestamp: vectorToVector(),
  ts_of_first_over_time: rangeToVector(experimental),
  ts_of_last_over_time: rangeToVector(experimental),
  ts_of_max_over_time: rangeToVector(experimental),
  ts_of_min_over_time: rangeToVector(experimental),
  vector: { args: [s], variadic: 0, returns: v },
  year: optionalVector(),
};

/** Functions Prometheus 2 had and 3.0 renamed, with their current name. */
export const renamedFunctions: Readonly<Record<string, string>> = {
  holt_winters: 'double_exponential_smoothing',
};

/** Aggregation operators and the type of their parameter, when they take one. */
export const aggregations: Readonly<
  Record<string, { readonly param?: PromqlType; readonly feature?: string }>
> = {
  sum: {},
  avg: {},
  count: {},
  min: {},
  max: {},
  group: {},
  stddev: {},
  stdvar: {},
  topk: { param: s },
  bottomk: { param: s },
  quantile: { param: s },
  count_values: { param: str },
  limitk: { param: s, feature: experimental },
  limit_ratio: { param: s, feature: experimental },
};
