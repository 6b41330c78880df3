import { factBoolean, factString } from '../../../shared/facts';
import { versionAtLeast } from '../../../shared/server-version';
import { fact, outcome, own, patchFix, type Rule } from '../rule';

const WHY =
  'The account\'s authentication plugin decides which drivers can log in. caching_sha2_password (MySQL 8\'s default) works with aiomysql and asyncmy; without TLS its full authentication (after a server restart or a cache flush) uses an RSA key exchange that needs the Python cryptography package. MariaDB\'s ed25519 works only with asyncmy (plus PyNaCl): aiomysql fails with error 2059 "Authentication plugin … not configured". mysql_native_password is deprecated on MySQL 8 and off by default from 8.4.';

export const mysqlAuthPluginRule: Rule = {
  id: 'mysql-auth-plugin',
  title: 'Authentication plugin: caching_sha2_password, aiomysql and asyncmy',
  evaluate(c) {
    if (c.ctx.family !== 'mysql') return null;
    const plugin = factString(c.facts, 'auth_plugin');
    const tls = factBoolean(c.facts, 'tls');
    const driver = c.ctx.driver;
    const evidence = [fact(c, 'auth_plugin'), own('service.driver', driver), fact(c, 'tls')];
    if (plugin === undefined) return outcome('info', `The account's authentication plugin could not be read (${c.facts.facts.auth_plugin?.unknown ?? 'not collected'}).`, WHY, evidence);
    const plugins = plugin.split(' or ');
    if (plugins.some((p) => /ed25519/.test(p))) {
      if (driver === 'aiomysql') {
        return outcome('fail', `The account uses ${plugin}; aiomysql has no ed25519 client plugin.`, WHY, evidence, patchFix('Use asyncmy and add PyNaCl to the requirements.', { service: { driver: 'asyncmy' } }, '# requirements.txt\nasyncmy\nPyNaCl'));
      }
      return outcome('info', `The account uses ${plugin}; asyncmy needs PyNaCl installed for it.`, WHY, evidence, { summary: 'Add PyNaCl to the requirements.', python: '# requirements.txt\nasyncmy\nPyNaCl' });
    }
    if (plugins.some((p) => /sha2_password|sha256_password/.test(p))) {
      if (tls === false) {
        return outcome('warn', `The account uses ${plugin} without TLS: ${driver}'s full authentication needs the cryptography package.`, WHY, evidence, {
          summary: 'Add cryptography to the requirements, or connect over TLS.',
          python: `# requirements.txt\n${driver}\ncryptography`,
        });
      }
      return outcome('pass', `The account uses ${plugin} over TLS: ${driver} authenticates without the RSA exchange.`, WHY, evidence);
    }
    if (plugins.includes('mysql_native_password')) {
      if (c.facts.product === 'mysql' && versionAtLeast(c.facts.version, 8, 0)) {
        return outcome('info', `The account uses mysql_native_password on MySQL ${c.facts.version}: deprecated, off by default from 8.4 and removed in 9.0.`, WHY, evidence, {
          summary: 'Move the account to caching_sha2_password (both drivers support it).',
          sql: "ALTER USER CURRENT_USER() IDENTIFIED WITH caching_sha2_password BY '<new password>';",
        });
      }
      return outcome('pass', `The account uses mysql_native_password: both aiomysql and asyncmy log in with it.`, WHY, evidence);
    }
    return outcome('info', `The account uses ${plugin}: check that ${driver} supports it before deploying.`, WHY, evidence);
  },
};
