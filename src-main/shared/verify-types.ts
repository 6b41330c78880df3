import { z } from 'zod';
import { scenarioSchema, type Scenario } from './lab-types';

/** Where the engine of a "Run on real SQLAlchemy" comes from. */
export const VERIFY_SOURCES = ['pool', 'export'] as const;
export type VerifySource = (typeof VERIFY_SOURCES)[number];

export const verifyStartSchema = z.strictObject({
  id: z.string().min(1).max(64),
  /** pool: the connection's saved pool settings; export: the db.py the Export tab writes (the recommendation). */
  source: z.enum(VERIFY_SOURCES).default('pool'),
  scenario: scenarioSchema,
  /** The interpreter to use; default: the one chosen in settings, else the first that has everything. */
  python: z.string().min(1).max(4096).optional(),
});

/** One Python interpreter Poolscope found or was given, and what it can import. */
export interface PythonInterpreterDto {
  path: string;
  /** How it was found. */
  source: 'virtualenv' | 'project' | 'path' | 'chosen';
  /** e.g. "active virtualenv ($VIRTUAL_ENV)", "python3 on PATH", "project /home/me/app/.venv". */
  label: string;
  version: string | null;
  sqlalchemy: string | null;
  /** Driver module -> version, null when not importable. */
  drivers: Record<string, string | null>;
  /** What is missing for the driver asked about (empty: ready). */
  missing: string[];
  /** The pip command that installs what is missing, for this interpreter. */
  pip: string | null;
  /** Set when the interpreter could not be asked at all (not found, not executable, no answer). */
  problem?: string;
}

export interface InterpreterListDto {
  interpreters: PythonInterpreterDto[];
  /** The interpreter chosen in settings (may be absent from the list when it no longer exists). */
  chosen: string | null;
  /** Project folders whose .venv is offered. */
  projects: string[];
  /** The driver the list was checked for. */
  driver: string | null;
}

export interface WaitStatsDto {
  count: number;
  p50: number;
  p99: number;
  max: number;
}

export interface VerifyErrorSample {
  kind: string;
  /** Exception class (Python) or error name (Poolscope). */
  cls: string;
  message: string;
  count: number;
}

export interface VerifySideDto {
  state: 'pending' | 'running' | 'done' | 'failed' | 'stopped';
  poolClass: string | null;
  elapsedSec: number;
  checkouts: number;
  completed: number;
  errors: number;
  errorsByKind: Record<string, number>;
  wait: WaitStatsDto;
  peakCheckedOut: number;
  peakWaiting: number;
  samples: VerifyErrorSample[];
  /** Why this side did not run or stopped early, in words a person can act on. */
  failure?: { message: string; hint?: string; missing?: string[]; pip?: string | null };
}

/**
 * same / within tolerance / differs (a behaviour: a kind of error on one side only, another pool
 * class, another peak) / timing (a speed-driven measure beyond its tolerance: counts, waits).
 */
export type VerifyVerdict = 'same' | 'within' | 'differs' | 'timing';

export interface VerifyComparisonRow {
  key: string;
  label: string;
  python: number;
  poolscope: number;
  verdict: VerifyVerdict;
  /** The tolerance applied, in words ("exact", "±25% or ±20 ms"). */
  tolerance: string;
}

export interface VerifyRunDto {
  verifyId: string;
  connectionId: string | null;
  label: string;
  source: VerifySource;
  scenario: Scenario;
  state: 'running' | 'done' | 'failed' | 'stopped';
  /** Which side is running now. */
  phase: 'python' | 'poolscope' | 'finished';
  startedAt: number;
  finishedAt: number | null;
  interpreter: { path: string; version: string | null; sqlalchemy: string | null; driver: string; driverVersion: string | null };
  python: VerifySideDto;
  poolscope: VerifySideDto;
  comparison: VerifyComparisonRow[];
  /** Rows (and the pool class) that differ in behaviour. */
  differences: number;
  /** Timing-driven rows beyond their tolerance (flagged, not counted as differences). */
  timingDifferences: number;
}
