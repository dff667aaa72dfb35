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
    label: 'AIS log-likelihood (nats/pattern)',
    short: 'AIS ln P',
    meaning: 'Mean log-probability of the data with ln Z estimated by annealed importance sampling; the band is ±1 standard error of ln Z.',
    errorBand: 'aisStandardError',
  },
  { name: 'bound', unit: 'nats', label: 'mean-field bound F (nats/pattern)', short: 'F', meaning: 'Saul, Jaakkola & Jordan lower bound F ≤ ln P(v), averaged over the data; higher is better.' },
  { name: 'negLyapunov', unit: 'nats', label: '−L (nats/pattern)', short: '−L', meaning: 'Minus the Lyapunov function of the attractor dynamics (Saul & Jordan 2000), the objective of attractor learning; higher is better.' },
  { name: 'sampledLogJoint', unit: 'nats', label: 'sampled ln P(v, h) (nats/pattern)', short: 'ln P(v,h)', meaning: 'Mean log joint probability of the data with hidden states drawn by Gibbs sampling.' },
  { name: 'meanFieldNll', unit: 'nats', label: 'mean-field −ln P (nats/pattern)', short: '−ln P (MF)', meaning: 'Mean-field estimate of the negative log-likelihood of the data; lower is better.' },
  { name: 'outputError', unit: 'share', label: 'output error (share of bits)', short: 'output error', meaning: 'Share of wrong output bits with the inputs clamped; lower is better.' },
  { name: 'reconstructionError', unit: '0/1 scale', label: 'reconstruction error (mean squared, 0/1 scale)', short: 'recon. error', meaning: 'Mean of (x − E[v | E[h | x]])² over data rows and visible units; lower is better.' },
  { name: 'fixedPoints', label: 'stored patterns that are fixed points', short: 'fixed points', meaning: 'Patterns that one update of every unit leaves unchanged.' },
  { name: 'oneStepErrors', unit: 'bits', label: 'one-step errors (bits)', short: 'one-step errors', meaning: 'Bits that change when every stored pattern is updated once.' },
  { name: 'acceptanceRate', label: 'Metropolis acceptance rate', short: 'acceptance', meaning: 'Share of proposed single-unit flips accepted by the Metropolis sampler.' },
  { name: 'gradientNorm', label: 'update size (RMS)', short: 'RMS update', meaning: 'Root mean square of the learning direction over all weights and biases.' },
  { name: 'weightNorm', label: 'weight norm ‖W‖ (Frobenius)', short: '‖W‖', meaning: 'Square root of the sum of all squared weights (biases excluded); runaway growth signals divergence.' },
  { name: 'examplesPerSecond', label: 'throughput (examples/s)', short: 'examples/s', meaning: 'Data rows processed per second of compute time, averaged over the run so far.' },
];

const BY_NAME = new Map(CATALOG.map((m, i) => [m.name, { display: m, rank: i }]));

/** Metrics that only qualify another (drawn as its band), never charted alone. */
const BAND_ONLY = new Set(CATALOG.flatMap((m) => (m.errorBand ? [m.errorBand] : [])));

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
