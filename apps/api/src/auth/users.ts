import { AppError, type CreateUserInput, type ListUsersInput, type UpdateUserInput } from '@quarterdeck/contracts';
import { Prisma, type Db } from '@quarterdeck/db';
import { inTransaction } from '@quarterdeck/engine';
import { notifyAuthChange } from './auth-changes';
import { issueLoginLink } from './login-links';

export const userSelect = {
  id: true,
  email: true,
  name: true,
  role: true,
  isActive: true,
  createdAt: true,
  lastLoginAt: true,
} satisfies Prisma.UserSelect;

export async function getUser(db: Db, userId: string) {
  return db.user.findUniqueOrThrow({ where: { id: userId }, select: userSelect });
}

/** A new user, with a one-time login link to hand them (shown once). */
export async function createUser(db: Db, input: CreateUserInput, publicUrl: string) {
  try {
    return await inTransaction(db, async ({ tx, emit }) => {
      const user = await tx.user.create({ data: input, select: userSelect });
      const loginLink = await issueLoginLink(tx, user.id, publicUrl);
      emit({ type: 'auth.user_created', payload: { userId: user.id, email: user.email, role: user.role } });
      return { user, loginLink };
    });
  } catch (error) {
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002') {
      throw new AppError('CONFLICT', 'A user with this email already exists.', { field: 'email' });
    }
    throw error;
  }
}

export async function listUsers(db: Db, input: ListUsersInput) {
  const where: Prisma.UserWhereInput = {
    ...(input.role === undefined ? {} : { role: input.role }),
    ...(input.isActive === undefined ? {} : { isActive: input.isActive }),
  };
  const [items, total] = await Promise.all([
    db.user.findMany({ where, orderBy: { createdAt: 'asc' }, take: input.limit, skip: input.offset, select: userSelect }),
    db.user.count({ where }),
  ]);
  return { items, total };
}

export async function updateUser(db: Db, input: UpdateUserInput) {
  const { userId, ...changes } = input;
  return inTransaction(db, async ({ tx, emit }) => {
    const existing = await tx.user.findUnique({ where: { id: userId }, select: { id: true } });
    if (!existing) throw new AppError('NOT_FOUND', 'No user has this id.', { field: 'userId' });
    const user = await tx.user.update({ where: { id: userId }, data: changes, select: userSelect });
    emit({
      type: 'auth.user_updated',
      payload: { userId, changedFields: Object.keys(changes).filter((key) => key in changes) },
    });
    // A new role or a disabled account takes effect on sockets already open, too.
    if (changes.role !== undefined || changes.isActive !== undefined) await notifyAuthChange(tx, { userId });
    return user;
  });
}
