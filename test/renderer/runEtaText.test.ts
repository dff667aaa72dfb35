import { describe, expect, it } from 'vitest';
import { etaText } from '../../renderer/src/train/RunProgressBar';

describe('the ETA as the progress bar says it', () => {
  it('names the AIS estimates it leaves out until one has been timed', () => {
    expect(etaText(65)).toBe('ETA 1 m 05 s');
    expect(etaText(65, 0)).toBe('ETA 1 m 05 s');
    expect(etaText(42, 1)).toBe('ETA 42 s + 1 AIS estimate');
    expect(etaText(42, 3)).toBe('ETA 42 s + 3 AIS estimates');
  });
});
