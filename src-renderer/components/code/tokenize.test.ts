import { describe, expect, it } from 'vitest';
import { langOf, tokenizeLine } from './tokenize';

describe('code tokenizer', () => {
  it('picks the language from the file name', () => {
    expect(['db.py', '.env.example', 'requirements.txt', 'pool.ts', 'README'].map(langOf)).toEqual(['python', 'dotenv', 'requirements', 'typescript', 'text']);
  });

  it('tokenizes Python without losing a character', () => {
    const line = '    pool_recycle=900,  # half of wait_timeout=1800 "quoted"';
    const tokens = tokenizeLine('python', line);
    expect(tokens.map((t) => t.text).join('')).toBe(line);
    expect(tokens.find((t) => t.kind === 'com')!.text).toBe('# half of wait_timeout=1800 "quoted"');
    expect(tokens.find((t) => t.kind === 'num')!.text).toBe('900');
  });

  it('keeps markup as plain text', () => {
    const line = 'x = "<script>alert(1)</script>"';
    expect(tokenizeLine('python', line).map((t) => t.text).join('')).toBe(line);
    expect(tokenizeLine('dotenv', 'DATABASE_URL=sqlite+aiosqlite:///./app.db').map((t) => t.kind)).toEqual(['plain', 'key', 'op', 'str']);
  });
});
