/** How a metric is shown: axis label with its unit, a short name for the legend, and what it means. */
export interface MetricDisplay {
  name: string;
  /** Axis label, unit in parentheses. */
  label: string;
  /** Short form for readouts and the y axis ("KL", "F"). */
  short: string;
  /** Unit, if any ("nats"). */
  unit?: string;
  /** One sentence: what the number is and which way is better. */
  meaning: string;
  /** Metric holding this one's standard error, drawn as a ±1 s.e. band. */
  errorBand?: string;
  /** Further metrics drawn on this one's chart as one objective (reverse AIS, exact ln P), each in its own line style. */
  companions?: Companion[];
}

/** A metric drawn beside a chart's own (same axis, same run colour, its own dash). */
export interface Companion {
  name: string;
  /** Legend and hover name ("reverse", "exact"). */
  short: string;
  errorBand?: string;
  /** Canvas dash pattern (uPlot and SVG stroke-dasharray). */
  dash: number[];
  /** Shade between the chart's own line and this one (the forward–reverse interval). */
  shadeInterval?: boolean;
  /** The companion also has a chart of its own (exact ln P); otherwise it is only ever drawn beside its host. */
  alsoAlone?: boolean;
}

/**
 * Known metrics in the order the charts offer them: the training objectives first (exact KL and log-likelihood,
 * then the AIS estimate, the mean-field bound F and −L), then diagnostics.
 */
const CATALOG: MetricDisplay[] = [
  { name: 'kl', unit: 'nats', label: 'KL(data‖model) (nats)', short: 'KL', meaning: 'Exact Kullback–Leibler divergence of the model from the data distribution; lower is better, 0 is a perfect fit.' },
  { name: 'logLikelihood', unit: 'nats', label: 'log-likelihood ⟨ln P(v)⟩ (nats/pattern)', short: 'ln P', meaning: 'Exact mean log-probability of the data patterns by enumeration; higher is better.' },
  {
    name: 'aisLogLikelihood',
    unit: 'nats',
    label: 'AIS log-likelihood ⟨ln P(v)⟩ (nats/pattern)',
    short: 'AIS ln P',
    meaning:
      'Mean ln P(v) with ln Z from annealed importance sampling: forward AIS is optimistic (too high in expectation), reverse AIS conservative when started from exact samples; bands ±1 standard error; higher is better.',
    errorBand: 'aisStandardError',
    companions: [
      { name: 'aisReverseLogLikelihood', short: 'reverse', errorBand: 'aisReverseStandardError', dash: [7, 4], shadeInterval: true },
      { name: 'logLikelihood', short: 'exact', dash: [2, 3], alsoAlone: true },
    ],
  },
  {
    name: 'aisReverseLogLikelihood',
    unit: 'nats',
    label: 'reverse AIS log-likelihood (nats/pattern)',
    short: 'AIS ln P (reverse)',
    meaning: 'Mean log-probability with ln Z from reverse AIS: conservative (too low in expectation) when started from exact samples of the model; drawn on the AIS chart.',
    errorBand: 'aisReverseStandardError',
  },
  { name: 'bound', unit: 'nats', label: 'mean-field bound F (nats/pattern)', short: 'F', meaning: 'Saul, Jaakkola & Jordan lower bound F ≤ ln P(v), averaged over the data; higher is better.' },
  { name: 'negLyapunov', unit: 'nats', label: '−L (nats/pattern)', short: '−L', meaning: 'Minus the Lyapunov function of the attractor dynamics (Saul & Jordan 2000), the objective of attractor learning; higher is better.' },
  { name: 'sampledLogJoint', unit: 'nats', label: 'sampled ln P(v, h) (nats/pattern)', short: 'ln P(v,h)', meaning: 'Mean log joint probability of the data with hidden states drawn by Gibbs sampling.' },
  { name: 'meanFieldNll', unit: 'nats', label: 'mean-field −ln P (nats/pattern)', short: '−ln P (MF)', meaning: 'Mean-field estimate of the negative log-likelihood of the data; lower is better.' },
  {
    name: 'pseudoLogLikelihood',
    unit: 'nats/unit',
    label: 'pseudo-log-likelihood per visible unit — a proxy, not ln P (nats/unit)',
    short: 'pseudo-LL (proxy)',
    meaning:
      'Stochastic pseudo-log-likelihood, ln P(v_i | v_rest) for one random unit per row, per visible unit: a cheap proxy that rises as the model improves, not the log-likelihood and not comparable with it; higher is better.',
  },
  { name: 'outputError', unit: 'share', label: 'output error (share of bits)', short: 'output error', meaning: 'Share of wrong output bits with the inputs clamped; lower is better.' },
  { name: 'reconstructionError', unit: '0/1 scale', label: 'reconstruction error (mean squared, 0/1 scale)', short: 'recon. error', meaning: 'Mean of (x − E[v | E[h | x]])² over data rows and visible units; lower is better.' },
  { name: 'fixedPoints', label: 'stored patterns that are fixed points', short: 'fixed points', meaning: 'Patterns that one update of every unit leaves unchanged.' },
  { name: 'oneStepErrors', unit: 'bits', label: 'one-step errors (bits)', short: 'one-step errors', meaning: 'Bits that change when every stored pattern is updated once.' },
  {
    name: 'aisEffectiveShare',
    unit: 'share',
    label: 'AIS effective runs (share of runs)',
    short: 'AIS effective share',
    meaning: 'Effective sample size (Σw)²/Σw² of the AIS weights as a share of the runs, the smaller of forward and reverse; below 0.1 the error bar of the AIS estimate is not to be trusted.',
  },
  { name: 'acceptanceRate', label: 'Metropolis acceptance rate', short: 'acceptance', meaning: 'Share of proposed single-unit flips accepted by the Metropolis sampler.' },
  {
    name: 'swapAcceptance',
    label: 'Tempering swap acceptance',
    short: 'swaps',
    meaning: 'PCD with parallel tempering: share of proposed replica swaps accepted, mean over adjacent temperature pairs; near 0 on a pair means the ladder needs more replicas.',
  },
  { name: 'gradientNorm', label: 'update size (RMS)', short: 'RMS update', meaning: 'Root mean square of the learning direction over all weights and biases.' },
  { name: 'weightNorm', label: 'weight norm ‖W‖ (Frobenius)', short: '‖W‖', meaning: 'Square root of the sum of all squared weights (biases excluded); runaway growth signals divergence.' },
  { name: 'examplesPerSecond', label: 'throughput (examples/s)', short: 'examples/s', meaning: 'Data rows processed per second of compute time, averaged over the run so far.' },
];

