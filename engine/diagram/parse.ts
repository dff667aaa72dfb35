import { diagramId, edgeId, nodeId } from './ids';
import { findJsonSyntaxError } from './jsonSyntax';
import { childPath, describeJson, JsonReader, type JsonIssue, type JsonObject } from './jsonReader';
import { readParameterInit } from './parseInit';
import { readParameters } from './parseParameters';
import {
  DIAGRAM_FORMAT_VERSION,
  type Diagram,
  type DiagramEdge,
  type DiagramNode,
  type ImageShape,
  type ModelSettings,
  type NodeKind,
  type Position,
} from './types';
import {
  DIAGRAM_FORMAT_TAG,
  EDGE_KIND_NAMES,
  NODE_KIND_NAMES,
  rbmInternalKey,
  UNIT_ENCODING_NAMES,
  UNIT_ROLE_NAMES,
} from './vocabulary';

export type DiagramParseResult = { ok: true; diagram: Diagram } | { ok: false; errors: JsonIssue[] };

const TOP_FIELDS = ['format', 'version', 'id', 'name', 'settings', 'nodes', 'edges', 'parameters'];
const NODE_FIELDS: Record<NodeKind, readonly string[]> = {
  unit: ['id', 'kind', 'label', 'position', 'role', 'biasInit'],
  layer: ['id', 'kind', 'label', 'position', 'role', 'size', 'imageShape', 'biasInit'],
  rbm: ['id', 'kind', 'label', 'position', 'visibleSize', 'hiddenSize', 'visibleImageShape', 'biasInit', 'weightInit'],
};
const EDGE_FIELDS = ['id', 'kind', 'source', 'target', 'weightInit'];

/** Parses diagram text (a leading UTF-8 byte-order mark is skipped, as editors on Windows write one); JSON syntax errors are reported with line and column. */
export function parseDiagramText(withBom: string): DiagramParseResult {
  const text = withBom.charCodeAt(0) === 0xfeff ? withBom.slice(1) : withBom;
  if (text.trim() === '') return { ok: false, errors: [{ path: '$', message: 'the file is empty; expected a diagram JSON object' }] };
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    const found = findJsonSyntaxError(text);
    const detail = found ? `line ${found.line}, column ${found.column}: ${found.message}` : String(error);
    return { ok: false, errors: [{ path: '$', message: `not valid JSON at ${detail}` }] };
  }
  return parseDiagram(json);
}

/** Validates a JSON value as a saved diagram and returns a fresh, typed copy; every problem is reported with its path. */
export function parseDiagram(json: unknown): DiagramParseResult {
  const reader = new JsonReader();
  const root = reader.object(json, '$');
  if (!root) return { ok: false, errors: reader.issues };
  if (!checkHeader(reader, root)) return { ok: false, errors: reader.issues };
  reader.object(root, '$', TOP_FIELDS);

  const id = reader.string(root, 'id', '$', true);
  const name = reader.string(root, 'name', '$');
  const settings = readSettings(reader, reader.field(root, 'settings', '$'));
  const nodes = readList(reader, root, 'nodes', readNode);
  const edges = readList(reader, root, 'edges', readEdge);
  if (nodes) checkUniqueIds(reader, nodes, '$.nodes', 'node');
  if (edges) checkUniqueIds(reader, edges, '$.edges', 'edge');
  if (nodes && edges) checkInternalKeyClash(reader, nodes, edges);
  const parameters = root.parameters === undefined ? undefined : readParameters(reader, root.parameters, '$.parameters');

  if (reader.issues.length > 0 || id === undefined || name === undefined || !settings || !nodes || !edges) {
    return { ok: false, errors: reader.issues };
  }
  const diagram: Diagram = {
    format: DIAGRAM_FORMAT_TAG,
    version: DIAGRAM_FORMAT_VERSION,
    id: diagramId(id),
    name,
    settings,
    nodes,
    edges,
  };
  if (parameters) diagram.parameters = parameters;
  return { ok: true, diagram };
}

