'use strict';
// A local JWKS + OpenID discovery server on 127.0.0.1 for the tests. It holds real key pairs, signs tokens with
// them, and can misbehave on demand: down, slow, garbage, huge, HTTP errors, leaked private keys.

const crypto = require('crypto');
const http = require('http');

const { sign } = require('./jws');

// The key pair each algorithm signs with; the signing itself is the tests' one signer, jws.js.
const KEY_TYPES = {
  RS256: { type: 'rsa' },
  RS384: { type: 'rsa' },
  RS512: { type: 'rsa' },
  PS256: { type: 'rsa' },
  ES256: { type: 'ec', curve: 'P-256' },
  ES384: { type: 'ec', curve: 'P-384' },
  ES512: { type: 'ec', curve: 'P-521' },
  EdDSA: { type: 'ed25519' },
};

function generate(alg) {
  const spec = KEY_TYPES[alg];
  if (!spec) throw new Error(`jwks-server: no signer for ${alg}`);
  if (spec.type === 'rsa') return crypto.generateKeyPairSync('rsa', { modulusLength: 2048 });
  if (spec.type === 'ec') return crypto.generateKeyPairSync('ec', { namedCurve: spec.curve });
  return crypto.generateKeyPairSync('ed25519');
}

/**
 * Signs a JWT with a private KeyObject, always as `alg` (the key's own), even where `header` (which extends
 * {alg, typ, kid}) claims another. `iat` is added unless given.
 */
function signToken(privateKey, alg, payload, header = {}) {
  return sign({ iat: Math.floor(Date.now() / 1000), ...payload }, privateKey, { alg, typ: 'JWT', ...header }, alg);
}

class SigningKey {
  constructor(kid, alg) {
    const { publicKey, privateKey } = generate(alg);
    this.kid = kid;
    this.alg = alg;
    this.publicKey = publicKey;
    this.privateKey = privateKey;
  }

  get jwk() {
    return { ...this.publicKey.export({ format: 'jwk' }), kid: this.kid, alg: this.alg, use: 'sig' };
  }

  get privateJwk() {
    return { ...this.privateKey.export({ format: 'jwk' }), kid: this.kid, alg: this.alg, use: 'sig' };
  }

  /** A token signed by this key; `header` may override kid (e.g. a random one) or add fields. */
  sign(payload, header = {}) {
    return signToken(this.privateKey, this.alg, payload, { kid: this.kid, ...header });
  }
}

/**
 * Starts the server. Options: `jwksPath` (default /jwks), `keys` (array of [kid, alg], default one RS256 key),
 * `issuerPath` (added to the origin to form the issuer, default ''; may end in "/", as Auth0's and
 * authentik's issuers do).
 */
