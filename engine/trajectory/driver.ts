/** One method's dynamics on one model, stepped by the trajectory recorder. */
export interface TrajectoryDriver {
  /** What the trace is, e.g. 'Energy H(s)'. */
  traceName: string;
  /** Runs `steps` more sweeps or iterations. */
  advance(steps: number): Promise<void>;
  /** The current state: P(on) or the 0/1 state per unit (natural order), and the traced figure. */
  read(): Promise<{ values: Float32Array; trace: number }>;
  dispose(): void;
}