/** Format tag and version; false when the rest of the file should not be read. */
function checkHeader(reader: JsonReader, root: JsonObject): boolean {
  if (root.format !== DIAGRAM_FORMAT_TAG) {
    const got = root.format === undefined ? 'no "format" field' : `format ${describeJson(root.format)}`;
    reader.fail('$.format', `must be "${DIAGRAM_FORMAT_TAG}"; this file has ${got}, so it is not an Attractor Studio diagram`);
    return false;
  }
  const version = root.version;
  if (version === undefined) {
    reader.fail(
      '$.version',
      `is missing; every saved diagram records its format version. If you wrote this file by hand, add "version": ${DIAGRAM_FORMAT_VERSION}`,
    );
    return true;
  }
  if (typeof version !== 'number' || !Number.isInteger(version)) {
    reader.fail('$.version', `must be an integer format version, got ${describeJson(version)}`);
    return false;
  }
  if (version > DIAGRAM_FORMAT_VERSION) {
    reader.fail(
      '$.version',
      `this diagram uses format version ${version}, written by a newer Attractor Studio; this version reads up to ${DIAGRAM_FORMAT_VERSION}. Update Attractor Studio to open it`,
    );
    return false;
  }
  if (version < DIAGRAM_FORMAT_VERSION) {
    reader.fail(
      '$.version',
      `format version ${version} predates the first released format (${DIAGRAM_FORMAT_VERSION}) and cannot be upgraded; re-create the diagram`,
    );
    return false;
  }
  return true;
}

function readSettings(reader: JsonReader, value: unknown): ModelSettings | undefined {
  if (value === undefined) return undefined;
  const obj = reader.object(value, '$.settings', ['encoding']);
  if (!obj) return undefined;
  const encoding = reader.oneOf(obj, 'encoding', '$.settings', UNIT_ENCODING_NAMES);
  return encoding ? { encoding } : undefined;
}

function readList<T>(
  reader: JsonReader,
  root: JsonObject,
  key: 'nodes' | 'edges',
  readItem: (reader: JsonReader, value: unknown, path: string) => T | undefined,
): T[] | undefined {
  const raw = reader.field(root, key, '$');
  if (raw === undefined) return undefined;
  const arr = reader.array(raw, `$.${key}`);
  if (!arr) return undefined;
  const items = arr.map((item, i) => readItem(reader, item, childPath(`$.${key}`, i)));
  return items.every((item) => item !== undefined) ? (items as T[]) : undefined;
}

function readNode(reader: JsonReader, value: unknown, path: string): DiagramNode | undefined {
  const obj = reader.object(value, path);
  if (!obj) return undefined;
  const biasInit = readParameterInit(reader, obj, 'biasInit', path);
  const weightInit = obj.kind === 'rbm' ? readParameterInit(reader, obj, 'weightInit', path) : undefined;
  const node = readNodeFields(reader, obj, path);
  if (!node || biasInit === null || weightInit === null) return undefined;
  if (biasInit) node.biasInit = biasInit;
  if (weightInit && node.kind === 'rbm') node.weightInit = weightInit;
  return node;
}

function readNodeFields(reader: JsonReader, obj: JsonObject, path: string): DiagramNode | undefined {
  const kind = reader.oneOf(obj, 'kind', path, NODE_KIND_NAMES);
  if (kind) reader.object(obj, path, NODE_FIELDS[kind]);
  const id = reader.string(obj, 'id', path, true);
  const label = reader.string(obj, 'label', path);
  const position = readPosition(reader, reader.field(obj, 'position', path), childPath(path, 'position'));
  if (!kind) return undefined;
  const base = { id: nodeId(id ?? ''), label: label ?? '', position: position ?? { x: 0, y: 0 } };
  const complete = id !== undefined && label !== undefined && position !== undefined;
  switch (kind) {
    case 'unit': {
      const role = reader.oneOf(obj, 'role', path, UNIT_ROLE_NAMES);
      return complete && role ? { ...base, kind, role } : undefined;
    }
    case 'layer': {
      const role = reader.oneOf(obj, 'role', path, UNIT_ROLE_NAMES);
      const size = reader.integer(obj, 'size', path, 0);
      const imageShape = readImageShape(reader, obj, 'imageShape', path, size, 'size');
      if (!complete || !role || size === undefined || imageShape === null) return undefined;
      return imageShape ? { ...base, kind, role, size, imageShape } : { ...base, kind, role, size };
    }
    case 'rbm': {
      const visibleSize = reader.integer(obj, 'visibleSize', path, 0);
      const hiddenSize = reader.integer(obj, 'hiddenSize', path, 0);
      const visibleImageShape = readImageShape(reader, obj, 'visibleImageShape', path, visibleSize, 'visibleSize');
      if (!complete || visibleSize === undefined || hiddenSize === undefined || visibleImageShape === null) return undefined;
      const node = { ...base, kind, visibleSize, hiddenSize };
      return visibleImageShape ? { ...node, visibleImageShape } : node;
    }
  }
}

