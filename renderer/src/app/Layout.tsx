import { AnalysisDock } from '../analysis/AnalysisDock';
import { Canvas } from '../canvas/Canvas';
import { DiagramTabs } from '../panels/DiagramTabs';
import { ExampleHint } from '../panels/ExampleHint';
import { HelpOverlay } from '../panels/HelpOverlay';
import { NoticeBanner } from '../panels/NoticeBanner';
import { Palette } from '../panels/Palette';
import { PathDialog } from '../panels/PathDialog';
import { ReplaceDialog } from '../files/ReplaceDialog';
import { RightPanel } from '../panels/RightPanel';
import { StatusBar } from '../panels/StatusBar';
import { Toolbar } from '../panels/Toolbar';
import { Welcome } from '../panels/Welcome';
import { TemplateDialog } from '../templates/TemplateDialog';
import { useServices, useStudio } from './StudioContext';
import { useUnloadGuard } from '../files/useUnloadGuard';
import { useCommands } from './useCommands';
import { useShortcuts } from './useShortcuts';

/** The window: toolbar, palette | tabs and canvas | details, status bar, and the dialogs. */
export function Layout() {
  const commands = useCommands();
  useShortcuts(commands);
  const { store, mode } = useServices();
  useUnloadGuard(store, mode);
  const hasDiagram = useStudio((s) => s.activeDiagramId !== null);
  return (
    <div className="app">
      <Toolbar commands={commands} />
      <NoticeBanner />
      <div className="workspace">
        <Palette commands={commands} />
        <main className="canvas-column">
          {hasDiagram && <DiagramTabs commands={commands} />}
          {hasDiagram && <ExampleHint />}
          <div className="canvas-host">{hasDiagram ? <Canvas commands={commands} /> : <Welcome commands={commands} />}</div>
          {hasDiagram && <AnalysisDock />}
        </main>
        <RightPanel />
      </div>
      <StatusBar />
      <PathDialog />
      <ReplaceDialog />
      <TemplateDialog />
      <HelpOverlay />
    </div>
  );
}
