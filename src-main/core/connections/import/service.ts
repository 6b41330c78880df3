import type Database from 'better-sqlite3';
import { randomUUID } from 'node:crypto';
import { AppError } from '../../../shared/errors';
import type { ImportCommitResult, ImportKind, ImportPreview, ImportSourceInfo } from '../../../shared/import-types';
import { profileInputSchema } from '../../../shared/profile';
import { profileData, uniqueName } from '../actions';
import type { ConnectionStore } from '../store';
import { parseBeekeeper } from './beekeeper';
import { fileText, parseMyCnfSource, parsePgpassSource, parseServiceFileSource } from './client-files';
import { parseDatagrip } from './datagrip';
import { parseDbeaver } from './dbeaver';
import { parseDbgate } from './dbgate';
import { finishCandidates, PgpassCache, publicView, type Candidate } from './finish';
import { loadFromPath, loadUploaded, type UploadedFile } from './loader';
import { FILE_KINDS, sourceInfo } from './locations';
import { parsePgadmin } from './pgadmin';
import { resolveServiceSources, serviceUrlSource } from './service-lookup';
import { defaultSocketDir, matchPgpass, readPgpass } from './pgpass';
import type { ImportEnv, LoadedFile, ParsedSource, RawCandidate } from './types';

export interface PreviewInput {
  kind: ImportKind;
  /** A file (or folder) on this machine. */
  path?: string;
  /** Files chosen in the browser. */
  files?: UploadedFile[];
  /** For `service-url`: a libpq string or URL with service=… */
  text?: string;
}

export interface CommitInput {
  previewId: string;
  items: Array<{ key: string; name?: string; group?: string }>;
  withPasswords: boolean;
}

interface Session {
  preview: ImportPreview;
  candidates: Candidate[];
  expires: number;
}

const SESSION_TTL_MS = 30 * 60_000;
const MAX_SESSIONS = 8;

/**
 * Import from where connections already live. A preview reads and parses, keeps any password in
 * this process and returns rows without them; a commit saves the rows the user picked, in one
 * transaction, with passwords and secret parameters (sslpassword …) only when asked. Nothing is written before the commit.
 */
export class ImportService {
  private readonly sessions = new Map<string, Session>();

  constructor(
    private readonly db: Database.Database,
    private readonly store: ConnectionStore,
    private readonly env: ImportEnv,
    private readonly nativeBinding?: string,
  ) {}

  sources(): ImportSourceInfo[] {
    return FILE_KINDS.map((k) => sourceInfo(k, this.env));
  }

  preview(input: PreviewInput): ImportPreview {
    const saved = this.store.all().filter((c) => !c.builtin);
    let parsed: ParsedSource;
    let pgpassGiven: { path: string; text: string } | undefined;
    if (input.kind === 'service-url') {
      if (!input.text) throw new AppError('BAD_INPUT', 'Give the connection string with service=….', 'For example: service=orders, or postgresql:///?service=orders.');
      parsed = serviceUrlSource(input.text, this.env);
    } else {
      const files = this.load(input);
      parsed = this.parse(input.kind, files);
      if (input.kind === 'pgpass') {
        pgpassGiven = { path: files[0]!.name, text: fileText(files[0]!, 'a .pgpass file', '') };
        parsed.candidates.push(...this.passwordsForSaved(pgpassGiven.text, saved));
      }
      if (input.kind === 'pgadmin') parsed = resolveServiceSources(parsed, this.env);
    }
    const cache = new PgpassCache(this.env, pgpassGiven);
    const { candidates, warnings } = finishCandidates(parsed.candidates, saved, this.env, cache, pgpassGiven ? { pgpassPath: pgpassGiven.path } : {});
    for (const c of candidates) {
      if (c.action === 'setPassword') c.checked = c.password.available && !saved.find((s) => s.id === c.targetId)?.hasPassword;
    }
    const previewId = randomUUID();
    const preview: ImportPreview = {
      previewId,
      kind: input.kind,
      label: input.kind === 'service-url' ? 'Connection string' : sourceInfo(input.kind, this.env).label,
      files: parsed.files,
      candidates: candidates.map(publicView),
      warnings: [...parsed.warnings, ...warnings],
      passwordsAvailable: candidates.filter((c) => (c.password.available || c.secretParams?.length) && !c.error).length,
    };
    this.remember(previewId, { preview, candidates, expires: Date.now() + SESSION_TTL_MS });
    return preview;
  }

