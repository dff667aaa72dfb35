import * as tf from '@tensorflow/tfjs';

/** TensorFlow.js backends the engine can run on, fastest first. */
export type BackendName = 'tensorflow' | 'wasm' | 'cpu';

/** Automatic order: native TensorFlow (tfjs-node, optional dependency) → WebAssembly → plain JS. */
export const BACKEND_ORDER: readonly BackendName[] = ['tensorflow', 'wasm', 'cpu'];

export interface SelectBackendOptions {
  /** Folder or URL holding tfjs-backend-wasm's .wasm files; passed by main/ when the default lookup cannot find them. */
  wasmPath?: string;
}

let selected: BackendName | undefined;

const isBackendName = (name: string | undefined): name is BackendName =>
  name === 'tensorflow' || name === 'wasm' || name === 'cpu';

/** ATTRACTOR_BACKEND=cpu|wasm|tensorflow, when running under Node. */
function forcedByEnvironment(): BackendName | undefined {
  const raw = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env?.ATTRACTOR_BACKEND;
  if (raw === undefined || raw === '') return undefined;
  if (!isBackendName(raw)) throw new Error(`ATTRACTOR_BACKEND must be one of ${BACKEND_ORDER.join(', ')}, got '${raw}'`);
  return raw;
}

/** Registers a backend's kernels (dynamic import keeps optional packages optional) and makes it current. */
async function tryBackend(name: BackendName, options: SelectBackendOptions): Promise<boolean> {
  try {
    if (name === 'tensorflow') {
      const specifier = '@tensorflow/tfjs-node';
      await import(/* @vite-ignore */ specifier);
    } else if (name === 'wasm') {
      const wasm = await import('@tensorflow/tfjs-backend-wasm');
      if (options.wasmPath !== undefined) wasm.setWasmPaths(options.wasmPath.endsWith('/') ? options.wasmPath : `${options.wasmPath}/`);
    }
    if (tf.findBackendFactory(name) === null) return false;
    return await tf.setBackend(name);
  } catch {
    return false;
  }
}

/**
 * Makes the first working backend current and returns its name: `preferred` (or ATTRACTOR_BACKEND) first, then
 * tensorflow → wasm → cpu. A backend forced by ATTRACTOR_BACKEND that cannot start is an error, not a fallback.
 */
export async function selectBackend(preferred?: BackendName, options: SelectBackendOptions = {}): Promise<string> {
  tf.enableProdMode();
  const forced = preferred === undefined ? forcedByEnvironment() : undefined;
  if (forced !== undefined) {
    if (!(await tryBackend(forced, options))) {
      throw new Error(`ATTRACTOR_BACKEND=${forced} was requested but the ${forced} backend could not start`);
    }
    selected = forced;
    return forced;
  }
  const order = preferred === undefined ? BACKEND_ORDER : [preferred, ...BACKEND_ORDER.filter((b) => b !== preferred)];
  for (const name of order) {
    if (await tryBackend(name, options)) {
      selected = name;
      return name;
    }
  }
  throw new Error('No TensorFlow.js backend could start (tried tensorflow, wasm, cpu)');
}

/** Name of the backend in use ('tensorflow', 'wasm' or 'cpu'), or '' before selectBackend has run. */
export function currentBackend(): string {
  if (selected === undefined) return '';
  const active = tf.getBackend();
  return isBackendName(active) ? active : '';
}
