'use strict';
// The home-lab CLI, run as a real child process: keygen for each algorithm, then token, then the token must
// verify with this package's verify and with an independent implementation.

const { test, describe, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { spawnSync } = require('node:child_process');
const crypto = require('node:crypto');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const jsonwebtoken = require('jsonwebtoken');
const { verify } = require('../lib/verification/verify');
const pkg = require('../package.json');

const ROOT = path.join(__dirname, '..');
const BIN = path.join(ROOT, pkg.bin['node-red-auth-jwt']);

let tmp;
before(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'nraj-cli-'));
});
after(() => {
  fs.rmSync(tmp, { recursive: true, force: true });
});

function cli(...args) {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd: tmp, encoding: 'utf8', timeout: 30000 });
  assert.equal(r.error, undefined, `spawn failed: ${r.error}`);
  return r;
}

function ok(...args) {
  const r = cli(...args);
  assert.equal(r.status, 0, `exit ${r.status}, stderr: ${r.stderr}`);
  assert.equal(r.stderr, '');
  return r.stdout;
}

function decodePart(token, i) {
  return JSON.parse(Buffer.from(token.split('.')[i], 'base64url').toString('utf8'));
}

test('package.json "bin" points at an executable script with a node shebang', () => {
  const text = fs.readFileSync(BIN, 'utf8');
  assert.match(text, /^#!\/usr\/bin\/env node\n/);
  assert.ok(fs.statSync(BIN).mode & 0o100, 'bin script is not executable');
  assert.ok(pkg.files.includes('bin/'), 'bin/ is not in package.json "files"');
});

test('--help prints the commands and exits 0', () => {
  const out = ok('--help');
  assert.match(out, /Usage: node-red-auth-jwt <command>/);
  assert.match(out, /keygen/);
  assert.match(out, /token/);
  assert.match(ok('token', '--help'), /--key FILE/);
  assert.match(ok('keygen', '-h'), /--alg EdDSA\|ES256\|RS256/);
});

const KEY_CHECKS = {
  EdDSA: (key) => assert.equal(key.asymmetricKeyType, 'ed25519'),
  ES256: (key) => {
    assert.equal(key.asymmetricKeyType, 'ec');
    assert.equal(key.asymmetricKeyDetails.namedCurve, 'prime256v1');
  },
  RS256: (key) => {
    assert.equal(key.asymmetricKeyType, 'rsa');
    assert.ok(key.asymmetricKeyDetails.modulusLength >= 2048);
  },
};

for (const alg of ['EdDSA', 'ES256', 'RS256']) {
  describe(`keygen --alg ${alg} then token`, () => {
    let dir;
    let publicPem;
    let token;

    before(() => {
      dir = path.join(tmp, alg);
      const out = ok('keygen', '--alg', alg, '--out', dir);
      assert.match(out, new RegExp(`${alg} key pair written`));
      publicPem = fs.readFileSync(path.join(dir, 'public.pem'), 'utf8');
      token = ok(
        'token', '--key', path.join(dir, 'private.pem'), '--sub', 'alice', '--aud', 'node-red', '--iss', 'home-lab',
        '--exp', '10m', '--permissions', 'read', '--claim', 'team=ops', '--claim', 'level=5', '--claim', 'groups=["a","b"]',
      ).trim();
    });

    test('writes a PKCS#8 private key (mode 0600) and its SPKI public key', () => {
      const privPath = path.join(dir, 'private.pem');
      assert.equal(fs.statSync(privPath).mode & 0o777, 0o600);
      const priv = crypto.createPrivateKey(fs.readFileSync(privPath));
      assert.match(fs.readFileSync(privPath, 'utf8'), /^-----BEGIN PRIVATE KEY-----/);
      assert.match(publicPem, /^-----BEGIN PUBLIC KEY-----/);
      KEY_CHECKS[alg](priv);
      const derived = crypto.createPublicKey(priv).export({ type: 'spki', format: 'pem' });
      assert.equal(derived, publicPem, 'public.pem is not the public half of private.pem');
    });

    test('the token header names the algorithm of the key', () => {
      assert.match(token, /^[\w-]+\.[\w-]+\.[\w-]+$/);
      assert.deepEqual(decodePart(token, 0), { alg, typ: 'JWT' });
    });

    test('the token verifies with this package\'s verify and carries the claims asked for', () => {
      const payload = verify(token, publicPem, { algorithms: [alg], audience: 'node-red', issuer: 'home-lab' });
      assert.equal(payload.sub, 'alice');
      assert.equal(payload.aud, 'node-red');
      assert.equal(payload.iss, 'home-lab');
      assert.equal(payload.permissions, 'read');
      assert.equal(payload.team, 'ops');
      assert.equal(payload.level, 5);
      assert.deepEqual(payload.groups, ['a', 'b']);
      assert.equal(payload.exp - payload.iat, 600);
      assert.ok(Math.abs(payload.iat - Date.now() / 1000) < 120, 'iat is not about now');
    });

    test('the token is refused for another audience and for another algorithm', () => {
      assert.throws(() => verify(token, publicPem, { algorithms: [alg], audience: 'other' }), /audience invalid/);
      const otherAlg = alg === 'RS256' ? 'PS256' : 'RS256';
      assert.throws(() => verify(token, publicPem, { algorithms: [otherAlg] }));
    });

    if (alg === 'EdDSA') {
      test('the Ed25519 signature verifies with node:crypto (jsonwebtoken has no EdDSA)', () => {
        const [h, p, s] = token.split('.');
        const key = crypto.createPublicKey(publicPem);
        assert.equal(crypto.verify(null, Buffer.from(`${h}.${p}`), key, Buffer.from(s, 'base64url')), true);
        assert.equal(crypto.verify(null, Buffer.from(`${h}.${p}x`), key, Buffer.from(s, 'base64url')), false);
      });
    } else {
      test('the token verifies with jsonwebtoken', () => {
        const payload = jsonwebtoken.verify(token, publicPem, { algorithms: [alg], audience: 'node-red', issuer: 'home-lab' });
        assert.equal(payload.sub, 'alice');
        assert.equal(payload.permissions, 'read');
        const [h, , s] = token.split('.');
        const tampered = `${h}.${Buffer.from(JSON.stringify({ ...payload, permissions: '*' })).toString('base64url')}.${s}`;
        assert.throws(() => jsonwebtoken.verify(tampered, publicPem, { algorithms: [alg] }), /invalid signature/);
      });
    }

    test('keygen refuses to overwrite the key pair unless --force', () => {
      const before = fs.readFileSync(path.join(dir, 'private.pem'), 'utf8');
      const r = cli('keygen', '--alg', alg, '--out', dir);
      assert.equal(r.status, 2);
      assert.match(r.stderr, /already exists; use --force/);
      assert.equal(fs.readFileSync(path.join(dir, 'private.pem'), 'utf8'), before);
      if (alg === 'EdDSA') {
        ok('keygen', '--alg', alg, '--out', dir, '--force');
        assert.notEqual(fs.readFileSync(path.join(dir, 'private.pem'), 'utf8'), before);
        assert.throws(() => verify(token, fs.readFileSync(path.join(dir, 'public.pem'), 'utf8'), { algorithms: [alg] }),
          /invalid signature/);
      }
    });
  });
}

test('keygen defaults to EdDSA in the current directory', () => {
  const cwdDir = path.join(tmp, 'default');
  fs.mkdirSync(cwdDir);
  const r = spawnSync(process.execPath, [BIN, 'keygen'], { cwd: cwdDir, encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  assert.equal(crypto.createPublicKey(fs.readFileSync(path.join(cwdDir, 'public.pem'))).asymmetricKeyType, 'ed25519');
});

test('token: default lifetime is one hour; several --aud give an array; a comma list of permissions an array', () => {
  const key = path.join(tmp, 'ES256', 'private.pem');
  const token = ok('token', '--key', key, '--sub', 'bob', '--aud', 'a', '--aud', 'b', '--permissions', 'flows.read,flows.write').trim();
  const payload = decodePart(token, 1);
  assert.equal(payload.exp - payload.iat, 3600);
  assert.deepEqual(payload.aud, ['a', 'b']);
  assert.deepEqual(payload.permissions, ['flows.read', 'flows.write']);
  assert.equal(payload.iss, undefined);
});

test('token --kid puts the key id in the header', () => {
  const token = ok('token', '--key', path.join(tmp, 'RS256', 'private.pem'), '--sub', 'bob', '--kid', 'home-1').trim();
  assert.deepEqual(decodePart(token, 0), { alg: 'RS256', typ: 'JWT', kid: 'home-1' });
});

describe('bad usage exits 2 with a message on stderr and nothing on stdout', () => {
  const key = () => path.join(tmp, 'ES256', 'private.pem');
  const pub = () => path.join(tmp, 'ES256', 'public.pem');
  const cases = [
    ['no command', () => [], /a command is required/],
    ['unknown command', () => ['frobnicate'], /unknown command "frobnicate"/],
    ['unknown option', () => ['token', '--key', key(), '--sub', 'a', '--bogus'], /Unknown option '--bogus'/],
    ['stray argument', () => ['token', '--key', key(), '--sub', 'a', 'extra'], /Unexpected argument 'extra'/],
    ['option without its value', () => ['token', '--key', key(), '--sub'], /--sub.*argument missing/],
    ['token without --key', () => ['token', '--sub', 'a'], /--key is required/],
    ['token without --sub', () => ['token', '--key', key()], /--sub is required/],
    ['a key file that does not exist', () => ['token', '--key', path.join(tmp, 'nope.pem'), '--sub', 'a'], /cannot read --key .*ENOENT/],
    ['a public key given to sign', () => ['token', '--key', pub(), '--sub', 'a'], /this is a public key/],
    ['a lifetime that is not one', () => ['token', '--key', key(), '--sub', 'a', '--exp', 'soon'], /--exp "soon" is not a lifetime/],
    ['a claim without =', () => ['token', '--key', key(), '--sub', 'a', '--claim', 'novalue'], /must look like name=value/],
    ['a claim that overrides exp', () => ['token', '--key', key(), '--sub', 'a', '--claim', 'exp=1'], /cannot set "exp"/],
    ['keygen with an unknown algorithm', () => ['keygen', '--alg', 'HS256', '--out', path.join(tmp, 'x')], /--alg must be one of EdDSA, ES256, RS256/],
    ['keygen RSA under 2048 bits', () => ['keygen', '--alg', 'RS256', '--bits', '1024', '--out', path.join(tmp, 'x')], /from 2048 to 8192/],
    ['keygen RSA over 8192 bits (the verifier refuses them)', () => ['keygen', '--alg', 'RS256', '--bits', '16384', '--out', path.join(tmp, 'x')], /from 2048 to 8192/],
    ['keygen --bits without RS256', () => ['keygen', '--bits', '4096', '--out', path.join(tmp, 'x')], /only to --alg RS256/],
  ];
  for (const [name, args, message] of cases) {
    test(name, () => {
      const r = cli(...args());
      assert.equal(r.status, 2, `exit ${r.status}; stderr: ${r.stderr}`);
      assert.match(r.stderr, message);
      assert.match(r.stderr, /See "node-red-auth-jwt( \w+)? --help"/);
      assert.doesNotMatch(r.stderr, /\n\s+at /, 'a stack trace was printed');
      assert.equal(r.stdout, '');
    });
  }
  test('nothing was written by the refused keygen calls', () => {
    assert.equal(fs.existsSync(path.join(tmp, 'x')), false);
  });
});
