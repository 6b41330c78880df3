import { z } from 'zod';
import { method, event } from './define';
import { faultSchema, scenarioSchema, type FaultResultDto, type LoadRunDto, type LoadRunSummaryDto } from '../lab-types';
import type { LoadProgressDto } from '../pool-types';

const id = z.string().min(1).max(64);

export const labMethods = {
  'lab.start': method(z.strictObject({ id, scenario: scenarioSchema }), 'Start a load run against the connection\'s live pool; progress arrives with each pools.metrics tick.').returns<{ runId: string }>(),
  'lab.stop': method(z.strictObject({ runId: id }), 'Stop a load run; workers finish their current request and return their connections.').returns<{ stopped: boolean }>(),
  'lab.runs': method(z.strictObject({ id }), 'Finished and running load runs of a connection, newest first.').returns<LoadRunSummaryDto[]>(),
  'lab.run': method(z.strictObject({ runId: id }), 'One load run with its time series.').returns<LoadRunDto>(),
  'lab.deleteRun': method(z.strictObject({ runId: id }), 'Forget a load run.').returns<{ deleted: boolean }>(),
  'lab.fault': method(
    z.strictObject({ id, fault: faultSchema, confirmServer: z.string().max(1024).optional() }),
    'Inject a fault into the connection\'s pool or server sessions, or probe what the pool does now. On a production connection, killing or re-timing sessions needs confirmServer: the server\'s host name (or socket path).',
  ).returns<FaultResultDto>(),
};

export const labEvents = {
  'lab.finished': event<{ runId: string; connectionId: string; state: LoadRunSummaryDto['state']; progress?: LoadProgressDto }>(
    'A load run ended (done, stopped, or failed), with its final progress: the whole run\'s elapsed time, requests, throughput and latency.',
  ),
};
