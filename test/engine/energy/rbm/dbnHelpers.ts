import type { EnergyModelSpec } from '../../../../engine/compiler/types';
import type { UnitEncoding } from '../../../../engine/diagram/types';
import { coupling, layer } from '../../diagram/examples';
import { compileEnergy } from './helpers';

/** A stack compiled from layers V, H1, H2 … of the given sizes (visible first), edges e1, e2, … each from a layer to the one above. */
export function stackModel(sizes: number[], encoding: UnitEncoding = 'binary01'): EnergyModelSpec {
  const ids = sizes.map((_, i) => (i === 0 ? 'V' : `H${i}`));
  const nodes = sizes.map((size, i) => layer(ids[i], i === 0 ? 'visible' : 'hidden', size));
  const edges = ids.slice(1).map((id, i) => coupling(`e${i + 1}`, ids[i], id));
  return compileEnergy(nodes, edges, undefined, encoding);
}
