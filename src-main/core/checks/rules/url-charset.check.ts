import { factString } from '../../../shared/facts';
import { fact, outcome, own, patchFix, type Rule } from '../rule';

const WHY =
  'The connection charset decides how text travels between the driver and the server. utf8 (an alias of utf8mb3 on MySQL and MariaDB) and latin1 cannot carry 4-byte characters: emoji or some CJK text fail with "Incorrect string value". Without charset in the URL the driver\'s own default applies, not the server\'s character_set_server: asyncmy defaults to utf8mb4, and aiomysql\'s charset=\'\' falls back to PyMySQL\'s DEFAULT_CHARSET, utf8mb4 since PyMySQL 0.9 (aiomysql requires PyMySQL 1.0 or later). An option file (read_default_file with default-character-set) or another driver can still change that, so the URL that cannot go wrong says ?charset=utf8mb4.';

export const urlCharsetRule: Rule = {
  id: 'url-charset',
  title: 'charset=utf8mb4 in the URL',
  evaluate(c) {
    if (c.ctx.family !== 'mysql') return null;
    const cs = c.profile.options.charset;
    const evidence = [own('options.charset', cs ?? null), fact(c, 'character_set_server'), fact(c, 'character_set_connection')];
    const fix = patchFix('Add ?charset=utf8mb4 to the URL.', { options: { charset: 'utf8mb4' } }, `DATABASE_URL = "${c.advice.url.value}"`);
    if (cs === undefined) {
      const server = factString(c.facts, 'character_set_server');
      return outcome('info', `The URL sets no charset: aiomysql and asyncmy then use their own default, utf8mb4 (not the server's character_set_server=${server ?? 'unknown'}); say so in the URL so no driver or option-file default can change it.`, WHY, evidence, fix);
    }
    if (cs.toLowerCase() !== 'utf8mb4') return outcome('fail', `The URL sets charset=${cs}, which cannot store 4-byte characters.`, WHY, evidence, fix);
    return outcome('pass', 'The URL sets charset=utf8mb4.', WHY, evidence);
  },
};
