import * as tf from '@tensorflow/tfjs';
import type { UnitEncoding } from '../../diagram/types';
import type { CouplingOperator } from './operator';

/** x ln x with 0 ln 0 = 0 (units clamped at ±1 or at 0/1 carry no entropy). */
const xLogX = (x: tf.Tensor): tf.Tensor => tf.mul(x, tf.log(tf.maximum(x, 1e-30)));

/**
 * Mean-field (variational) free energy per pattern, F_MF = ⟨H⟩_q − β⁻¹ S(q) for the product distribution q with
 * means m [B, N] (internal order), H(s) = −½ sᵀWs − bᵀs (zero diagonal, so ⟨s_i s_j⟩_q = m_i m_j exactly):
 *   ±1 units:  F_MF(m) = −½ mᵀWm − bᵀm + β⁻¹ Σ_i [p_i ln p_i + (1 − p_i) ln(1 − p_i)],  p_i = (1 + m_i)/2;
 *   0/1 units: F_MF(μ) = −½ μᵀWμ − bᵀμ + β⁻¹ Σ_i [μ_i ln μ_i + (1 − μ_i) ln(1 − μ_i)].
 * ∂F_MF/∂m_i = −(Wm + b)_i + β⁻¹ atanh(m_i) (±1) or β⁻¹ ln(μ_i/(1 − μ_i)) (0/1), zero exactly where
 * m_i = tanh(β(Wm + b)_i), resp. μ_i = σ(β(Wμ + b)_i): the stationary points are the mean-field fixed points.
 * By Gibbs–Bogoliubov F_MF ≥ F = −β⁻¹ ln Z, with equality to first order in βW (Plefka: the gap starts at the
 * Onsager term ½β Σ_{i<j} w_ij² (1 − m_i²)(1 − m_j²) for ±1 units).
 */
export function meanFieldFreeEnergyTensor(op: CouplingOperator, m: tf.Tensor2D, beta: number, encoding: UnitEncoding): tf.Tensor1D {
  return tf.tidy(() => {
    const energy = tf.neg(tf.sum(tf.mul(m, tf.add(tf.mul(op.couple(m), 0.5), op.biases)), 1));
    const p = encoding === 'pm1' ? tf.mul(tf.add(m, 1), 0.5) : m;
    const negativeEntropy = tf.sum(tf.add(xLogX(p), xLogX(tf.sub(1, p))), 1);
    return tf.add(energy, tf.div(negativeEntropy, beta)) as tf.Tensor1D;
  });
}
