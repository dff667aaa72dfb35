import { describe, expect, it } from 'vitest';
import { MAX_MESSAGE_CHARS } from '../../../engine/text/boundedText';
import { ServiceError, toApiError } from '../../../main/services/errors';
import { describeDiagnostics } from '../../../main/services/trainingInputs';
import { InvalidDiagramError } from '../../../projects/types';

describe('API error messages', () => {
  it('are one line of at most MAX_MESSAGE_CHARS, whatever was thrown', () => {
    const multiLine = new ServiceError('project-refused', Array.from({ length: 101 }, (_, i) => `*** in database main ***\nPage ${i}: never used`).join('\n'));
    const error = toApiError(multiLine);
    expect(error.code).toBe('project-refused');
    expect(error.message).not.toMatch(/\n/);
    expect(error.message.length).toBeLessThanOrEqual(MAX_MESSAGE_CHARS);
    expect(toApiError(new Error('x'.repeat(6_000_000))).message.length).toBeLessThanOrEqual(MAX_MESSAGE_CHARS);
  });

  it('summarize 50,000 problems with counts: malformed diagrams and diagnostics', () => {
    const problems = Array.from({ length: 50_000 }, (_, i) => ({ path: `$.edges[${i}].source`, message: `no node 'n${i}'` }));
    expect(new InvalidDiagramError(problems).message).toBe(
      "The diagram was not saved because it is malformed: $.edges[0].source: no node 'n0'; $.edges[1].source: no node 'n1'; $.edges[2].source: no node 'n2'; … and 49,997 more.",
    );
    const diagnostics = [
      ...Array.from({ length: 49_999 }, (_, i) => ({ code: 'dangling-edge', severity: 'error' as const, message: `Coupling e${i} is dangling.`, elementIds: [] })),
      { code: 'no-visible', severity: 'error' as const, message: 'No visible units.', elementIds: [] },
    ];
    expect(describeDiagnostics(diagnostics as never)).toBe(
      '50,000 problems (dangling-edge ×49,999, no-visible ×1): dangling-edge: Coupling e0 is dangling.; dangling-edge: Coupling e1 is dangling.; … and 49,998 more',
    );
    expect(describeDiagnostics(diagnostics.slice(0, 2) as never)).toBe('dangling-edge: Coupling e0 is dangling.; dangling-edge: Coupling e1 is dangling.');
  });
});
