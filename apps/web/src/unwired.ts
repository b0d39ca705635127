import { loaded } from './lib/loadable';
import type { LiveActivity, OverviewData, SettingsData } from './types';

// What the dashboard shows until its data is wired to the API router (`AppRouter`): every
// list is empty, so each page renders its designed empty state, and every action
// refuses with a message that says why. There is deliberately no sample data here. The
// wiring replaces these with tRPC queries, mutations and subscriptions.

export const NOT_CONNECTED_MESSAGE = 'The dashboard is not connected to the API yet.';

export function notConnected(): Promise<never> {
  return Promise.reject(new Error(NOT_CONNECTED_MESSAGE));
}

export const emptyOverview = loaded<OverviewData>({
  activeRuns: [],
  pendingApprovals: [],
  stuckAgents: [],
  tokenSpend: [],
  recentEvents: [],
});

export const emptyActivity: LiveActivity = { tokenStreams: [], logTail: [] };

export const emptySettings = loaded<SettingsData>({
  currentUser: null,
  providers: [],
  failoverChain: [],
  integrations: [],
  tokens: [],
});
