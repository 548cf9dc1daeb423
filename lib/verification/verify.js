'use strict';
// node jsonwebtoken 9's `verify(token, secretOrKey, options, [callback])`, backed by the Rust core.

const ms = require('ms');
const core = require('./core');
const { fromCode, jwtError, keyInvalid, JsonWebTokenError } = require('../errors');
const { CODE } = require('../error-codes');
const { normalizeKey, REMOTE_JWKS } = require('./key-material');
const { snapshotKey, keyUnchanged } = require('./key-snapshot');

const MAX_CACHED_STRING_KEYS = 64;

function asList(value) {
  return Array.isArray(value) ? value : [value];
}

// jsonwebtoken 9 compares these with ===, so a number never matches a string claim, and a non-string issuer
// is silently not checked at all. Refusing such options fails closed instead of coercing or skipping.
function stringOption(options, name) {
  const value = options[name];
  const values = name === 'issuer' ? asList(value) : [value];
  if (!values.every((v) => typeof v === 'string')) {
    throw jwtError(`"${name}" must be a string${name === 'issuer' ? ' or an array of strings' : ''}`, CODE.ERR_JWT_OPTIONS);
  }
  return values;
}

function nativeOptions(options) {
  const out = {};
  // jwt9 calls `algorithms.indexOf(alg)`, so a single name as a string works there; take it as a list of one
  // (anything that is not a known name, like "RS256,HS256", is still refused when compiled).
  if (options.algorithms !== undefined) {
    out.algorithms = typeof options.algorithms === 'string' ? [options.algorithms] : options.algorithms;
  }
  if (options.issuer) out.issuer = stringOption(options, 'issuer');
  if (options.audience) {
    const audiences = asList(options.audience);
    if (audiences.some((a) => a instanceof RegExp)) out.audienceExternal = true;
    out.audience = audiences.filter((a) => typeof a === 'string');
  }
  if (options.subject) out.subject = stringOption(options, 'subject')[0];
  if (options.jwtid) out.jwtid = stringOption(options, 'jwtid')[0];
  if (options.nonce) out.nonce = options.nonce;
  if (options.ignoreExpiration) out.ignoreExpiration = true;
  if (options.ignoreNotBefore) out.ignoreNotBefore = true;
  if (typeof options.clockTolerance === 'number') out.clockTolerance = options.clockTolerance;
  if (options.clockTimestamp) out.clockTimestamp = options.clockTimestamp;
  if (options.maxTokenBytes !== undefined) out.maxTokenBytes = options.maxTokenBytes;
  if (options.maxAge) {
    if (typeof options.maxAge === 'string') {
      const span = ms(options.maxAge);
      if (typeof span !== 'number') {
        throw jwtError('"maxAge" should be a number of seconds or string representing a timespan eg: "1d", "20h", 60', CODE.ERR_JWT_OPTIONS);
      }
      out.maxAge = span / 1000;
      out.maxAgeFloor = true;
    } else {
      out.maxAge = options.maxAge;
    }
  }
  return out;
}

/** A key and options compiled once into a native verifier. `check(token)` returns the payload or an Error. */
class CompiledVerifier {
  constructor(key, options = {}) {
    const { kind, material } = normalizeKey(key);
    this.options = options;
    this.complete = options.complete === true;
    this.regexAudience = asList(options.audience).some((a) => a instanceof RegExp) ? asList(options.audience) : null;
    // Before compiling: a bad option is reported as itself, not as bad key material.
    const optionsJson = JSON.stringify(nativeOptions(options));
    this.native = core.compile(kind, material, optionsJson);
    // Same results as this.native.verify, as a bare function: the per-request call skips napi-rs's method
    // dispatch (see src/node/fast.rs).
    this.verifyText = core.verifyFunction(this.native);
  }

  check(token) {
    const out = this.verifyText(token);
    if (core.isFailure(out)) return core.failure(out, this.options);
    const payload = JSON.parse(out);
    if (this.regexAudience && !audienceMatches(this.regexAudience, payload.aud)) {
      return fromCode(CODE.ERR_JWT_AUDIENCE, undefined, NaN, this.options);
    }
    if (!this.complete) return payload;
    return { header: core.decodeHeader(token, 1 << 30), payload, signature: token.split('.')[2] };
  }
}

// Deliberately stricter than jsonwebtoken 9 there: a missing `aud` never matches (jwt9 tests the RegExp
// against the string "undefined", so /def/ would let a token without audience in), and a /g or /y RegExp
// is tested from the start every time instead of from wherever the previous token left `lastIndex`.
function audienceMatches(audiences, claim) {
  if (claim === undefined) return false;
  const targets = Array.isArray(claim) ? claim : [claim];
  return targets.some((t) =>
    audiences.some((a) => {
      if (!(a instanceof RegExp)) return a === t;
      a.lastIndex = 0;
      return a.test(t);
    }),
  );
}

// Compiled verifiers are cached per options object (a Strategy reuses one) and then per key, so a PEM is
// parsed once, not per request. Object keys are held weakly, with a snapshot of their contents (a key changed in
// place is recompiled, see key_snapshot.js); string keys in a small bounded map.
const cache = new WeakMap();

// Callers may change an options object between calls (move `clockTimestamp` on, swap an audience in place).
// A verifier compiled from the old values must then never be reused: that would fail open. So each entry
// remembers the values it was built from, one level deep, and is rebuilt when they differ.
function snapshot(options) {
  const names = [];
  const values = [];
  for (const name of Object.keys(options)) {
    const value = options[name];
    names.push(name);
    values.push(Array.isArray(value) ? value.slice() : value);
  }
  return { names, values };
}

