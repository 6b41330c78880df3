import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { test, expect, screenshotPath } from '../fixtures/serve';
import { Workbench } from '../pages/workbench';
import { ConnectionsPage } from '../pages/connections';
import { keygen, sshdAvailable, startSshd, TEST_USER } from '../../test/sshd';
import { tempDir } from '../../test/tmp';

// A real OpenSSH server started by the test on a loopback port (test/sshd.ts); CI installs it.
test.skip(!sshdAvailable() && process.env.CI !== 'true', 'openssh-server is not installed (CI installs it and fails instead)');

test.describe('SSH tunnel (serve mode, real sshd)', () => {
  test('adds a connection through a bastion in the form, tests it with the SSH stage shown first', async ({ page, serve }) => {
    const tmp = tempDir('poolscope-e2e-ssh-');
    const sshd = await startSshd();
    try {
      const key = join(tmp.path, 'id_ed25519');
      sshd.authorize(keygen(key));
      const wb = new Workbench(page);
      const cx = new ConnectionsPage(page);
      await wb.open(serve.url);
      await cx.newButton.click();
      const dialog = page.getByRole('dialog');
      await dialog.getByTestId('form-name').fill('Behind bastion');
      await dialog.getByTestId('form-host').fill('127.0.0.1');
      await dialog.getByTestId('form-port').fill('5432');
      await dialog.getByTestId('form-database').fill('test');
      await dialog.getByTestId('form-user').fill('postgres');
      await dialog.getByTestId('form-ssh-enabled').check();
      await dialog.getByTestId('form-ssh-host-0').fill('127.0.0.1');
      await dialog.getByTestId('form-ssh-port-0').fill(String(sshd.port));
      await dialog.getByTestId('form-ssh-user-0').fill(TEST_USER);
      await dialog.getByTestId('form-ssh-auth-0').selectOption('key');
      await dialog.getByTestId('form-ssh-key-0').fill(key);
      // Keyboard: the SSH fields are reachable with Tab from the key file, through its passphrase, to the hop's Remove button.
      await dialog.getByTestId('form-ssh-key-0').focus();
      await page.keyboard.press('Tab');
      await expect(dialog.getByTestId('form-ssh-secret-0')).toBeFocused();
      await page.keyboard.press('Tab');
      await expect(dialog.getByTestId('form-ssh-remove-0')).toBeFocused();
      await dialog.getByTestId('form-ssh').scrollIntoViewIfNeeded();
      await page.screenshot({ path: screenshotPath('ssh-form-light') });
      await dialog.getByTestId('form-save').click();
      await expect(dialog).toBeHidden();
      await expect(page.getByTestId('connection-title')).toHaveText('Behind bastion');

      // First use: the host is unknown; its fingerprint is shown (as ssh-keygen prints it) with one button to trust it.
      await cx.runTest();
      await cx.waitForResult();
      await expect(cx.stage('ssh')).toHaveAttribute('data-status', 'failed');
      await expect(cx.failure).toContainText('Unknown SSH host key');
      const expected = execFileSync('ssh-keygen', ['-lf', join(sshd.dir, 'host_ed25519.pub')], { encoding: 'utf8' }).split(' ')[1]!;
      await expect(cx.testPanel.getByTestId('ssh-fingerprint')).toHaveText(expected);
      await page.screenshot({ path: screenshotPath('ssh-first-use-light'), fullPage: true });
      await cx.testPanel.getByTestId('ssh-trust-button').click();
      await expect(cx.stage('ssh')).toHaveAttribute('data-status', 'ok', { timeout: 30_000 });
      await cx.waitForResult();
      await expect(cx.stage('ssh')).toContainText(`${TEST_USER}@127.0.0.1:${sshd.port} → 127.0.0.1:5432`);
      await expect(cx.stage('ssh').locator('.cx-stage-ms')).toHaveText(/\d+(\.\d)? ms/);
      for (const id of ['resolve', 'tcp', 'auth', 'query']) await expect(cx.stage(id)).toHaveAttribute('data-status', 'ok');
      await expect(cx.fact('server')).toContainText(/PostgreSQL \d+\.\d+/);
      await page.screenshot({ path: screenshotPath('ssh-test-light'), fullPage: true });
      await page.emulateMedia({ colorScheme: 'dark' });
      await expect.poll(() => page.evaluate(() => getComputedStyle(document.body).backgroundColor)).toBe('rgb(14, 16, 20)');
      await page.screenshot({ path: screenshotPath('ssh-test-dark'), fullPage: true });

      // A changed host key: refused, with the reason in the failure.
      await sshd.rekey();
      await cx.runTest();
      await cx.waitForResult();
      await expect(cx.stage('ssh')).toHaveAttribute('data-status', 'failed');
      await expect(cx.failure).toContainText('SSH host key changed');
      await expect(cx.failure).toContainText('Refused');
      await page.screenshot({ path: screenshotPath('ssh-hostkey-changed-dark'), fullPage: true });
    } finally {
      await sshd.close();
      tmp.cleanup();
    }
  });
});
