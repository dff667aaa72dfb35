import { useCallback, useEffect, useState } from 'react';

/** Frames per second the player offers (slowest, fastest, default). */
export const PLAYBACK_FPS = { min: 1, max: 60, initial: 8 } as const;

export interface Playback {
  frame: number;
  playing: boolean;
  fps: number;
  seek(frame: number): void;
  step(delta: number): void;
  toggle(): void;
  setFps(fps: number): void;
}

/**
 * Step, play/pause and speed over `count` frames; playing stops at the last frame, and play from there starts over.
 * A new `source` (e.g. a new trajectory) rewinds to frame 0 and pauses.
 */
export function usePlayback(count: number, source: unknown): Playback {
  const [frame, setFrame] = useState(0);
  const [playing, setPlaying] = useState(false);
  const [fps, setFpsState] = useState<number>(PLAYBACK_FPS.initial);
  const last = Math.max(0, count - 1);

  useEffect(() => {
    setFrame(0);
    setPlaying(false);
  }, [source]);

  useEffect(() => {
    if (!playing) return;
    const timer = setInterval(() => {
      setFrame((f) => {
        if (f >= last) {
          setPlaying(false);
          return f;
        }
        return f + 1;
      });
    }, 1000 / fps);
    return () => clearInterval(timer);
  }, [playing, fps, last]);

  const seek = useCallback((f: number) => setFrame(Math.max(0, Math.min(last, Math.round(f)))), [last]);
  const step = useCallback(
    (delta: number) => {
      setPlaying(false);
      setFrame((f) => Math.max(0, Math.min(last, f + delta)));
    },
    [last],
  );
  const toggle = useCallback(() => {
    setPlaying((p) => {
      if (!p) setFrame((f) => (f >= last ? 0 : f));
      return !p;
    });
  }, [last]);
  const setFps = useCallback((value: number) => setFpsState(Math.max(PLAYBACK_FPS.min, Math.min(PLAYBACK_FPS.max, Math.round(value) || PLAYBACK_FPS.initial))), []);
  return { frame: Math.min(frame, last), playing, fps, seek, step, toggle, setFps };
}