  commit(input: CommitInput): ImportCommitResult {
    const session = this.sessions.get(input.previewId);
    if (!session || session.expires < Date.now()) {
      this.sessions.delete(input.previewId);
      throw new AppError('NOT_FOUND', 'This import preview has expired or was already used.', 'Read the file again and pick the connections; nothing was imported.');
    }
    const byKey = new Map(session.candidates.map((c) => [c.key, c]));
    const picked = input.items.map((item) => {
      const c = byKey.get(item.key);
      if (!c) throw new AppError('BAD_INPUT', `No row "${item.key}" in this preview.`, 'Preview again; nothing was imported.');
      if (c.error) throw new AppError('BAD_INPUT', `"${c.name}" cannot be imported: ${c.error.message}`, c.error.hint || 'Leave it unchecked.');
      return { c, item };
    });
    const result: ImportCommitResult = { created: [], renamed: [], updated: [], passwordsStored: 0, secretParamsStored: 0 };
    this.db.transaction(() => {
      for (const { c, item } of picked) {
        const secret = input.withPasswords ? c.secret : undefined;
        // Secret parameters (sslpassword …) go with the passwords: the same choice, the same encrypted store.
        const secrets = input.withPasswords ? c.secretValues : undefined;
        if (c.action === 'setPassword') {
          if (secret === undefined || !c.targetId) continue;
          const savedConn = this.store.get(c.targetId);
          this.store.update(c.targetId, { ...profileData(savedConn), passwordMode: 'saved' }, secret);
          result.updated.push({ id: c.targetId, name: savedConn.name });
          result.passwordsStored++;
          continue;
        }
        const data = profileInputSchema.parse({
          ...c.profile,
          ...(item.name !== undefined ? { name: item.name } : {}),
          ...(item.group !== undefined ? { group: item.group } : {}),
          ...(secret !== undefined ? { passwordMode: 'saved' } : {}),
        });
        const name = uniqueName(data.name, (n) => this.store.findByName(n) !== undefined);
        if (name !== data.name) result.renamed.push({ from: data.name, to: name });
        const created = this.store.create({ ...data, name }, secret, secrets ? { secrets } : {});
        result.created.push({ id: created.id, name: created.name });
        if (secret !== undefined) result.passwordsStored++;
        result.secretParamsStored! += Object.keys(secrets ?? {}).length;
      }
    }).immediate();
    this.sessions.delete(input.previewId);
    return result;
  }

  private remember(id: string, session: Session): void {
    const now = Date.now();
    for (const [k, s] of this.sessions) if (s.expires < now) this.sessions.delete(k);
    while (this.sessions.size >= MAX_SESSIONS) this.sessions.delete(this.sessions.keys().next().value!);
    this.sessions.set(id, session);
  }

  private load(input: PreviewInput): LoadedFile[] {
    if (input.path) return loadFromPath(input.kind, input.path, this.env);
    if (input.files?.length) return loadUploaded(input.files);
    throw new AppError('BAD_INPUT', 'No file was given.', 'Pick one of the detected files, or choose a file.');
  }

  private parse(kind: ImportKind, files: LoadedFile[]): ParsedSource {
    switch (kind) {
      case 'dbeaver':
        return parseDbeaver(files);
      case 'beekeeper':
        return parseBeekeeper(files, this.nativeBinding);
      case 'dbgate':
        return parseDbgate(files);
      case 'pgadmin':
        return parsePgadmin(files);
      case 'datagrip':
        return parseDatagrip(files);
      case 'pgpass':
        return parsePgpassSource(files[0]!);
      case 'pgservice':
        return parseServiceFileSource(files[0]!, this.env);
      case 'mycnf':
        return parseMyCnfSource(files[0]!, {
          read: (p) => this.env.readFile(p)?.toString('utf8') ?? null,
          list: (d) => this.env.listDir(d),
          mode: (p) => this.env.stat(p)?.mode ?? null,
        });
      default:
        throw new AppError('BAD_INPUT', `Unknown import source ${kind}.`, 'Pick a source from the list.');
    }
  }

  /** .pgpass also fills in passwords for saved PostgreSQL connections, line by line as libpq would. */
  private passwordsForSaved(text: string, saved: ReturnType<ConnectionStore['all']>): RawCandidate[] {
    const lines = readPgpass(text);
    const out: RawCandidate[] = [];
    for (const s of saved) {
      if (s.backend !== 'postgresql') continue;
      const m = matchPgpass(lines, { host: s.socket ?? s.host, port: s.port, database: s.database, user: s.user }, this.env.osUser, defaultSocketDir(this.env.platform));
      if (!m) continue;
      out.push({ origin: `line ${m.line} for saved "${s.name}"`, name: s.name, profile: profileData(s), setPasswordOn: { id: s.id, name: s.name }, ...(s.hasPassword ? { warnings: ['It already has a saved password; importing replaces it.'] } : {}) });
    }
    return out;
  }
}
