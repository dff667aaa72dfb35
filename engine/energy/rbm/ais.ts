import * as tf from '@tensorflow/tfjs';
import type { BinaryDataset } from '../../data/dataset';
import { AIS_DEFAULTS, type AisBase, type AisSettings, type AisSide, type EstimateProgress, type LikelihoodEstimate, type LogPartitionEstimate, type ReverseStart } from '../../likelihood/estimate';
import { aisSide, effectiveShares, finishPartitionEstimate, likelihoodFromPartition, tracePoints } from '../../likelihood/weights';
import { createRandom, type SeededRandom } from '../../random/seeded';
import { baseBiases, baseLogPartition, createAnnealer, forwardPass, recordedBetas, reversePass, runAnnealer, sampleBase } from './aisAnneal';
import { reverseStartSamples } from './aisReverse';
import { aisSchedule, visibleBaseRates } from './aisSchedule';
import { negativeFreeEnergies } from './exact';
import { enumerateRbm, enumerationPlan } from './exactSample';
import { columnBatch, disposeRbmTensors, uploadRbm, type RbmTensors } from './layers';
import { createUniformNoise } from './noise';
import type { RbmView } from './view';
import { createWorkClock, type WorkClock } from '../../likelihood/progress';

export { AIS_DEFAULTS } from '../../likelihood/estimate';
export { aisSchedule, visibleBaseRates } from './aisSchedule';

/** Forward and reverse AIS for RBMs (Salakhutdinov & Murray 2008; Burda, Grosse & Salakhutdinov 2015), hidden units summed analytically. */
export type RbmAisArgs = AisSettings;

/** States × units up to which an exact log Z is added to an estimate that does not enumerate anyway. */
export const EXACT_BESIDE_AIS_COST = 2 ** 30;

interface Settings {
  temperatures: number;
  runs: number;
  seed: number;
  reverse: boolean;
  burnIn: number;
  base: AisBase;
  rates?: Float32Array;
  otherRates?: Float32Array | 'uniform';
  data?: BinaryDataset;
}

function checkedSettings(view: RbmView, args: RbmAisArgs): Settings {
  const temperatures = args.temperatures ?? AIS_DEFAULTS.temperatures;
  const runs = args.runs ?? AIS_DEFAULTS.runs;
  const burnIn = args.reverseBurnIn ?? AIS_DEFAULTS.reverseBurnIn;
  if (!Number.isInteger(temperatures) || temperatures < 1) throw new Error(`AIS needs at least one intermediate temperature (an integer), got ${temperatures}`);
  if (!Number.isInteger(runs) || runs < 2) throw new Error(`AIS needs at least 2 runs (an integer) for an error bar, got ${runs}`);
  if (!Number.isInteger(burnIn) || burnIn < 0) throw new Error(`Reverse AIS burn-in must be a whole number of Gibbs sweeps ≥ 0, got ${burnIn}`);
  if (args.base !== undefined && args.base !== 'data' && args.base !== 'uniform') throw new Error(`AIS base must be 'data' or 'uniform', got '${String(args.base)}'`);
  const data = args.data;
  if (data !== undefined && data.width !== view.visibleCount) {
    throw new Error(`Dataset '${data.name}' has ${data.width} columns but the RBM has ${view.visibleCount} visible units: pass rows of the model's width`);
  }
  if (args.baseRates !== undefined && args.baseRates.length !== view.visibleCount) {
    throw new Error(`Base rates need ${view.visibleCount} entries (one per visible unit), got ${args.baseRates.length}: pass visibleBaseRates(trainingRows) or omit them`);
  }
  const dataRates = args.baseRates ?? (data !== undefined && data.rowCount > 0 ? visibleBaseRates(data) : undefined);
  const wanted = args.base ?? AIS_DEFAULTS.base;
  const base: AisBase = wanted === 'data' && dataRates !== undefined ? 'data' : 'uniform';
  const checkBase = args.checkBase ?? AIS_DEFAULTS.checkBase;
  const otherRates = !checkBase ? undefined : base === 'data' ? 'uniform' : dataRates;
  return { temperatures, runs, seed: args.seed ?? AIS_DEFAULTS.seed, reverse: args.reverse ?? AIS_DEFAULTS.reverse, burnIn, base, rates: base === 'data' ? dataRates : undefined, otherRates, data };
}

