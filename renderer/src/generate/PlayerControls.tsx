import type { FramePlayer } from './useFramePlayer';

/** Play/pause, step, a frame slider and the speed, for a recorded trajectory. */
export function PlayerControls({ player, steps, testId }: { player: FramePlayer; steps: number[]; testId: string }) {
  const last = steps.length - 1;
  return (
    <div className="gen-player" data-testid={testId}>
      <button type="button" aria-label="Step back" onClick={() => player.step(-1)} disabled={player.index === 0}>
        ◀
      </button>
      <button type="button" data-testid={`${testId}-play`} onClick={() => (player.playing ? player.pause() : player.play())}>
        {player.playing ? 'Pause' : 'Play'}
      </button>
      <button type="button" aria-label="Step forward" onClick={() => player.step(1)} disabled={player.index >= last}>
        ▶
      </button>
      <input type="range" min={0} max={Math.max(0, last)} value={player.index} aria-label="Frame" onChange={(e) => player.seek(Number(e.target.value))} />
      <span className="gen-step" data-testid={`${testId}-step`}>
        step {steps[player.index] ?? 0} of {steps[last] ?? 0}
      </span>
      <select aria-label="Speed" value={player.speed} onChange={(e) => player.setSpeed(Number(e.target.value))}>
        {[0.25, 0.5, 1, 2, 4].map((s) => (
          <option key={s} value={s}>
            {s}×
          </option>
        ))}
      </select>
    </div>
  );
}
