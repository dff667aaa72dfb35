/** The probe:* channels. TEMPORARY STUB (issue 7 in progress): replaced by the probe service. */
import type { ChannelHandlers } from '../services/channelArgs';
import { ServiceError } from '../services/errors';
import type { ProjectSession } from '../services/projectSession';

export type ProbeChannel = 'probe:exact' | 'probe:trajectory';

export function probeHandlers(session: ProjectSession): ChannelHandlers<ProbeChannel> {
  void session;
  const missing = async (): Promise<never> => {
    throw new ServiceError('internal', 'not implemented yet');
  };
  return { 'probe:exact': missing, 'probe:trajectory': missing };
}
