// The OpenAPI document, as a real `steward serve` serves it, checked by
// two standard tools: a validator against the OpenAPI 3.1 schema
// (@seriousme/openapi-schema-validator) and a linter (@redocly/cli lint,
// its recommended-strict rules as tuned in redocly.yaml beside this file,
// so that a warning fails too).  Run by `make openapi-check`, a step of
// `make check`; the tools come from package-lock.json here (npm ci).
//
//   node tests/openapi/check.mjs BINARY
//
// OPENAPI_OUT=FILE keeps the document that was checked.
import { spawn, execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync, copyFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Validator } from '@seriousme/openapi-schema-validator';

const here = dirname(fileURLToPath(import.meta.url));
const bin = process.argv[2];
if (!bin) {
  console.error('usage: node tests/openapi/check.mjs BINARY');
  process.exit(2);
}
const dir = mkdtempSync(join(tmpdir(), 'steward-openapi-'));
const env = { ...process.env, STEWARD_PASSWORD_COST: 'min', REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true' };
let server;

// `steward serve` on a fresh SQLite database and a free loopback port;
// resolves to its URL once it logs "listening".
function serve() {
  const db = `sqlite:${join(dir, 'steward.db')}`;
  writeFileSync(join(dir, 'pw'), 'openapi-check-password\n');
  execFileSync(bin, ['init', '--db', db, '--admin-password-file', join(dir, 'pw')], { env, stdio: 'ignore' });
  return new Promise((resolve, reject) => {
    server = spawn(bin, ['serve', '--db', db, '--listen', '127.0.0.1:0', '--threads', '1'], { env, stdio: ['ignore', 'ignore', 'pipe'] });
    let log = '';
    const timer = setTimeout(() => reject(new Error(`no "listening" within 20 s:\n${log}`)), 20000);
    server.on('exit', (code) => reject(new Error(`steward serve exited ${code}:\n${log}`)));
    server.stderr.setEncoding('utf8');
    server.stderr.on('data', (chunk) => {
      log += chunk;
      for (const line of log.split('\n')) {
        try {
          const j = JSON.parse(line);
          if (j.msg === 'listening' && Number.isInteger(j.port)) {
            clearTimeout(timer);
            resolve(`http://127.0.0.1:${j.port}`);
          }
        } catch { /* a partial line */ }
      }
    });
  });
}

let failed = false;
try {
  const url = await serve();
  const res = await fetch(`${url}/api/v1/openapi.json`);
  if (res.status !== 200) throw new Error(`GET /api/v1/openapi.json: ${res.status}`);
  const doc = await res.json();
  const file = join(dir, 'openapi.json');
  writeFileSync(file, JSON.stringify(doc, null, 1));
  if (process.env.OPENAPI_OUT) copyFileSync(file, process.env.OPENAPI_OUT);

  const validator = new Validator();
  const v = await validator.validate(doc);
  if (v.valid) {
    validator.resolveRefs(); // throws on a $ref to nothing
    console.log(`openapi: valid OpenAPI ${validator.version} (@seriousme/openapi-schema-validator)`);
  } else {
    failed = true;
    console.error('openapi: the document does not match the OpenAPI schema:');
    console.error(JSON.stringify(v.errors, null, 1));
  }

  const lint = spawnSync(join(here, 'node_modules/.bin/redocly'),
    ['lint', '--config', join(here, 'redocly.yaml'), '--format', 'stylish', '--max-problems', '200', file],
    { env, encoding: 'utf8' });
  if (lint.status !== 0) {
    failed = true;
    console.error(`openapi: redocly lint found problems:\n${lint.stdout}${lint.stderr}`);
  } else {
    console.log('openapi: redocly lint (recommended-strict, redocly.yaml): no problems');
  }
} catch (e) {
  failed = true;
  console.error(`openapi: ${e.message}`);
} finally {
  if (server && server.exitCode === null) {
    server.removeAllListeners('exit');
    const exited = new Promise((done) => server.on('exit', done));
    server.kill('SIGTERM');
    await exited;
  }
  rmSync(dir, { recursive: true, force: true });
}
process.exit(failed ? 1 : 0);
