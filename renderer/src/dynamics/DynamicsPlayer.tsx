import type { TrajectoryResult } from '../../../main/api/contract';
import { PLAYBACK_FPS, type Playback } from './usePlayback';

const figure = (v: number) => (Math.abs(v) >= 1e4 || (Math.abs(v) < 1e-3 && v !== 0) ? v.toExponential(3) : v.toFixed(4));

/** Step back, play/pause, step forward, a scrubber, the speed in frames per second and the frame counter. */
export function DynamicsPlayer({ result, playback }: { result: TrajectoryResult; playback: Playback }) {
  const count = result.frames.length;
  const frame = result.frames[playback.frame];
  return (
    <div className="dyn-player">
      <button type="button" data-testid="dynamics-step-back" aria-label="Previous frame" disabled={playback.frame === 0} onClick={() => playback.step(-1)}>
        ◀
      </button>
      <button type="button" data-testid="dynamics-play" aria-label={playback.playing ? 'Pause' : 'Play'} aria-pressed={playback.playing} onClick={playback.toggle}>
        {playback.playing ? '❚❚' : '▶'}
      </button>
      <button type="button" data-testid="dynamics-step-forward" aria-label="Next frame" disabled={playback.frame >= count - 1} onClick={() => playback.step(1)}>
        ▶▏
      </button>
      <input
        type="range"
        data-testid="dynamics-scrubber"
        aria-label="Frame"
        min={0}
        max={count - 1}
        value={playback.frame}
        onChange={(e) => playback.seek(e.target.valueAsNumber)}
      />
      <label className="dyn-speed">
        <input type="number" data-testid="dynamics-speed" min={PLAYBACK_FPS.min} max={PLAYBACK_FPS.max} value={playback.fps} onChange={(e) => playback.setFps(e.target.valueAsNumber)} />
        frames/s
      </label>
      <span
        className="dyn-frame"
        data-testid="dynamics-frame"
        data-frame={playback.frame}
        data-step={frame?.step}
        data-trace={frame?.trace}
        aria-live="off"
      >
        Frame {playback.frame + 1} / {count} · step {frame?.step ?? 0} · {result.traceName} = {frame ? figure(frame.trace) : '—'}
      </span>
      <span className="hint">{result.seconds.toFixed(2)} s</span>
    </div>
  );
}
