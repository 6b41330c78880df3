import { z } from 'zod';
import { method, event } from './define';
import { verifyStartSchema, type InterpreterListDto, type VerifyRunDto } from '../verify-types';

const id = z.string().min(1).max(64);

export const verifyMethods = {
  'verify.interpreters': method(
    z.strictObject({ id: id.optional(), refresh: z.boolean().default(false) }),
    'Python interpreters found (active virtualenv, chosen project .venv folders, python3/python on PATH), each with its version and whether SQLAlchemy 2.0 and the connection\'s driver import (answers kept a minute; refresh asks again).',
  ).returns<InterpreterListDto>(),
  'verify.choose': method(
    z.strictObject({ path: z.string().min(1).max(4096).nullable(), id: id.optional() }),
    'Choose the interpreter for runs on real SQLAlchemy (a python executable, a virtualenv or a project folder with .venv); null goes back to automatic. Saved in settings.',
  ).returns<InterpreterListDto>(),
  'verify.start': method(
    verifyStartSchema,
    'Run the load scenario on real SQLAlchemy (Poolscope\'s runner in the chosen interpreter, password on its stdin), then on Poolscope\'s own pool, and compare; progress arrives as verify.progress.',
  ).returns<{ verifyId: string }>(),
  'verify.stop': method(z.strictObject({ verifyId: id }), 'Stop a run on real SQLAlchemy: the runner\'s process group is killed, Poolscope\'s side returns its connections.').returns<{ stopped: boolean }>(),
  'verify.get': method(z.strictObject({ verifyId: id }), 'One run on real SQLAlchemy, both sides and the comparison.').returns<VerifyRunDto>(),
  'verify.latest': method(z.strictObject({ id }), 'The newest run on real SQLAlchemy of a connection (null when none this session).').returns<VerifyRunDto | null>(),
};

export const verifyEvents = {
  'verify.progress': event<VerifyRunDto>('A run on real SQLAlchemy moved on (at most four times a second).'),
  'verify.finished': event<VerifyRunDto>('A run on real SQLAlchemy ended: done (with its comparison), failed or stopped.'),
};
