import { CHANNELS, eventTypesOfChannel, type Channel, type EventType, type SubscribeEventsInput } from '@quarterdeck/contracts';
import type { Prisma } from '@quarterdeck/db';
import type { LiveEvent } from './event-rows';

/** A subscription's filter, checked in memory for live events and as SQL for back-fill. */
export interface EventFilter {
  matches(event: LiveEvent): boolean;
  where: Prisma.EventWhereInput;
}

export function compileEventFilter(
  input: Pick<SubscribeEventsInput, 'channels' | 'projectId' | 'runId' | 'agentId' | 'sessionId'>,
): EventFilter {
  const allChannels = input.channels.length === CHANNELS.length;
  // The catalogue is fixed and small, so this list is bounded no matter how much data grows.
  const types: EventType[] = allChannels ? [] : input.channels.flatMap((channel: Channel) => eventTypesOfChannel(channel));
  const typeSet = new Set<string>(types);
  const { projectId, runId, agentId, sessionId } = input;
  return {
    matches: (event) =>
      (allChannels || typeSet.has(event.type)) &&
      (projectId === undefined || event.projectId === projectId) &&
      (runId === undefined || event.runId === runId) &&
      (agentId === undefined || event.agentId === agentId) &&
      (sessionId === undefined || event.sessionId === sessionId),
    where: {
      ...(allChannels ? {} : { type: { in: types } }),
      ...(projectId === undefined ? {} : { projectId }),
      ...(runId === undefined ? {} : { runId }),
      ...(agentId === undefined ? {} : { agentId }),
      ...(sessionId === undefined ? {} : { sessionId }),
    },
  };
}
