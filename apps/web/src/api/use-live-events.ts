import type { QuarterdeckEvent } from '@quarterdeck/contracts';
import { useQueryClient } from '@tanstack/react-query';
import { useSubscription } from '@trpc/tanstack-react-query';
import { useEffect, useRef } from 'react';
import { familiesTouchedBy, type QueryFamily } from '../lib/live-invalidation';
import type { RouterInputs } from './outputs';
import { useTRPC } from './trpc';

type SubscribeInput = RouterInputs['events']['subscribe'];

/** Bursts of events (a wave finishing) refetch once, not once per event. */
const INVALIDATE_AFTER_MS = 150;

/**
 * Subscribes to the event stream (WebSocket, tracked ids: after a reconnect tRPC resumes
 * from the last id seen, so nothing is missed or repeated), hands each event to `onEvent`
 * and refetches the query families the events touched.
 */
export function useLiveEvents(input: Omit<SubscribeInput, 'lastEventId'>, onEvent?: (event: QuarterdeckEvent) => void, enabled = true) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const onEventRef = useRef(onEvent);
  useEffect(() => {
    onEventRef.current = onEvent;
  }, [onEvent]);
  const pending = useRef(new Set<QueryFamily>());
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);

  useEffect(
    () => () => {
      if (timer.current !== null) clearTimeout(timer.current);
    },
    [],
  );

  return useSubscription(
    trpc.events.subscribe.subscriptionOptions(input, {
      enabled,
      onData: (tracked) => {
        const event = tracked.data;
        onEventRef.current?.(event);
        for (const family of familiesTouchedBy(event)) pending.current.add(family);
        if (pending.current.size === 0 || timer.current !== null) return;
        timer.current = setTimeout(() => {
          timer.current = null;
          const families = [...pending.current];
          pending.current.clear();
          for (const family of families) void queryClient.invalidateQueries({ queryKey: [[family]] });
        }, INVALIDATE_AFTER_MS);
      },
    }),
  );
}
