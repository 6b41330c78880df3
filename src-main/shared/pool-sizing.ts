/**
 * Pool sizing: from the service's shape (processes and the connections each one needs at the same
 * time) to SQLAlchemy's pool_size and max_overflow, within what the server has left.
 *
 * Pure and shared: the recommendation engine uses it, and the UI's calculator runs the same code
 * as you type.
 */

/** Server-side room for new connections, as measured. */
export interface ServerHeadroom {
  maxConnections: number;
  /** Slots ordinary users cannot take (PostgreSQL superuser_reserved_connections + reserved_connections). */
  reserved: number;
  /** Sessions already open that are not Poolscope's own (other services, admin tools, replicas). */
  otherSessions: number;
  /** Share of the usable slots a service should plan to fill at most (0.85 MySQLTuner, 0.70 postgresqltuner). */
  target: number;
  /** Where the target comes from, for the reason ("MySQLTuner", "postgresqltuner" …). */
  targetSource?: string;
  /** The limit maxConnections stands for, when it is not max_connections (PgBouncer's max_client_conn). */
  limitName?: string;
  /** A tighter per-user or per-database limit, when one is set. */
  accountLimit?: number;
}

export interface SizingInput {
  processes: number;
  /** Connections one process needs at the same time (requests or tasks that hold a session). */
  concurrencyPerProcess?: number;
  /** Requests per second for the whole service, with the average time one holds a connection (Little's law). */
  requestsPerSecond?: number;
  holdTimeMs?: number;
  /** Current settings, used when no concurrency is known. */
  poolSize: number;
  maxOverflow: number;
  headroom?: ServerHeadroom;
}

export interface PoolSizing {
  poolSize: number;
  maxOverflow: number;
  /** Connections one process can hold at most with these settings; null when unbounded. */
  perProcessMax: number | null;
  /** All processes together; null when unbounded. */
  totalMax: number | null;
  /** Connections per process the service needs, when it could be worked out. */
  concurrencyPerProcess?: number;
  /** How the concurrency was worked out, in words. */
  concurrencyBasis: string;
  /** Slots a new service may plan to use: usable slots × target − other sessions. Null when not measured. */
  budget: number | null;
  /** Per process: floor(budget / processes). */
  perProcessBudget: number | null;
  /** False when even the needed concurrency does not fit the budget: requests will wait for pool_timeout. */
  fits: boolean;
  reason: string;
}

/** Little's law: connections in use = arrival rate × time each is held. */
export function littlesLaw(requestsPerSecond: number, holdTimeMs: number): number {
  return Math.max(0, requestsPerSecond * (holdTimeMs / 1000));
}

/** Slots the service may plan to use, or null without measurements. */
export function serviceBudget(h: ServerHeadroom | undefined): number | null {
  if (!h) return null;
  const usable = Math.max(0, h.maxConnections - h.reserved);
  let budget = Math.floor(usable * h.target) - h.otherSessions;
  if (h.accountLimit !== undefined && h.accountLimit > 0) budget = Math.min(budget, h.accountLimit);
  return Math.max(0, budget);
}

export function sizePool(input: SizingInput): PoolSizing {
  const processes = Math.max(1, Math.floor(input.processes));
  let concurrency: number | undefined;
  let basis: string;
  if (input.concurrencyPerProcess !== undefined && input.concurrencyPerProcess > 0) {
    concurrency = Math.ceil(input.concurrencyPerProcess);
    basis = `${concurrency} concurrent sessions per process (given)`;
  } else if (input.requestsPerSecond !== undefined && input.holdTimeMs !== undefined && input.requestsPerSecond > 0 && input.holdTimeMs > 0) {
    const total = littlesLaw(input.requestsPerSecond, input.holdTimeMs);
    concurrency = Math.max(1, Math.ceil(total / processes));
    basis = `${input.requestsPerSecond} req/s × ${input.holdTimeMs} ms = ${round(total)} connections in use, over ${processes} process${processes === 1 ? '' : 'es'}`;
  } else {
    basis = 'no concurrency given: the current pool_size and max_overflow';
  }

  // Steady state: one pooled connection per concurrent session; overflow absorbs bursts of half as much again.
  let poolSize = concurrency ?? input.poolSize;
  let maxOverflow = concurrency !== undefined ? Math.ceil(concurrency / 2) : input.maxOverflow;
  const budget = serviceBudget(input.headroom);
  const perProcessBudget = budget === null ? null : Math.floor(budget / processes);
  let fits = true;
  const notes: string[] = [];

  if (perProcessBudget !== null) {
    // pool_size=0 and max_overflow=-1 mean "no limit" in SQLAlchemy: a budget turns them into numbers.
    // Never 0 here: pool_size=0 would mean "unlimited" to SQLAlchemy, the opposite of the intent.
    if (poolSize === 0) {
      poolSize = Math.max(1, perProcessBudget);
      notes.push(`pool_size=0 (no limit) replaced by the per-process budget ${perProcessBudget}`);
    }
    // The steady-state pool is what the workload needs: it is never shrunk to squeeze under a busy
    // server (that shipped pool_size=1). When it does not fit, fits=false and the max-connections
    // check fails with the fix; only the overflow, the burst reserve, is trimmed to the room left.
    if (poolSize > perProcessBudget || perProcessBudget < 1) fits = false;
    if (concurrency !== undefined && concurrency > perProcessBudget) fits = false;
    const room = Math.max(0, perProcessBudget - poolSize);
    if (maxOverflow < 0 || maxOverflow > room) {
      maxOverflow = room;
      notes.push(`max_overflow capped at ${room}`);
    }
  }

  const unbounded = poolSize === 0 || maxOverflow < 0;
  const perProcessMax = unbounded ? null : poolSize + maxOverflow;
  const totalMax = perProcessMax === null ? null : perProcessMax * processes;
  const reason =
    perProcessBudget === null
      ? `${basis}; server headroom not measured`
      : `${basis}; budget ${budget} connections (${budgetTerms(input.headroom!)}) = ${perProcessBudget} per process${notes.length ? `; ${notes.join(', ')}` : ''}${fits ? '' : `; the pool needs ${poolSize} per process and the server cannot take it: raise max_connections, put PgBouncer in front, or run fewer processes`}`;
  return {
    poolSize,
    maxOverflow,
    perProcessMax,
    totalMax,
    ...(concurrency !== undefined ? { concurrencyPerProcess: concurrency } : {}),
    concurrencyBasis: basis,
    budget,
    perProcessBudget,
    fits,
    reason,
  };
}

/** `151 max_connections − 0 reserved, × 0.85 target (MySQLTuner), − 2 other sessions` */
function budgetTerms(h: ServerHeadroom): string {
  const target = `× ${h.target} target${h.targetSource ? ` (${h.targetSource})` : ''}`;
  return `${h.maxConnections} ${h.limitName ?? 'max_connections'} − ${h.reserved} reserved, ${target}, − ${h.otherSessions} other sessions`;
}

function round(n: number): string {
  return Number.isInteger(n) ? String(n) : n.toFixed(1);
}