const side = (direction: 'forward' | 'reverse', logZBase: number, weights: { logWeights: Float64Array; partialLogWeights: Float64Array }, betas: Float64Array, runs: number): AisSide =>
  aisSide(direction, logZBase, weights.logWeights, { betas, share: effectiveShares(weights.partialLogWeights, runs) });

/** Extra work an estimate carries (the rows' free energies), run with the estimate's tensors and progress. */
type ExtraWork = { units: number; run: (rbm: RbmTensors, ticker: WorkClock) => Promise<void> };

async function estimate(view: RbmView, settings: Settings, progress: EstimateProgress | undefined, extra?: ExtraWork): Promise<LogPartitionEstimate> {
  const { temperatures: count, runs } = settings;
  const betas = aisSchedule(count);
  const points = tracePoints(count);
  const plan = enumerationPlan(view);
  const enumerate = plan !== undefined && (settings.reverse || 2 ** plan.size * (view.visibleCount + view.hiddenCount) <= EXACT_BESIDE_AIS_COST);
  const chunkUnits = plan === undefined ? 0 : Math.max(1, Math.ceil(plan.chunkCost / (2 * view.visibleCount * view.hiddenCount * runs)));
  const reverseStartUnits = plan !== undefined ? 0 : settings.burnIn;
  const total =
    count * (1 + (settings.reverse ? 1 : 0) + (settings.otherRates !== undefined ? 1 : 0)) + (settings.reverse ? reverseStartUnits : 0) + (enumerate ? plan!.chunks * chunkUnits : 0) + (extra?.units ?? 0);
  const ticker = createWorkClock(total, progress, Math.max(1, Math.floor(count / 200)));
  const root = createRandom(settings.seed);
  const forward = forwardPass(betas, points);
  const forwardBetas = recordedBetas(forward);
  const bias = baseBiases(view, settings.rates);
  const logZBase = baseLogPartition(view, bias);
  const rbm = uploadRbm(view);
  const baseBias = tf.tensor2d(bias, [view.visibleCount, 1]);
  let otherBias: tf.Tensor2D | undefined;
  const pass = async (bias: tf.Tensor2D, stream: SeededRandom, start?: tf.Tensor2D, schedule = forward) => {
    const noise = createUniformNoise(stream);
    return runAnnealer(createAnnealer(rbm, bias, start ?? sampleBase(bias, runs, rbm.encoding, noise), schedule.gammas, schedule.record, noise), ticker);
  };
  try {
    await ticker.tick(0);
    if (extra) await extra.run(rbm, ticker);
    let exact: number | undefined;
    let reverse: AisSide | undefined;
    let reverseStart: ReverseStart | undefined;
    if (settings.reverse) {
      const start = await reverseStartSamples(rbm, baseBias, enumerate ? plan : undefined, { runs, burnIn: settings.burnIn, data: settings.data, random: root, ticker, chunkUnits });
      exact = start.logZ;
      const schedule = reversePass(betas, points);
      reverseStart = start.start;
      reverse = side('reverse', logZBase, await pass(baseBias, root.fork('ais-reverse'), start.visible, schedule), recordedBetas(schedule), runs);
    } else if (enumerate) {
      exact = (await enumerateRbm(rbm, plan!, 0, root.fork('ais-exact'), createUniformNoise(root.fork('ais-exact')), () => ticker.tick(chunkUnits))).logZ;
    }
    const forwardSide = side('forward', logZBase, await pass(baseBias, root.fork('ais-forward')), forwardBetas, runs);
    let otherBase: AisSide | undefined;
    if (settings.otherRates !== undefined) {
      const other = baseBiases(view, settings.otherRates === 'uniform' ? undefined : settings.otherRates);
      otherBias = tf.tensor2d(other, [view.visibleCount, 1]);
      otherBase = side('forward', baseLogPartition(view, other), await pass(otherBias, root.fork('ais-other-base')), forwardBetas, runs);
    }
    await ticker.finish();
    return finishPartitionEstimate({
      forward: forwardSide,
      ...(reverse ? { reverse } : {}),
      ...(otherBase ? { otherBase } : {}),
      logZBase,
      betas,
      ...(exact !== undefined ? { exact } : {}),
      provenance: { method: 'ais', base: settings.base, schedule: 'salakhutdinov-murray', temperatures: count, runs, seed: settings.seed, ...(reverseStart ? { reverseStart } : {}) },
    });
  } finally {
    tf.dispose([baseBias, ...(otherBias ? [otherBias] : [])]);
    disposeRbmTensors(rbm);
  }
}

