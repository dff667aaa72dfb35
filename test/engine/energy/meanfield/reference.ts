import type { EnergyModelSpec } from '../../../../engine/compiler/types';
import { denseCouplings } from '../../../../engine/energy/dense';
import type { ModelParameters } from '../../../../engine/model/parameters';

/** Float64 references for the mean-field tests, straight from dense W and b (small models only). */
export interface MeanFieldReference {
  n: number;
  /** (W m + b)_i for one pattern. */
  field(m: ArrayLike<number>): Float64Array;
  /** max over free units of |m_i − F_i(m)| (F = tanh or σ of β·field). */
  residual(m: ArrayLike<number>, beta: number, clamped?: Set<number>): number;
  /** F_MF(m) = −½ mᵀWm − bᵀm − β⁻¹ S(m). */
  freeEnergy(m: ArrayLike<number>, beta: number): number;
  /** ∂F_MF/∂m_i. */
  gradient(m: ArrayLike<number>, beta: number): Float64Array;
}

const xlogx = (x: number): number => (x <= 0 ? 0 : x * Math.log(x));

export function meanFieldReference(model: EnergyModelSpec, params: ModelParameters): MeanFieldReference {
  const dense = denseCouplings(model, params);
  const n = dense.unitCount;
  const pm1 = model.encoding === 'pm1';
  const field = (m: ArrayLike<number>): Float64Array =>
    Float64Array.from({ length: n }, (_, i) => {
      let h = dense.biases[i];
      for (let j = 0; j < n; j++) h += dense.couplings[i * n + j] * m[j];
      return h;
    });
  const act = (x: number): number => (pm1 ? Math.tanh(x) : 1 / (1 + Math.exp(-x)));
  return {
    n,
    field,
    residual(m, beta, clamped = new Set()) {
      const h = field(m);
      let worst = 0;
      for (let i = 0; i < n; i++) if (!clamped.has(i)) worst = Math.max(worst, Math.abs(m[i] - act(beta * h[i])));
      return worst;
    },
    freeEnergy(m, beta) {
      const h = field(m);
      let energy = 0;
      let negativeEntropy = 0;
      for (let i = 0; i < n; i++) {
        energy -= 0.5 * m[i] * (h[i] - dense.biases[i]) + dense.biases[i] * m[i];
        const p = pm1 ? (1 + m[i]) / 2 : m[i];
        negativeEntropy += xlogx(p) + xlogx(1 - p);
      }
      return energy + negativeEntropy / beta;
    },
    gradient(m, beta) {
      const h = field(m);
      return Float64Array.from({ length: n }, (_, i) => -h[i] + (pm1 ? Math.atanh(m[i]) : Math.log(m[i] / (1 - m[i]))) / beta);
    },
  };
}
