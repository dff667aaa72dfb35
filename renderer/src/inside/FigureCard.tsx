import type { ReactNode } from 'react';
import { ExportMenu } from '../export/ExportMenu';

/** One sub-view of the inside view: a heading, its controls and export buttons, then the figure. */
export function FigureCard({ title, fileStem, getSvg, csv, controls, children, testId }: {
  title: string;
  fileStem: string;
  getSvg?: () => SVGSVGElement | string | null;
  csv?: () => string;
  controls?: ReactNode;
  children: ReactNode;
  testId?: string;
}) {
  return (
    <section className="inside-card" data-testid={testId}>
      <header className="inside-card-head">
        <h3>{title}</h3>
        {controls}
        <ExportMenu fileStem={fileStem} getSvg={getSvg} csv={csv} />
      </header>
      {children}
    </section>
  );
}
