import type { Db } from '@quarterdeck/db';
import { countMatches, prepareQuery, searchPage } from './search';
import type { MessageSearchInput } from './search.types';

/** Seed 002's message search: messages only, with the conversation's status as the status filter. */
export async function searchMessages(db: Db, input: MessageSearchInput) {
  const { q, conversationStatus, cursor, limit, direction: _direction, ...rest } = input;
  const filters = { ...rest, ...(conversationStatus === undefined ? {} : { status: conversationStatus }) };
  const query = await prepareQuery(db, q);
  const [page, total] = await Promise.all([
    searchPage(db, query, { ...filters, kinds: ['message'], cursor, limit }),
    countMatches(db, 'message', query, filters),
  ]);
  return { items: page.items, nextCursor: page.nextCursor, total };
}
