import { describe, expect, it } from 'vitest';
import { reachesOutside, scenarioStatement } from './statements';

describe('user SQL that reaches outside the database', () => {
  const pg = (sql: string) => reachesOutside(sql, 'postgresql');
  const my = (sql: string) => reachesOutside(sql, 'mysql');

  it('refuses COPY, DO, CALL, SET and the like on PostgreSQL, whatever the case or comments', () => {
    expect(pg("COPY (SELECT 1) TO PROGRAM 'touch /tmp/x'")).toMatch(/COPY statement/);
    expect(pg("copy (select 1) to '/tmp/x'")).toMatch(/COPY statement/);
    expect(pg("/* hi */ -- there\n  CoPy t TO STDOUT")).toMatch(/COPY statement/);
    expect(pg("DO $$ BEGIN EXECUTE 'COPY (SELECT 1) TO PROGRAM ''id'''; END $$")).toMatch(/DO statement/);
    expect(pg('CALL p()')).toMatch(/CALL statement/);
    expect(pg("SET statement_timeout = 0")).toMatch(/SET statement/);
  });

  it('refuses server file, program and session functions, also quoted or schema-qualified', () => {
    expect(pg("SELECT pg_read_file('/etc/passwd')")).toMatch(/files on the database server/);
    expect(pg('SELECT "pg_read_file"(\'/etc/passwd\')')).toMatch(/files/);
    expect(pg("SELECT pg_catalog.pg_ls_dir('.')")).toMatch(/files/);
    expect(pg("SELECT lo_export(1, '/tmp/x')")).toMatch(/lo_export/);
    expect(pg("SELECT * FROM dblink('host=x', 'select 1') AS t(a int)")).toMatch(/dblink/);
    expect(pg('SELECT pg_terminate_backend(pid) FROM pg_stat_activity')).toMatch(/other sessions/);
    expect(pg("SELECT U&\"\\0070g_read_file\"('x')")).toMatch(/Unicode-escaped/);
  });

  it('refuses INTO OUTFILE / DUMPFILE and LOAD_FILE on MySQL, also inside executable comments', () => {
    expect(my("SELECT 1 INTO OUTFILE '/tmp/x'")).toMatch(/OUTFILE/);
    expect(my("select * from t into dumpfile '/tmp/x'")).toMatch(/DUMPFILE/);
    expect(my("SELECT 1 /*! INTO OUTFILE '/tmp/x' */")).toMatch(/OUTFILE/);
    expect(my("SELECT 1 /*!50100 INTO OUTFILE '/tmp/x' */")).toMatch(/OUTFILE/);
    expect(my("SELECT 1 /*M! INTO DUMPFILE '/tmp/x' */")).toMatch(/DUMPFILE/);
    expect(my("SELECT LOAD_FILE('/etc/passwd')")).toMatch(/LOAD_FILE/);
    expect(my("LOAD DATA INFILE '/etc/passwd' INTO TABLE t")).toMatch(/LOAD statement/);
  });

  it('a quote cannot hide code, whichever way the server reads backslashes', () => {
    // standard_conforming_strings=on: '\' is a whole string, and pg_read_file is code.
    expect(pg("SELECT '\\', pg_read_file('/etc/passwd') -- '")).toMatch(/files/);
    // MySQL with backslash escapes: 'a\' INTO OUTFILE …' would be one string; without, code.
    expect(my("SELECT 'a\\' INTO OUTFILE '/tmp/x' -- '")).toMatch(/OUTFILE/);
  });

  it('lets ordinary queries through, words in strings, comments and names included', () => {
    expect(pg('SELECT * FROM users WHERE id = 1')).toBeNull();
    expect(pg("WITH x AS (SELECT 'COPY TO PROGRAM pg_read_file' AS note) SELECT * FROM x")).toBeNull();
    expect(pg('-- pg_read_file\nSELECT copy_count, outfile_name FROM jobs')).toBeNull();
    expect(pg('(SELECT 1) UNION (SELECT 2)')).toBeNull();
    expect(pg('EXPLAIN ANALYZE SELECT 1')).toBeNull();
    expect(pg("SELECT $$ pg_read_file('/x') $$")).toBeNull();
    expect(my("SELECT /* INTO OUTFILE */ 1 # LOAD_FILE\n")).toBeNull();
    expect(my('SHOW TABLES')).toBeNull();
    // Writes get through here and are stopped by the read-only transaction (tested on the servers).
    expect(pg('INSERT INTO t VALUES (1)')).toBeNull();
  });

  it('scenarioStatement answers BAD_INPUT naming the problem', () => {
    expect(() => scenarioStatement('postgresql', { kind: 'custom', sql: "COPY (SELECT 1) TO PROGRAM 'id'" })).toThrow(
      expect.objectContaining({ code: 'BAD_INPUT', message: expect.stringMatching(/does not run this statement: it is a COPY statement/) }),
    );
    expect(scenarioStatement('mysql', { kind: 'custom', sql: 'SELECT 1;' })).toEqual({ sql: 'SELECT 1', readOnly: true });
  });
});
