import type { ArgOf, Channel, ResultOf } from '../api/contract';
import { ServiceError } from './errors';

/** Implementations of some channels of the contract. */
export type ChannelHandlers<C extends Channel> = { [K in C]: (arg: ArgOf<K>) => Promise<ResultOf<K>> };

/** The argument as an object, or 'invalid-argument' showing the expected shape. */
export function argObject<T>(arg: unknown, channel: Channel, shape: string): T {
  if (typeof arg !== 'object' || arg === null) throw new ServiceError('invalid-argument', `${channel} needs an argument ${shape}.`);
  return arg as T;
}

/** A non-empty string field of the argument, or 'invalid-argument'. */
export function argString(arg: unknown, channel: Channel, field: string): string {
  const value = (arg as Record<string, unknown> | null | undefined)?.[field];
  if (typeof value !== 'string' || value === '') throw new ServiceError('invalid-argument', `${channel} needs { ${field}: string }.`);
  return value;
}