function readPosition(reader: JsonReader, value: unknown, path: string): Position | undefined {
  if (value === undefined) return undefined;
  const obj = reader.object(value, path, ['x', 'y']);
  if (!obj) return undefined;
  const x = reader.finite(obj, 'x', path);
  const y = reader.finite(obj, 'y', path);
  return x === undefined || y === undefined ? undefined : { x, y };
}

/** Optional image shape; undefined when absent, null when invalid. rows × cols must equal the size field. */
function readImageShape(
  reader: JsonReader,
  obj: JsonObject,
  key: string,
  path: string,
  size: number | undefined,
  sizeKey: string,
): ImageShape | undefined | null {
  if (obj[key] === undefined) return undefined;
  const shapePath = childPath(path, key);
  const shape = reader.object(obj[key], shapePath, ['rows', 'cols']);
  if (!shape) return null;
  const rows = reader.integer(shape, 'rows', shapePath, 1);
  const cols = reader.integer(shape, 'cols', shapePath, 1);
  if (rows === undefined || cols === undefined) return null;
  if (size !== undefined && rows * cols !== size) {
    reader.fail(shapePath, `rows × cols = ${rows} × ${cols} = ${rows * cols} but ${sizeKey} is ${size}; make them equal or remove ${key}`);
    return null;
  }
  return { rows, cols };
}

function readEdge(reader: JsonReader, value: unknown, path: string): DiagramEdge | undefined {
  const obj = reader.object(value, path, EDGE_FIELDS);
  if (!obj) return undefined;
  const id = reader.string(obj, 'id', path, true);
  const kind = reader.oneOf(obj, 'kind', path, EDGE_KIND_NAMES);
  const source = reader.string(obj, 'source', path, true);
  const target = reader.string(obj, 'target', path, true);
  const weightInit = readParameterInit(reader, obj, 'weightInit', path);
  if (id === undefined || !kind || source === undefined || target === undefined || weightInit === null) return undefined;
  const edge: DiagramEdge = { id: edgeId(id), kind, source: nodeId(source), target: nodeId(target) };
  return weightInit ? { ...edge, weightInit } : edge;
}

function checkUniqueIds(reader: JsonReader, items: { id: string }[], path: string, what: string): void {
  const firstIndex = new Map<string, number>();
  items.forEach((item, i) => {
    const first = firstIndex.get(item.id);
    if (first === undefined) firstIndex.set(item.id, i);
    else reader.fail(childPath(childPath(path, i), 'id'), `duplicate ${what} id "${item.id}" (also used by ${path}[${first}]); ${what} ids must be unique`);
  });
}

/** An edge id equal to `${rbmId}#internal` would collide with the RBM block's weight key. */
function checkInternalKeyClash(reader: JsonReader, nodes: DiagramNode[], edges: DiagramEdge[]): void {
  const internalKeys = new Set(nodes.filter((n) => n.kind === 'rbm').map((n) => rbmInternalKey(n.id)));
  edges.forEach((edge, i) => {
    if (internalKeys.has(edge.id)) {
      reader.fail(`$.edges[${i}].id`, `edge id "${edge.id}" is reserved for the RBM block's internal weights; rename the edge`);
    }
  });
}
