import { describe, expect, it } from 'vitest';
import { normaliseIsolation, onOff, parseCreateUser } from './mysql.facts';

describe('MySQL facts parsing', () => {
  it('reads the authentication plugin and MAX_USER_CONNECTIONS from SHOW CREATE USER', () => {
    expect(parseCreateUser("CREATE USER `app`@`%` IDENTIFIED BY PASSWORD '*D821809F681A40A6E379B50D0463EFAE20BDD122'", 'mariadb')).toEqual({ plugin: 'mysql_native_password', maxUserConnections: 0 });
    expect(parseCreateUser('CREATE USER `root`@`127.0.0.1`', 'mariadb')).toEqual({ plugin: 'mysql_native_password', maxUserConnections: 0 });
    expect(parseCreateUser("CREATE USER `a`@`%` IDENTIFIED VIA ed25519 USING 'xyz' WITH MAX_USER_CONNECTIONS 10", 'mariadb')).toEqual({ plugin: 'ed25519', maxUserConnections: 10 });
    expect(parseCreateUser("CREATE USER `b`@`localhost` IDENTIFIED VIA unix_socket OR mysql_native_password USING '*AB'", 'mariadb').plugin).toBe('unix_socket or mysql_native_password');
    expect(parseCreateUser("CREATE USER `c`@`%` IDENTIFIED WITH 'caching_sha2_password' AS '$A$005$x' REQUIRE NONE PASSWORD EXPIRE DEFAULT", 'mysql').plugin).toBe('caching_sha2_password');
    expect(parseCreateUser('CREATE USER `d`@`%` REQUIRE NONE', 'mysql')).toEqual({ maxUserConnections: 0 });
  });

  it('reads ON/OFF variables such as log_bin as booleans', () => {
    expect([onOff('ON'), onOff('OFF'), onOff('1'), onOff(0), onOff('maybe'), onOff(undefined)]).toEqual([true, false, true, false, undefined, undefined]);
  });

  it('spells isolation levels the way SQLAlchemy does', () => {
    expect(normaliseIsolation('REPEATABLE-READ')).toBe('REPEATABLE READ');
    expect(normaliseIsolation('read-committed')).toBe('READ COMMITTED');
  });
});
