import { memo, useSyncExternalStore } from 'react';
import { useServices, useStudio } from '../../app/StudioContext';
import { DARK_PALETTE, LIGHT_PALETTE, thumbnailPixels } from '../thumbnail';

const SIDE = 16;

/** A single unit's live activation (P(on), published by a run or probe) as a disc shaded like a one-pixel thumbnail. */
export const UnitActivation = memo(function UnitActivation({ nodeId }: { nodeId: string }) {
  const { live } = useServices();
  const value = useSyncExternalStore(
    (listener) => live.subscribe(nodeId, listener),
    () => live.get(nodeId)?.[0],
  );
  const theme = useStudio((s) => s.theme);
  if (value === undefined) return null;
  const [r, g, b] = thumbnailPixels(1, { rows: 1, cols: 1 }, { kind: 'activations', values: [value] }, theme === 'dark' ? DARK_PALETTE : LIGHT_PALETTE);
  return (
    <span
      className="unit-activation"
      data-activation={value}
      aria-label={`P(on) = ${value.toFixed(2)}`}
      role="img"
      style={{ position: 'absolute', pointerEvents: 'none', bottom: 6, left: '50%', width: SIDE, height: SIDE, marginLeft: -SIDE / 2, borderRadius: '50%', border: '1px solid var(--node-border)', background: `rgb(${r}, ${g}, ${b})` }}
    />
  );
});
