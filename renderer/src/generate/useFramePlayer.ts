import { useCallback, useEffect, useState } from 'react';

/** Seconds a whole trajectory takes to play at speed 1, however many frames it has. */
export const PLAY_SECONDS = 3;
const TICK_MS = 40;

export interface FramePlayer {
  index: number;
  playing: boolean;
  /** Playback speed factor (0.25 … 4). */
  speed: number;
  play(): void;
  pause(): void;
  step(delta: number): void;
  seek(index: number): void;
  setSpeed(speed: number): void;
}

/** Frames to advance per tick so that `count` frames play in PLAY_SECONDS / speed (at least one). */
export function framesPerTick(count: number, speed: number): number {
  return Math.max(1, Math.round((count * speed * TICK_MS) / (PLAY_SECONDS * 1000)));
}

/** Play, pause, step and seek through `count` frames; a new trajectory (new `key`) starts from frame 0 and plays. */
export function useFramePlayer(count: number, key: unknown): FramePlayer {
  const [index, setIndex] = useState(0);
  const [playing, setPlaying] = useState(false);
  const [speed, setSpeed] = useState(1);

  useEffect(() => {
    setIndex(0);
    setPlaying(count > 1);
  }, [key, count]);

  useEffect(() => {
    if (!playing) return;
    const advance = framesPerTick(count, speed);
    const timer = setInterval(() => {
      setIndex((i) => {
        const next = Math.min(count - 1, i + advance);
        if (next >= count - 1) setPlaying(false);
        return next;
      });
    }, TICK_MS);
    return () => clearInterval(timer);
  }, [playing, count, speed]);

  const clampIndex = useCallback((i: number) => Math.max(0, Math.min(count - 1, i)), [count]);
  return {
    index: clampIndex(index),
    playing,
    speed,
    play: useCallback(() => {
      setIndex((i) => (i >= count - 1 ? 0 : i));
      setPlaying(true);
    }, [count]),
    pause: useCallback(() => setPlaying(false), []),
    step: useCallback((delta: number) => {
      setPlaying(false);
      setIndex((i) => clampIndex(i + delta));
    }, [clampIndex]),
    seek: useCallback((i: number) => {
      setPlaying(false);
      setIndex(clampIndex(i));
    }, [clampIndex]),
    setSpeed,
  };
}