/** log Z of an RBM by forward AIS, reverse AIS and a second base, with the exact value where the smaller layer can be enumerated. */
export async function estimateRbmLogPartition(view: RbmView, args: RbmAisArgs = {}): Promise<LogPartitionEstimate> {
  return estimate(view, checkedSettings(view, args), args.progress);
}

/** Rows per free-energy chunk: ≈ 2^20 entries of the rows × units matrix, so progress is reported between chunks. */
const ROW_CHUNK_ENTRIES = 1 << 20;

/**
 * Mean log P(v) of `rows` = (1/N) Σ_n −F(v_n) − log Ẑ (Salakhutdinov & Murray 2008, Table 1): exact free energies, log Z from
 * forward AIS (optimistic side) and reverse AIS (conservative side). Without `data` or `baseRates`, `rows` give the data base.
 */
export async function estimateRbmLikelihood(view: RbmView, rows: BinaryDataset, args: RbmAisArgs = {}): Promise<LikelihoodEstimate & { negativeFreeEnergies: Float64Array }> {
  if (rows.width !== view.visibleCount) throw new Error(`Dataset '${rows.name}' has ${rows.width} columns but the RBM has ${view.visibleCount} visible units: pass rows of the model's width`);
  if (rows.rowCount === 0) throw new Error(`Dataset '${rows.name}' has no rows: a mean log-likelihood needs at least one`);
  const settings = checkedSettings(view, args.data === undefined && args.baseRates === undefined ? { ...args, data: rows } : args);
  const runs = settings.runs;
  const chunk = Math.max(1, Math.floor(ROW_CHUNK_ENTRIES / (view.visibleCount + view.hiddenCount)));
  // One temperature of R runs costs two V×H×R products; n rows' free energies one V×H×n product.
  const rowUnits = (n: number) => Math.max(1, Math.ceil(n / (2 * runs)));
  const negF = new Float64Array(rows.rowCount);
  const extra: ExtraWork = {
    units: Math.floor(rows.rowCount / chunk) * rowUnits(chunk) + (rows.rowCount % chunk > 0 ? rowUnits(rows.rowCount % chunk) : 0),
    async run(rbm, ticker) {
      for (let first = 0; first < rows.rowCount; first += chunk) {
        const n = Math.min(chunk, rows.rowCount - first);
        const picked = Int32Array.from({ length: n }, (_, k) => first + k);
        const part = tf.tidy(() => negativeFreeEnergies(rbm, tf.tensor2d(columnBatch(rows.bits, rows.width, picked, rbm.encoding), [rows.width, n])));
        negF.set(part.dataSync(), first);
        part.dispose();
        await ticker.tick(rowUnits(n));
      }
    },
  };
  const logZ = await estimate(view, settings, args.progress, extra);
  return { ...likelihoodFromPartition(negF, logZ), negativeFreeEnergies: negF };
}
