/** Peterson & Anderson's (1987) XOR net: inputs x1, x2 and output y visible, four hidden units coupled to all three. */
import { ExampleDiagram, unitSpec } from './builder';

/**
 * The layered 2-4-1 wiring in ±1 units. Rows as the paper draws the net (output on top, inputs below), but the inputs are
 * added first: they are then the first two visible units, which the input→output mode of mean-field learning clamps.
 */
export function petersonAndersonDiagram() {
  const hidden = ['h1', 'h2', 'h3', 'h4'];
  const diagram = new ExampleDiagram('peterson-anderson-xor', 'Peterson & Anderson 2-4-1', 'pm1')
    .row(2, [unitSpec('x1', 'visible'), unitSpec('x2', 'visible')])
    .row(0, [unitSpec('y', 'visible')])
    .row(1, hidden.map((h) => unitSpec(h, 'hidden')));
  for (const h of hidden) diagram.couple('x1', h).couple('x2', h).couple(h, 'y');
  return diagram.build();
}
