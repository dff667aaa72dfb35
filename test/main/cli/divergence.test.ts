import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDirsPerTest } from '../helpers';
import { attractor, XOR_DIAGRAM } from './spawnCli';

// attractor train with a learning rate that makes KL diverge: one line on stderr, exit 1, the best epoch kept.

const scratch = tempDirsPerTest('cli-divergence');
const DIVERGED = /^attractor: Training diverged at epoch 2: KL rose from best [\d.]+ \(epoch 1\) to [\d.]+; lower the learning rate η \(now 20\) — the best parameters, epoch 1, are kept$/m;

describe('attractor train when the objective diverges', () => {
  it('on a diagram file: exit 1, the message on stderr, --out holds the best epoch’s parameters', async () => {
    const out = join(scratch(), 'best.json');
    const result = await attractor(['train', XOR_DIAGRAM, '--data', 'xor', '--algorithm', 'boltzmann-exact', '--epochs', '100', '--set', 'learningRate=20', '--out', out]);
    expect(result.code, result.stderr).toBe(1);
    expect(result.stderr).toMatch(DIVERGED);
    expect(JSON.parse(readFileSync(out, 'utf8')).parameters).toBeDefined();
  });

  it('in a project: the run is stored failed with the message and its best checkpoint; divergenceFactor=0 lets it complete', async () => {
    const file = join(scratch(), 'diverge.attractor');
    expect((await attractor(['project', 'new', file, '--example', 'xor-boltzmann'])).code).toBe(0);
    const failed = await attractor(['train', file, '--data', 'xor', '--algorithm', 'boltzmann-exact', '--epochs', '100', '--set', 'learningRate=20']);
    expect(failed.code, failed.stderr).toBe(1);
    expect(failed.stderr).toMatch(DIVERGED);
    expect(JSON.parse(failed.stdout)).toMatchObject({ status: 'failed', lastStep: 2, checkpoints: [1], config: { divergenceFactor: 2 } });
    const off = await attractor(['train', file, '--data', 'xor', '--algorithm', 'boltzmann-exact', '--epochs', '20', '--set', 'learningRate=20', '--set', 'divergenceFactor=0']);
    expect(off.code, off.stderr).toBe(0);
    expect(existsSync(`${file}-lock`)).toBe(false);
  });
});
