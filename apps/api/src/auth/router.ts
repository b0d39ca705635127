import {
  createApiTokenInput,
  createUserInput,
  exchangeLoginLinkInput,
  listUsersInput,
  revokeApiTokenInput,
  updateUserInput,
} from '@quarterdeck/contracts';
import { adminProcedure, loginProcedure, router, viewerProcedure } from '../trpc';
import { toWire } from '../wire';
import { createApiToken, listApiTokens, revokeApiToken } from './api-tokens';
import { exchangeLoginLink } from './login-links';
import { createUser, getUser, listUsers, updateUser } from './users';

export const authRouter = router({
  /** The dashboard's login: a one-time link becomes an API token (shown once). */
  exchangeLoginLink: loginProcedure
    .input(exchangeLoginLinkInput)
    .mutation(async ({ ctx, input }) => toWire(await exchangeLoginLink(ctx.db, input))),
  me: viewerProcedure.query(async ({ ctx }) => ({ ...toWire(await getUser(ctx.db, ctx.caller.userId)), tokenId: ctx.caller.tokenId })),
  // Any user may manage their own tokens (a viewer needs one for a read-only script).
  createToken: viewerProcedure
    .input(createApiTokenInput)
    .mutation(async ({ ctx, input }) => toWire(await createApiToken(ctx.db, ctx.caller, input, ctx.limits.roleCeilings))),
  listTokens: viewerProcedure.query(async ({ ctx }) => toWire(await listApiTokens(ctx.db, ctx.caller))),
  revokeToken: viewerProcedure
    .input(revokeApiTokenInput)
    .mutation(async ({ ctx, input }) => toWire(await revokeApiToken(ctx.db, ctx.caller, input))),
  users: router({
    list: adminProcedure.input(listUsersInput).query(async ({ ctx, input }) => toWire(await listUsers(ctx.db, input))),
    create: adminProcedure
      .input(createUserInput)
      .mutation(async ({ ctx, input }) => toWire(await createUser(ctx.db, input, ctx.publicUrl))),
    update: adminProcedure.input(updateUserInput).mutation(async ({ ctx, input }) => toWire(await updateUser(ctx.db, input))),
  }),
});
