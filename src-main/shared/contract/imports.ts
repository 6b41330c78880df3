import { z } from 'zod';
import { method } from './define';
import { IMPORT_KINDS, type ImportCommitResult, type ImportPreview, type ImportSourceInfo } from '../import-types';

const uploaded = z.strictObject({
  name: z.string().min(1).max(255),
  /** The file's bytes, base64 (app.db and credentials-config.json are binary). The socket takes 16 MB a message: bigger files go by path. */
  data: z.string().max(15_000_000),
});

export const importsMethods = {
  'imports.sources': method(z.strictObject({}), 'The tools and files Poolscope imports from, with the default places on this machine and which of them exist.').returns<ImportSourceInfo[]>(),
  'imports.preview': method(
    z
      .strictObject({
        kind: z.enum(IMPORT_KINDS),
        /** A file or folder on this machine (a detected location or a typed path). */
        path: z.string().min(1).max(4096).optional(),
        /** Files chosen in the browser's file picker. */
        files: z.array(uploaded).min(1).max(6).optional(),
        /** For service-url: the connection string that says service=… */
        text: z.string().min(1).max(4096).optional(),
      })
      .refine((v) => [v.path, v.files, v.text].filter((x) => x !== undefined).length === 1, { message: 'Give exactly one of path, files or text', path: ['path'] }),
    'Read a tool\'s connection file and list what it holds, each row with a checkbox, duplicates flagged; passwords stay in the main process. Nothing is saved.',
  ).returns<ImportPreview>(),
  'imports.commit': method(
    z.strictObject({
      previewId: z.string().uuid(),
      items: z.array(z.strictObject({ key: z.string().min(1).max(32), name: z.string().trim().min(1).max(120).optional(), group: z.string().max(400).optional() })).min(1).max(1000),
      /** Store the passwords the preview found (encrypted like any other); false imports without them. */
      withPasswords: z.boolean().default(false),
    }),
    'Save the picked rows of a preview in one transaction (all or nothing), with passwords only when asked.',
  ).returns<ImportCommitResult>(),
};