async function startJwksServer(options = {}) {
  const jwksPath = options.jwksPath || '/jwks';
  const keys = new Map();
  const timers = new Set();
  const state = {
    mode: 'ok',
    delayMs: 60_000,
    hits: new Map(),
    discovery: null, // overrides of the OpenID configuration document
  };

  const server = http.createServer((req, res) => {
    const path = new URL(req.url, 'http://127.0.0.1').pathname;
    state.hits.set(path, (state.hits.get(path) || 0) + 1);
    if (path === api.discoveryPath) return sendDiscovery(res);
    if (path === jwksPath) return sendJwks(req, res);
    res.writeHead(404).end();
  });

  function later(fn, delay) {
    const timer = setTimeout(() => {
      timers.delete(timer);
      fn();
    }, delay);
    timers.add(timer);
  }

  function setText() {
    return JSON.stringify({ keys: [...keys.values()].map((k) => k.jwk) });
  }

  function sendJson(res, text, extraHeaders = {}) {
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text), ...extraHeaders });
    res.end(text);
  }

  function sendDiscovery(res) {
    const doc = { issuer: api.issuer, jwks_uri: api.jwksUri, ...(state.discovery || {}) };
    sendJson(res, JSON.stringify(doc));
  }

  function sendJwks(req, res) {
    const text = setText();
    switch (state.mode) {
      case 'ok':
        return sendJson(res, text);
      case 'down':
        return req.socket.destroy();
      case 'slow':
        return later(() => sendJson(res, text), state.delayMs);
      case 'slow-body': {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.write(text.slice(0, 5));
        return later(() => res.end(text.slice(5)), state.delayMs);
      }
      case 'garbage':
        return sendJson(res, '{"keys": [ this is not json');
      case 'not-a-set':
        return sendJson(res, JSON.stringify({ hello: 'world' }));
      case 'empty':
        return sendJson(res, JSON.stringify({ keys: [] }));
      case 'huge': {
        // A valid set padded past the cap: only the cap rejects it.
        const padded = JSON.stringify({ keys: JSON.parse(text).keys, padding: 'x'.repeat(1024 * 1024) });
        return sendJson(res, padded);
      }
      case 'huge-chunked': {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.write(`{"keys":${JSON.stringify(JSON.parse(text).keys)},"padding":"`);
        const chunk = 'x'.repeat(64 * 1024);
        let sent = 0;
        const pump = () => {
          while (sent < 16 && !res.destroyed) {
            sent += 1;
            if (!res.write(chunk)) return res.once('drain', pump);
          }
          if (!res.destroyed) res.end('"}');
          return undefined;
        };
        res.on('error', () => {});
        return pump();
      }
      case 'status500':
        return res.writeHead(500, { 'content-type': 'text/plain' }).end('internal error');
      case 'redirect':
        return res.writeHead(302, { location: 'http://127.0.0.1:1/jwks' }).end();
      case 'private': {
        const leaked = [...keys.values()].map((k) => k.privateJwk);
        return sendJson(res, JSON.stringify({ keys: leaked }));
      }
      case 'oct': {
        const withSecret = [...keys.values()].map((k) => k.jwk);
        withSecret.push({ kty: 'oct', k: crypto.randomBytes(32).toString('base64url'), kid: 'hmac', alg: 'HS256' });
        return sendJson(res, JSON.stringify({ keys: withSecret }));
      }
      default:
        return res.writeHead(500).end();
    }
  }

  await listen(0);

  function listen(port) {
    return new Promise((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => {
        server.off('error', reject);
        resolve();
      });
    });
  }

  const api = {
    port: server.address().port,
    issuerPath: options.issuerPath || '',
    get origin() {
      return `http://127.0.0.1:${this.port}`;
    },
    get issuer() {
      return `${this.origin}${this.issuerPath}`;
    },
    get jwksUri() {
      return `${this.origin}${jwksPath}`;
    },
    /** How many times the key set (or another path) was requested. */
    fetches(path = jwksPath) {
      return state.hits.get(path) || 0;
    },
    /** Where discovery looks: the issuer without a trailing "/", plus /.well-known/openid-configuration. */
    get discoveryPath() {
      return `${this.issuerPath.replace(/\/$/, '')}/.well-known/openid-configuration`;
    },
    get discoveryFetches() {
      return state.hits.get(this.discoveryPath) || 0;
    },
    addKey(kid, alg = 'RS256') {
      const key = new SigningKey(kid, alg);
      keys.set(kid, key);
      return key;
    },
    removeKey(kid) {
      keys.delete(kid);
    },
    key(kid) {
      return keys.get(kid);
    },
    /** ok | down | slow | slow-body | garbage | not-a-set | empty | huge | huge-chunked | status500 | redirect | private | oct */
    setMode(mode, delayMs) {
      state.mode = mode;
      if (delayMs !== undefined) state.delayMs = delayMs;
    },
    /** Fields that replace those of the OpenID configuration document (e.g. a different issuer). */
    setDiscovery(overrides) {
      state.discovery = overrides;
    },
    /** Stops listening (connections refused) but keeps the keys; `start()` listens again on the same port. */
    async stop() {
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
      if (!server.listening) return;
      const closed = new Promise((resolve) => server.close(resolve));
      server.closeAllConnections();
      await closed;
    },
    async start() {
      if (!server.listening) await listen(api.port);
    },
  };

  for (const [kid, alg] of options.keys || [['key-1', 'RS256']]) api.addKey(kid, alg);
  return api;
}

module.exports = { startJwksServer, signToken, SigningKey };
