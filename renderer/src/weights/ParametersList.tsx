import type { CompiledModel, WeightBlock } from '../../../engine/compiler/types';
import { unitNames } from './weightMatrix';

/** Values listed per block before the rest is summarised. */
const MAX_LISTED = 64;

const fmt = (v: number) => (v >= 0 ? ' ' : '') + v.toFixed(4);

function blockTitle(block: WeightBlock, names: string[]): string {
  const rows = block.rows.end - block.rows.start === 1 ? names[block.rows.start] : `${names[block.rows.start]}…`;
  const cols = block.cols.end - block.cols.start === 1 ? names[block.cols.start] : `${names[block.cols.start]}…`;
  return block.lateral ? `${rows} lateral` : `${rows} — ${cols}`;
}

function blockValues(block: WeightBlock): string {
  const values = block.values ?? new Float32Array();
  if (values.length === 1) return fmt(values[0]);
  const shown = Array.from(values.slice(0, MAX_LISTED), fmt).join(' ');
  return `[${block.shape[0]}×${block.shape[1]}] ${shown}${values.length > MAX_LISTED ? ` … (${values.length - MAX_LISTED} more)` : ''}`;
}

/** The numeric weight and bias values: the selected edge's block, or every block of the model. */
export function ParametersList({ model, selectedKey }: { model: CompiledModel; selectedKey: string | undefined }) {
  const names = unitNames(model);
  const blocks = selectedKey ? model.weightBlocks.filter((b) => b.key === selectedKey) : model.weightBlocks;
  const biases = selectedKey ? [] : model.biasBlocks.filter((b) => b.values);
  return (
    <details className="parameters" open>
      <summary>Parameters</summary>
      <table className="parameters-table" data-testid="parameters-list">
        <tbody>
          {blocks.map((block) => (
            <tr key={block.key} data-testid={`param-${block.key}`} data-values={(block.values?.length ?? 0) <= 4096 ? Array.from(block.values ?? []).join(",") : undefined}>
              <th scope="row">w {blockTitle(block, names)}</th>
              <td>{blockValues(block)}</td>
            </tr>
          ))}
          {biases.map((bias) => (
            <tr key={`bias-${bias.nodeId}`} data-testid={`param-bias-${bias.nodeId}`}>
              <th scope="row">b {names[bias.range.start]}</th>
              <td>
                {bias.values && bias.values.length === 1
                  ? fmt(bias.values[0])
                  : Array.from(bias.values ?? [], fmt).slice(0, MAX_LISTED).join(' ')}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </details>
  );
}
