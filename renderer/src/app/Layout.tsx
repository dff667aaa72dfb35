import { Canvas } from '../canvas/Canvas';
import { DiagramTabs } from '../panels/DiagramTabs';
import { NoticeBanner } from '../panels/NoticeBanner';
import { Palette } from '../panels/Palette';
import { PathDialog } from '../panels/PathDialog';
import { RightPanel } from '../panels/RightPanel';
import { StatusBar } from '../panels/StatusBar';
import { Toolbar } from '../panels/Toolbar';
import { Welcome } from '../panels/Welcome';
import { useStudio } from './StudioContext';
import { useCommands } from './useCommands';
import { useShortcuts } from './useShortcuts';

/** The window: toolbar, palette | canvas | details, status bar. */
export function Layout() {
  const commands = useCommands();
  useShortcuts(commands);
  const hasDiagram = useStudio((s) => s.activeDiagramId !== null);
  return (
    <div className="app">
      <Toolbar commands={commands} />
      <NoticeBanner />
      <div className="workspace">
        <Palette />
        <main className="canvas-column">
          <DiagramTabs />
          <div className="canvas-host">{hasDiagram ? <Canvas /> : <Welcome commands={commands} />}</div>
        </main>
        <RightPanel />
      </div>
      <StatusBar />
      <PathDialog />
    </div>
  );
}
