import { describe, expect, it } from 'vitest';
import { layeredBeliefSpec } from '../../../engine/belief/randomNetworks';
import type { TrajectoryResult } from '../../../main/api/contract';
import { defaultMethod, dynamicsMethods, frameAtStep, nodeSlices, trajectoryCsv } from '../../../renderer/src/dynamics/trajectoryFrames';
import { layeredModel, rbmModel } from '../../engine/helpers/models';
import { hopfieldLayerModel } from '../../engine/trajectory/helpers';

const result: TrajectoryResult = {
  method: 'hopfield',
  unitCount: 3,
  traceName: 'Energy H(s)',
  seconds: 0.01,
  frames: [
    { step: 0, values: [0, 1, 0], trace: 1, overlaps: [0.5] },
    { step: 5, values: [1, 1, 0], trace: -0.5, overlaps: [1] },
    { step: 7, values: [1, 1, 1], trace: -1, overlaps: [1] },
  ],
};

describe('dynamics view helpers', () => {
  it('offer the methods of the compiled family, Hopfield dynamics first for a Hopfield net and attractor dynamics for a belief net', () => {
    expect(dynamicsMethods(layeredModel(2, 2)).map((m) => m.id)).toEqual(['gibbs', 'meanfield', 'hopfield']);
    expect(dynamicsMethods(layeredBeliefSpec([2, 3])).map((m) => m.id)).toEqual(['gibbs', 'meanfield', 'attractor']);
    expect(defaultMethod(hopfieldLayerModel(4)).id).toBe('hopfield');
    expect(defaultMethod({ ...layeredModel(2, 2), family: 'boltzmann' }).id).toBe('gibbs');
    expect(defaultMethod(layeredBeliefSpec([2, 3])).id).toBe('attractor');
    expect(dynamicsMethods(layeredBeliefSpec([2, 3])).every((m) => !m.temperature)).toBe(true);
  });

  it('slice a frame into each node’s units (an RBM block: visible then hidden)', () => {
    const model = layeredModel(2, 3);
    const slices = nodeSlices(model, [0.1, 0.2, 0.3, 0.4, 0.5]);
    expect(slices.map((s) => s.nodeId)).toEqual(['v', 'h']);
    expect(Array.from(slices[1].values)).toEqual([0.3, 0.4, 0.5].map(Math.fround));
    const rbm = nodeSlices(rbmModel(2, 1), [1, 0, 1]);
    expect(Array.from(rbm[0].values)).toEqual([1, 0, 1]);
  });

  it('write the frames as CSV with the trace, the overlaps and every unit by name', () => {
    const csv = trajectoryCsv(layeredModel(2, 1), result).trim().split('\n');
    expect(csv[0]).toBe('step,Energy H(s),m_1,v[1],v[2],h');
    expect(csv[2]).toBe('5,-0.5,1,1,1,0');
    expect(csv).toHaveLength(4);
  });

  it('find the frame nearest a step', () => {
    expect(frameAtStep(result, 0)).toBe(0);
    expect(frameAtStep(result, 4)).toBe(1);
    expect(frameAtStep(result, 6.5)).toBe(2);
    expect(frameAtStep(result, 100)).toBe(2);
  });
});
