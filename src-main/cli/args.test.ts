import { describe, expect, it } from 'vitest';
import { parseArgs, UsageError } from './args';

const spec = {
  json: { type: 'boolean' as const, description: '' },
  port: { type: 'number' as const, description: '' },
  'data-dir': { type: 'string' as const, description: '' },
};

describe('argument parser', () => {
  it('reads flags in both forms, booleans, negations and positionals', () => {
    expect(parseArgs(['prod', '--json', '--port', '5', '--data-dir=/x'], spec)).toEqual({ positionals: ['prod'], flags: { json: true, port: 5, 'data-dir': '/x' } });
    expect(parseArgs(['--no-json', '--', '--port'], spec)).toEqual({ positionals: ['--port'], flags: { json: false } });
  });

  it('names the unknown or malformed flag', () => {
    expect(() => parseArgs(['--jsno'], spec)).toThrow(UsageError);
    expect(() => parseArgs(['--jsno'], spec)).toThrow(/Unknown option --jsno\. Did you mean --json\? Known options: --json/);
    expect(() => parseArgs(['--port', 'abc'], spec)).toThrow(/--port must be a number, not "abc"/);
    expect(() => parseArgs(['--port'], spec)).toThrow(/--port needs a value/);
    expect(() => parseArgs(['--json=maybe'], spec)).toThrow(/--json takes true or false/);
  });
});
