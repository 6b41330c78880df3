import type { Core } from '../core/core';
import type { Handlers } from './dispatch';
import { AppError } from '../shared/errors';
import type { ProfileData } from '../shared/profile';
import { familyOf } from '../shared/backends';
import { redactor } from '../core/logging/redact';
import { profileData } from '../core/connections/actions';
import { discoverLocal } from '../core/connections/discovery';
import { ConnectionTests } from '../core/connections/testing/registry';
import { connectSecretsFrom, savedConnectSecrets } from '../core/connections/connect-secrets';
import { splitSecretParams } from '../shared/url-secrets';
import type { ConnectSecrets } from '../core/drivers/types';

/** Connection tests and local discovery: the long-running, network-facing part of saved connections. */
export function connectionTestsHandlers(core: Core): Pick<Handlers, 'connections.test' | 'connections.cancelTest' | 'connections.discover'> {
  const tests = new ConnectionTests({
    logger: core.logger,
    onProgress: (p) => core.bus.emit('connections.testProgress', p),
    ...(core.options.nativeBinding ? { nativeBinding: core.options.nativeBinding } : {}),
  });
  core.onClose(() => tests.cancelAll());
  const store = core.connections;

  return {
    'connections.test': async ({ testId, id, profile, password }, ctx) => {
      // A password typed for this test is a secret from the moment it arrives.
      if (password !== undefined) redactor.remember(password);
      let target: ProfileData;
      let secret = password;
      let secrets: ConnectSecrets = {};
      // A draft carries a key passphrase typed in the dialog among its parameters (as Save sends it): this test uses it, nothing keeps it.
      const typed = profile ? connectSecretsFrom(profile.backend, profile.options.params) : {};
      const draft = profile ? { ...profile, options: { ...profile.options, params: splitSecretParams(profile.options.params).params } } : undefined;
      if (id !== undefined) {
        const saved = store.get(id);
        target = draft ?? profileData(saved);
        if (secret === undefined && target.passwordMode === 'saved' && saved.hasPassword) secret = store.password(id);
        secrets = { ...savedConnectSecrets(store, saved, target.backend), ...typed };
      } else {
        target = draft!;
        secrets = typed;
      }
      if (target.passwordMode === 'ask' && secret === undefined && familyOf(target.backend) !== 'sqlite') {
        throw new AppError(
          'BAD_INPUT',
          `"${target.name}" asks for its password at connect time, and none was given.`,
          'Enter the password when asked: it is used for this test only and never stored.',
          { field: 'password', needPassword: true },
        );
      }
      const report = await tests.run({ testId, ...(id !== undefined ? { connectionId: id } : {}), profile: target, ...(secret !== undefined ? { password: secret } : {}), secrets, ...(ctx.signal ? { signal: ctx.signal } : {}) });
      // Only a test of the saved profile is that connection's result (an edited draft is not).
      if (id !== undefined && profile === undefined) store.recordTest(id, report);
      return report;
    },
    'connections.cancelTest': ({ testId }) => ({ cancelled: tests.cancel(testId) }),
    'connections.discover': () => discoverLocal({ saved: store.all() }),
  };
}