const hasOwn = Object.prototype.hasOwnProperty;

// Runs on every verify, so it walks the own keys with for-in (V8 reads them through the object's enum cache,
// without allocating a key array or doing a megamorphic lookup per name) and expects them in the snapshot's
// order. A key deleted and added back changes that order and merely causes a rebuild.
function unchanged(options, snap) {
  const { names, values } = snap;
  let i = 0;
  for (const name in options) {
    if (!hasOwn.call(options, name)) continue;
    if (i >= names.length || name !== names[i]) return false;
    const now = options[name];
    const then = values[i++];
    if (now === then) continue;
    if (!Array.isArray(now) || !Array.isArray(then) || now.length !== then.length) return false;
    for (let k = 0; k < now.length; k++) if (now[k] !== then[k]) return false;
  }
  return i === names.length;
}

function compiled(key, options) {
  let perOptions = cache.get(options);
  if (!perOptions || !unchanged(options, perOptions.snapshot)) {
    perOptions = { snapshot: snapshot(options), strings: new Map(), objects: new WeakMap() };
    cache.set(options, perOptions);
  }
  const isString = typeof key === 'string';
  const store = isString ? perOptions.strings : perOptions.objects;
  let entry = store.get(key);
  if (!entry || !keyUnchanged(key, entry.keySnapshot)) {
    // The snapshot is taken before compiling, so a key changed during compilation is caught on the next call.
    const keySnapshot = isString ? null : snapshotKey(key, typeof key[REMOTE_JWKS] === 'string');
    entry = { verifier: new CompiledVerifier(key, options), keySnapshot };
    if (isString && store.size >= MAX_CACHED_STRING_KEYS) store.clear();
    store.set(key, entry);
  }
  return entry.verifier;
}

const DEFAULT_MAX_TOKEN_BYTES = 16 * 1024;

// The size limit applies before the key is chosen too, so an oversized token is never base64-decoded.
function headerOf(token, options) {
  const limit = options && typeof options.maxTokenBytes === 'number' ? options.maxTokenBytes : DEFAULT_MAX_TOKEN_BYTES;
  return core.decodeHeader(token, limit);
}

function missingKeyError(token, options) {
  const header = headerOf(token, options);
  if (header instanceof Error) return header;
  if (token.split('.')[2].trim() !== '') return jwtError('secret or public key must be provided', CODE.ERR_JWT_NO_KEY);
  if (!options.algorithms) {
    return jwtError('please specify "none" in "algorithms" to verify unsigned tokens', CODE.ERR_JWT_SIGNATURE_REQUIRED);
  }
  // Unsigned tokens are never accepted, whatever `algorithms` says.
  return jwtError('invalid algorithm', CODE.ERR_JWT_ALGORITHM);
}

function check(token, key, options) {
  if (key === undefined || key === null || key === '' || key === false) return missingKeyError(token, options);
  let verifier;
  try {
    verifier = compiled(key, options);
  } catch (err) {
    return err instanceof JsonWebTokenError ? err : keyInvalid(err.message);
  }
  return verifier.check(token);
}

function optionError(options) {
  if (options.clockTimestamp && typeof options.clockTimestamp !== 'number') {
    return jwtError('clockTimestamp must be a number', CODE.ERR_JWT_OPTIONS);
  }
  if (options.nonce !== undefined && (typeof options.nonce !== 'string' || options.nonce.trim() === '')) {
    return jwtError('nonce must be a non-empty string', CODE.ERR_JWT_OPTIONS);
  }
  if (options.allowInvalidAsymmetricKeyTypes !== undefined && typeof options.allowInvalidAsymmetricKeyTypes !== 'boolean') {
    return jwtError('allowInvalidAsymmetricKeyTypes must be a boolean', CODE.ERR_JWT_OPTIONS);
  }
  return null;
}

function throwOrReturn(err, payload) {
  if (err) throw err;
  return payload;
}

/**
 * Same contract as node jsonwebtoken 9's `verify`: without a callback it returns the payload or throws;
 * with one it calls back (synchronously unless the key is a `(header, cb)` function).
 */
function verify(token, secretOrKey, options, callback) {
  if (typeof options === 'function' && !callback) {
    callback = options;
    options = {};
  }
  if (!options) options = {};
  const done = callback || throwOrReturn;
  const optErr = optionError(options);
  if (optErr) return done(optErr);
  if (!token) return done(jwtError('jwt must be provided', CODE.ERR_JWT_MISSING));
  if (typeof token !== 'string') return done(jwtError('jwt must be a string', CODE.ERR_JWT_NOT_STRING));

  if (typeof secretOrKey === 'function') {
    if (!callback) {
      return done(jwtError('verify must be called asynchronous if secret or public key is provided as a callback', CODE.ERR_JWT_OPTIONS));
    }
    const header = headerOf(token, options);
    if (header instanceof Error) return done(header);
    return secretOrKey(header, (err, key) => {
      if (err) return done(jwtError(`error in secret or public key callback: ${err.message}`, CODE.ERR_JWT_KEY_CALLBACK));
      const result = check(token, key, options);
      return result instanceof Error ? done(result) : done(null, result);
    });
  }
  const result = check(token, secretOrKey, options);
  return result instanceof Error ? done(result) : done(null, result);
}

module.exports = { verify, CompiledVerifier, decodeHeader: headerOf };
