import { z } from 'zod';
import { wholeNumber } from '../primitives';

// The one definition of a page. List inputs spread `paginationShape` into their own strict
// object, so every list accepts the same `limit` / `offset` with the same bounds.

export const DEFAULT_PAGE_SIZE = 50;
export const MAX_PAGE_SIZE = 200;

export const paginationShape = {
  limit: wholeNumber({ min: 1, max: MAX_PAGE_SIZE }).default(DEFAULT_PAGE_SIZE),
  offset: wholeNumber({ min: 0, max: 1_000_000 }).default(0),
};

export const paginationInput = z.strictObject(paginationShape);
export type PaginationInput = z.infer<typeof paginationInput>;
