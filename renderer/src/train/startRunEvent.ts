/** Window event the Start shortcut (Ctrl/⌘+Enter) sends; the Train form answers it as if Start were clicked. */
export const START_RUN_EVENT = 'attractor:start-run';

/** Asks the Train form to start a run with its current settings. */
export function requestStartRun(): void {
  window.dispatchEvent(new Event(START_RUN_EVENT));
}
