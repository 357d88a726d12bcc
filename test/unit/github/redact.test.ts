import * as assert from 'node:assert/strict';
import { createGitHubClient } from '../../../src/github/core/client';
import { redactingLog, redactSecrets, type ClientLogger } from '../../../src/github/core/redact';

const ignored: string[] = [];
const redactingLoggerSink: ClientLogger = {
  debug: (m) => ignored.push(m),
  info: (m) => ignored.push(m),
  warn: (m) => ignored.push(m),
  error: (m) => ignored.push(m),
};

describe('token redaction', () => {
  const token = 'gho_16C7e42F292c6912E7710c838347Ae178B4a';

  it('removes the session token wherever it appears', () => {
    assert.equal(
      redactSecrets(`request failed: {"headers":{"x":"${token}"}}`, [token]),
      'request failed: {"headers":{"x":"[REDACTED]"}}',
    );
  });

  it('removes anything shaped like a GitHub credential, even an unknown one', () => {
    const text = [
      'authorization: token ghp_aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa',
      '"Authorization":"Bearer abc.def"',
      'github_pat_11ABCDEFG0123456789_abcdefghijklmnopqrstuvwxyz',
      'https://x-access-token:s3cr3t@github.com/acme/infra.git',
    ].join('\n');
    const result = redactSecrets(text, []);
    assert.equal(
      result,
      [
        'authorization: [REDACTED]',
        '"Authorization":"[REDACTED]"',
        '[REDACTED]',
        'https://[REDACTED]@github.com/acme/infra.git',
      ].join('\n'),
    );
  });

  it('leaves ordinary text alone', () => {
    const text = 'GET /repos/acme/infra/pulls/12 - 200 in 35ms; git@github.com:acme/infra.git';
    assert.equal(redactSecrets(text, ['']), text);
  });

  it('redacts extra log arguments (objects, errors) and reads the secret at each call', () => {
    const lines: string[] = [];
    const logger: ClientLogger = {
      debug: (m) => lines.push(`debug ${m}`),
      info: (m) => lines.push(`info ${m}`),
      warn: (m) => lines.push(`warn ${m}`),
      error: (m) => lines.push(`error ${m}`),
    };
    let secret = 'first-secret-value';
    const log = redactingLog(logger, () => [secret]);
    log.warn('retrying', { headers: { authorization: `token ${secret}` } });
    secret = 'second-secret-value';
    log.error('failed', new Error(`bad credentials for second-secret-value`));
    assert.deepEqual(lines, [
      'warn retrying {"headers":{"authorization":"[REDACTED]"}}',
      'error failed bad credentials for [REDACTED]',
    ]);
  });

  it('the client factory refuses an API URL that is not http(s)', async () => {
    await assert.rejects(
      createGitHubClient({
        baseUrl: 'ghe.example.com/api/v3',
        token,
        userAgent: 't',
        logger: redactingLoggerSink,
      }),
      /must be an http\(s\) URL/,
    );
  });
});
