import { z } from 'zod';
import { signRequest } from './signing';
import { phoneLocationSchema as phoneLocation } from '../../domain/video/investigation-statement';

// The shapes of the signalling calls a joined peer makes (POST /media/peer/:action), each naming its peer id.

export const peerRequest = z.object({ peerId: z.string().min(1).max(64) });
const objectBody = z.record(z.string(), z.unknown());
const transportRequest = peerRequest.extend({ transportId: z.string().min(1).max(64) });
export const actions = {
  createTransport: peerRequest,
  connectTransport: transportRequest.extend({ dtlsParameters: objectBody }),
  produce: transportRequest.extend({ kind: z.enum(['audio', 'video']), rtpParameters: objectBody }),
  producers: peerRequest,
  consume: transportRequest.extend({ producerId: z.string().min(1).max(64), rtpCapabilities: objectBody }),
  resumeConsumer: peerRequest.extend({ consumerId: z.string().min(1).max(64) }),
  leave: peerRequest,
  sign: peerRequest.extend(signRequest.shape),
  script: peerRequest,
  confirm: peerRequest.extend({ stepId: z.string().min(1).max(40) }),
  advance: peerRequest,
  link: peerRequest,
  investigation: peerRequest,
  location: peerRequest.extend(phoneLocation.shape),
} as const;
export type Action = keyof typeof actions;

export type Bodies = { [A in Action]: z.infer<(typeof actions)[A]> };
