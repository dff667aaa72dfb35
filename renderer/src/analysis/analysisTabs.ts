/** The analysis dock's views, in tab order: id (also the test id suffix), label and the key that opens it with Alt. */
export const ANALYSIS_TABS = [
  { id: 'charts', label: 'Charts', key: '1', hint: 'Live metrics of runs; overlay, zoom and export' },
  { id: 'inside', label: 'Inside', key: '2', hint: 'Weights as Hinton diagrams or heatmaps, receptive fields, biases, histograms' },
  { id: 'dynamics', label: 'Dynamics', key: '3', hint: 'Animate unit states during sampling or relaxation, with the energy or Lyapunov trace' },
  { id: 'generate', label: 'Generate', key: '4', hint: 'Fantasies, pattern completion, Hopfield retrieval' },
  { id: 'exact', label: 'Exact', key: '5', hint: 'All states of a small model, data vs model distribution, KL' },
  { id: 'compare', label: 'Compare', key: '6', hint: 'Inference methods side by side on one model and one pattern set' },
  { id: 'classify', label: 'Classify', key: '7', hint: 'Generative classification: one trained model per class, confusion matrix, error rate, misclassified rows' },
] as const;

export type AnalysisTabId = (typeof ANALYSIS_TABS)[number]['id'];

/** The letter that, with Alt, maximises the dock over the canvas column or restores its height. */
export const DOCK_MAXIMISE_KEY = 'M';
