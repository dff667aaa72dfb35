/** The run:*, job:* and output:* channels, implemented by a RunService. */
import type { JobKind } from '../api/contract';
import { argObject, argString, type ChannelHandlers } from './channelArgs';
import { ServiceError } from './errors';
import type { RunService } from './runService';

export type RunChannel =
  | 'run:start'
  | 'job:start'
  | 'job:methods'
  | 'run:pause'
  | 'run:resume'
  | 'run:resumeFrom'
  | 'run:cancel'
  | 'run:delete'
  | 'run:list'
  | 'run:get'
  | 'run:metrics'
  | 'run:checkpoints'
  | 'output:list'
  | 'output:get'
  | 'run:setNote';

const JOB_KINDS: readonly JobKind[] = ['train', 'infer', 'sample', 'evaluate'];

export function runHandlers(runs: RunService): ChannelHandlers<RunChannel> {
  return {
    'run:start': async (arg) => runs.start(argObject(arg, 'run:start', 'TrainRequest')),
    'job:start': async (arg) => runs.startJob(argObject(arg, 'job:start', 'JobRequest')),
    'job:methods': async (arg) => {
      const diagramId = argString(arg, 'job:methods', 'diagramId');
      const kind = (arg as { kind?: unknown }).kind;
      if (kind !== undefined && !JOB_KINDS.includes(kind as JobKind)) {
        throw new ServiceError('invalid-argument', `job:methods kind must be one of ${JOB_KINDS.join(', ')}; got '${String(kind)}'.`);
      }
      return runs.methods(diagramId, kind as JobKind | undefined);
    },
    'run:pause': async (arg) => runs.pause(argString(arg, 'run:pause', 'runId')),
    'run:resume': async (arg) => runs.resume(argString(arg, 'run:resume', 'runId')),
    'run:resumeFrom': async (arg) => runs.resumeFrom(argObject(arg, 'run:resumeFrom', '{ runId, step, epochs?, config? }')),
    'run:cancel': async (arg) => runs.cancel(argString(arg, 'run:cancel', 'runId')),
    'run:delete': async (arg) => runs.delete(argString(arg, 'run:delete', 'runId')),
    'run:list': () => runs.list(),
    'run:get': async (arg) => runs.get(argString(arg, 'run:get', 'runId')),
    'run:metrics': async (arg) => {
      const { fromStep, toStep, maxPoints } = argObject<{ fromStep?: number; toStep?: number; maxPoints?: number }>(arg, 'run:metrics', '{ runId, fromStep?, toStep?, maxPoints? }');
      return runs.metrics(argString(arg, 'run:metrics', 'runId'), { fromStep, toStep, maxPoints });
    },
    'run:checkpoints': async (arg) => runs.checkpoints(argString(arg, 'run:checkpoints', 'runId')),
    'output:list': async (arg) => {
      const runId = (arg as { runId?: unknown } | undefined)?.runId;
      if (runId !== undefined && typeof runId !== 'string') throw new ServiceError('invalid-argument', 'output:list takes { runId?: string }.');
      return runs.outputs(runId);
    },
    'output:get': async (arg) => {
      const { fromRow, rowCount } = argObject<{ fromRow?: number; rowCount?: number }>(arg, 'output:get', '{ outputId, fromRow?, rowCount? }');
      return runs.output(argString(arg, 'output:get', 'outputId'), fromRow, rowCount);
    },
    'run:setNote': async (arg) => {
      const note = (arg as { note?: unknown } | undefined)?.note;
      if (typeof note !== 'string') throw new ServiceError('invalid-argument', "run:setNote needs { runId: string, note: string } ('' clears the note).");
      return runs.setNote(argString(arg, 'run:setNote', 'runId'), note);
    },
  };
}
