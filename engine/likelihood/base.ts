import type { UnitEncoding } from '../diagram/types';

/**
 * Fields a_i of a factorised base p_A(x) ∝ Π_i e^{a_i x_i} from rates P(x_i = 1) (Salakhutdinov & Murray eq. 14): logit p
 * for 0/1 units, ½ logit p for ±1 units (P(+1) = σ(2a)); rates are clipped to [1e-6, 1 − 1e-6] so no state is impossible.
 */
export function baseFieldsFromRates(rates: ArrayLike<number>, encoding: UnitEncoding): Float32Array {
  const scale = encoding === 'pm1' ? 0.5 : 1;
  return Float32Array.from({ length: rates.length }, (_, i) => {
    const p = Math.min(1 - 1e-6, Math.max(1e-6, rates[i]));
    return scale * Math.log(p / (1 - p));
  });
}

/** log Σ_x e^{a x} of a factorised base, summed over units (float64): log 2cosh a for ±1 units, softplus a for 0/1 units. */
export function factorisedLogPartition(fields: ArrayLike<number>, encoding: UnitEncoding): number {
  let sum = 0;
  for (let i = 0; i < fields.length; i++) {
    const a = Math.abs(fields[i]);
    sum += encoding === 'pm1' ? a + Math.log1p(Math.exp(-2 * a)) : Math.max(fields[i], 0) + Math.log1p(Math.exp(-a));
  }
  return sum;
}