const BY_NAME = new Map(CATALOG.map((m, i) => [m.name, { display: m, rank: i }]));

/** Metrics that only qualify another (drawn as its band, or as a companion on its chart), never charted alone. */
const BAND_ONLY = new Set(
  CATALOG.flatMap((m) => [
    ...(m.errorBand ? [m.errorBand] : []),
    ...(m.companions ?? []).flatMap((c) => (c.alsoAlone ? [] : [c.name])),
    ...(m.companions ?? []).flatMap((c) => (c.errorBand ? [c.errorBand] : [])),
  ]),
);

/** "dotted" or "dashed": how a companion's dash pattern reads in captions and legends. */
export function dashName(dash: readonly number[]): string {
  return dash.length > 0 && dash[0] <= 3 ? 'dotted' : 'dashed';
}

/** The y-axis title: short name and unit, e.g. "F (nats)". */
export function axisLabel(display: MetricDisplay): string {
  return display.unit ? `${display.short} (${display.unit})` : display.short;
}

/** The display of `name`; unknown metrics get their own name as label. */
export function metricDisplay(name: string): MetricDisplay {
  return BY_NAME.get(name)?.display ?? { name, label: name, short: name, meaning: `Metric '${name}' as the algorithm reports it.` };
}

/** Chartable metrics among `names`, in catalog order (objectives first), unknown ones last by name. */
export function orderMetrics(names: Iterable<string>): string[] {
  const rank = (name: string) => BY_NAME.get(name)?.rank ?? CATALOG.length;
  return [...new Set(names)].filter((n) => !BAND_ONLY.has(n)).sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
}

/** The metric a run optimises or is best judged by: the first of `names` in catalog order. */
export function objectiveMetric(names: Iterable<string>): string | undefined {
  return orderMetrics(names)[0];
}
