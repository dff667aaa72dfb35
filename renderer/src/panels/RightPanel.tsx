import { useStudio } from '../app/StudioContext';
import { DatasetPanel } from '../datasets/DatasetPanel';
import { TrainPanel } from '../train/TrainPanel';
import { WeightsView } from '../weights/WeightsView';
import { Inspector } from '../inspector/Inspector';
import { SummaryCard } from './SummaryCard';

/** Right column: compiled summary with problems, inspector, training and weights of the active diagram. */
export function RightPanel() {
  const hasDiagram = useStudio((s) => s.activeDiagramId !== null);
  if (!hasDiagram) return <aside className="right-panel" aria-label="Details" />;
  return (
    <aside className="right-panel" aria-label="Details">
      <SummaryCard />
      <Inspector />
      <DatasetPanel />
      <TrainPanel />
      <WeightsView />
    </aside>
  );
}
