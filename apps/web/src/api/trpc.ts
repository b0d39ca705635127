import type { AppRouter } from '@quarterdeck/api/router';
import { createTRPCContext } from '@trpc/tanstack-react-query';

/** `useTRPC()` gives typed queryOptions / mutationOptions / subscriptionOptions for every procedure. */
export const { TRPCProvider, useTRPC, useTRPCClient } = createTRPCContext<AppRouter>();
