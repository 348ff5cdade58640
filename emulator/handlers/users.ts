// Users API with a key (reference appwrite.md §3: `POST /v1/users {userId*, email, phone, password, name}`).
import { type Handler, json, NO_CONTENT } from '../context.ts';
import { AppwriteError } from '../errors.ts';
import { userModel } from '../models.ts';
import * as p from '../params.ts';
import { createUserRecord } from './account.ts';

export const createUser: Handler = (ctx) => {
  const id = p.customId(ctx.body, 'userId');
  const email = p.email(ctx.body, 'email', false);
  const password = p.password(ctx.body, 'password', false);
  const name = p.text(ctx.body, 'name', 128, false);
  return json(201, userModel(createUserRecord(ctx.store, ctx.settings.clock(), id, email, password, name)));
};

export const getUser: Handler = (ctx) => {
  const user = ctx.store.users.get(ctx.path.userId ?? '');
  if (user === undefined) throw new AppwriteError('user_not_found');
  return json(200, userModel(user));
};

export const deleteUser: Handler = (ctx) => {
  const user = ctx.store.users.get(ctx.path.userId ?? '');
  if (user === undefined) throw new AppwriteError('user_not_found');
  ctx.store.deleteUser(user);
  return NO_CONTENT;
};
