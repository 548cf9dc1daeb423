'use strict';
// Remote key sets (JWKS): fetch, cache, cooldown. The only network code in the package.
//
// The Rust core parses the set and chooses the key (jwks-selection.js asks it); this file only decides when to
// fetch. A set that was fetched is handed to the verify layer as a frozen object tagged with REMOTE_JWKS, which
// compiles as kind 'remote-jwks' (private and symmetric keys refused). The same object is returned until the
// set's text changes, so the verify layer's per-object cache compiles each set once.

const ms = require('ms');
const { jwtError } = require('../errors');
const { CODE } = require('../error-codes');
const { CompiledVerifier } = require('../verification/verify');
const { KeySetEntry, headerSegmentOf, headerError } = require('./jwks-selection');
const discovery = require('./discovery');
const { fetchBounded } = require('./bounded-fetch');

const DEFAULTS = {
  timeout: 5000,
  cooldown: 30000,
  cacheMaxAge: 10 * 60 * 1000,
  maxAge: 24 * 60 * 60 * 1000,
  maxBytes: 512 * 1024,
};

// While no key set is usable, a failed fetch is retried sooner than the cooldown: after 1 s, then 2 s, 4 s, ...
// up to the cooldown. Otherwise a cold start with the provider down would refuse every sign-in for a whole
// cooldown after the provider is back. Still one fetch at a time and one per interval, so a flood of requests
// cannot hammer a provider that is down.
const COLD_RETRY_START = 1000;

// Options of jwks-rsa's passportJwtSecret that are accepted, so call sites move over unchanged, but not needed:
// the cache is always on and the cooldown replaces the rate limit.
const JWKS_RSA_IGNORED = new Set(['cache', 'cacheMaxEntries', 'rateLimit', 'jwksRequestsPerMinute']);
const KNOWN = new Set([
  'jwksUri', 'issuer', 'discovery', 'timeout', 'cooldown', 'cacheMaxAge', 'maxAge', 'maxBytes', 'requestHeaders',
  ...JWKS_RSA_IGNORED,
]);

function jwksError(code, message) {
  return jwtError(message, code);
}

function duration(value, name, fallback) {
  if (value === undefined) return fallback;
  const span = typeof value === 'string' ? ms(value) : value;
  if (typeof span !== 'number' || !Number.isFinite(span) || span < 0) {
    throw new TypeError(`jwks: ${name} must be a number of milliseconds or a time span such as "30s"`);
  }
  return span;
}

function parseOptions(options) {
  if (!options || typeof options !== 'object') throw new TypeError('jwks: options must be an object');
  for (const name of Object.keys(options)) {
    if (!KNOWN.has(name)) throw new TypeError(`jwks: unknown option "${name}"`);
  }
  const out = {
    timeout: duration(options.timeout, 'timeout', DEFAULTS.timeout),
    cooldown: duration(options.cooldown, 'cooldown', DEFAULTS.cooldown),
    cacheMaxAge: duration(options.cacheMaxAge, 'cacheMaxAge', DEFAULTS.cacheMaxAge),
    maxAge: duration(options.maxAge, 'maxAge', DEFAULTS.maxAge),
    maxBytes: options.maxBytes === undefined ? DEFAULTS.maxBytes : options.maxBytes,
    headers: { accept: 'application/json' },
    jwksUri: null,
    issuer: null,
  };
  if (out.timeout <= 0) throw new TypeError('jwks: timeout must be more than 0');
  if (!(out.cooldown <= out.cacheMaxAge && out.cacheMaxAge <= out.maxAge)) {
    throw new TypeError('jwks: expected cooldown <= cacheMaxAge <= maxAge');
  }
  if (!Number.isSafeInteger(out.maxBytes) || out.maxBytes <= 0) {
    throw new TypeError('jwks: maxBytes must be a positive integer');
  }
  if (options.requestHeaders !== undefined) {
    const extra = options.requestHeaders;
    if (!extra || typeof extra !== 'object' || Object.values(extra).some((v) => typeof v !== 'string')) {
      throw new TypeError('jwks: requestHeaders must be an object of strings');
    }
    Object.assign(out.headers, extra);
  }
  if (options.discovery) {
    if (options.jwksUri !== undefined) throw new TypeError('jwks: give jwksUri or discovery, not both');
    if (typeof options.issuer !== 'string' || options.issuer === '') {
      throw new TypeError('jwks: discovery needs issuer, a single issuer URL string');
    }
    discovery.configurationUrl(options.issuer); // throws now, at start-up, for a bad issuer URL
    out.issuer = options.issuer;
  } else {
    if (options.jwksUri === undefined) throw new TypeError('jwks: set jwksUri, or issuer with discovery: true');
    out.jwksUri = discovery.checkUrl(options.jwksUri, 'jwksUri').href;
  }
  return out;
}

// The transport's failures as key-set errors, so callers and messages stay those of the key set.
const JWKS_CODES = {
  [CODE.ERR_FETCH_TIMEOUT]: CODE.ERR_JWKS_TIMEOUT,
  [CODE.ERR_FETCH]: CODE.ERR_JWKS_FETCH,
  [CODE.ERR_FETCH_TOO_LARGE]: CODE.ERR_JWKS_TOO_LARGE,
};

/** GETs a URL as UTF-8 text, never more than maxBytes, within the timeout. Resolves the text or an Error. */
async function fetchText(url, { timeout, maxBytes, headers }) {
  const answer = await fetchBounded(url, { headers, timeout, maxBytes, what: 'the key set endpoint' });
  if (answer instanceof Error) {
    if (answer.code === CODE.ERR_FETCH_ENCODING) return jwksError(CODE.ERR_JWKS_INVALID, 'the key set is not UTF-8 text');
    return jwksError(JWKS_CODES[answer.code] || CODE.ERR_JWKS_FETCH, answer.message);
  }
  if (answer.status !== 200) return jwksError(CODE.ERR_JWKS_FETCH, `the key set endpoint answered HTTP ${answer.status}`);
  return answer.text;
}

const NO_OPTIONS = Object.freeze({});

/**
 * A provider's key set, fetched on demand and cached. Never throws or rejects once constructed: every failure
 * comes back as an Error with a code (ERR_JWKS_TIMEOUT, ERR_JWKS_FETCH, ERR_JWKS_TOO_LARGE, ERR_JWKS_INVALID,
 * ERR_OIDC_DISCOVERY), for the caller to `fail` with.
 */
class RemoteKeySet {
  /** `now` (ms since the epoch) is only for tests, which move a clock instead of sleeping. */
  constructor(options, { now = Date.now } = {}) {
    this.options = parseOptions(options);
    this.jwksUri = this.options.jwksUri;
    this.entry = null;
    this.inflight = null;
    this.lastAttempt = -Infinity;
    this.lastError = null;
    this.coldFailures = 0; // failed fetches in a row while no key set was usable
    this.now = now; // the clock for cooldown and ages; tests pass their own, or replace it
  }

  /** The set to verify `token` with (the tagged object), or an Error. Returns a Promise only when it must wait. */
  resolve(token) {
    const headerSegment = headerSegmentOf(token);
    if (headerSegment instanceof Error) return headerSegment;
    const entry = this.usableEntry();
    if (entry && entry.knownToHave(headerSegment)) return entry.set; // the hot path
    // Junk never causes a fetch; the verify layer would reject it with the same error anyway.
    const junk = headerError(headerSegment);
    if (junk) return junk;
    if (!entry) return this.afterFetch(() => this.keyFor(headerSegment, false));
    return this.keyFor(headerSegment, true);
  }

  /** Promise form of resolve(): resolves the tagged set or an Error, never rejects. */
  async getKey(token) {
    return this.resolve(token);
  }

  /** Verifies a token against the set with verify-layer options. Resolves the payload or an Error. */
  async verify(token, verifierOptions) {
    const options = verifierOptions || NO_OPTIONS;
    const set = await this.resolve(token);
    if (set instanceof Error) return set;
    const entry = this.entry && this.entry.set === set ? this.entry : null;
    try {
      let verifier = entry && entry.verifiers.get(options);
      if (!verifier) {
        verifier = new CompiledVerifier(set, options);
        if (entry) entry.verifiers.set(options, verifier);
      }
      return verifier.check(token);
    } catch (err) {
      return err instanceof Error ? err : jwtError('internal error', CODE.ERR_JWT_INTERNAL);
    }
  }

  /** Fetches now, ignoring the cooldown (shares a fetch already under way). Resolves when done, never rejects. */
  reload() {
    return this.startFetch();
  }

  /** Resolves once no fetch is under way. */
  async whenIdle() {
    while (this.inflight) await this.inflight;
  }

  get coolingDown() {
    return this.now() - this.lastAttempt < this.retryInterval();
  }

  /** How long after the last fetch the next may start: the cooldown, or the cold-start backoff. */
  retryInterval() {
    const { cooldown } = this.options;
    if (this.coldFailures === 0 || this.hasUsableEntry()) return cooldown;
    return Math.min(cooldown, COLD_RETRY_START * 2 ** Math.min(this.coldFailures - 1, 30));
  }

  hasUsableEntry() {
    return this.entry !== null && this.now() - this.entry.fetchedAt <= this.options.maxAge;
  }

  keyFor(headerSegment, mayFetch) {
    const entry = this.usableEntry();
    if (!entry) return this.lastError || jwksError(CODE.ERR_JWKS_FETCH, 'no key set could be fetched yet');
    if (!entry.lacksKeyFor(headerSegment)) return entry.set;
    // An unknown kid: the provider may have rotated its keys. One refetch per cooldown, shared by all waiters;
    // otherwise the core answers "no matching key".
    if (mayFetch && (this.inflight || !this.coolingDown)) {
      return this.afterFetch(() => this.keyFor(headerSegment, false));
    }
    return entry.set;
  }

  /** The current set if it may still be used, starting a background refresh when it is getting old. */
  usableEntry() {
    const entry = this.entry;
    if (!entry) return null;
    const age = this.now() - entry.fetchedAt;
    if (age > this.options.maxAge) return null;
    if (age > this.options.cacheMaxAge && !this.inflight && !this.coolingDown) this.startFetch();
    return entry;
  }

  /** Waits for the fetch under way, or starts one unless cooling down, then calls `next`. */
  afterFetch(next) {
    if (!this.inflight && this.coolingDown) return next();
    return this.startFetch().then(next);
  }

  startFetch() {
    if (!this.inflight) {
      this.lastAttempt = this.now();
      this.inflight = this.fetchSet()
        .then((result) => this.apply(result), (err) => this.apply(err instanceof Error ? err : new Error(String(err))))
        .finally(() => {
          this.inflight = null;
        });
    }
    return this.inflight;
  }

  apply(result) {
    if (result instanceof Error) {
      if (!result.code) result.code = CODE.ERR_JWKS_FETCH;
      this.lastError = result;
      if (!this.hasUsableEntry()) this.coldFailures += 1;
      return;
    }
    this.lastError = null;
    this.coldFailures = 0;
    if (this.entry && this.entry.text === result.text) this.entry.fetchedAt = result.fetchedAt;
    else this.entry = result;
  }

  async fetchSet() {
    if (!this.jwksUri) {
      const found = await this.discover();
      if (found instanceof Error) return found;
      this.jwksUri = found;
    }
    const text = await fetchText(this.jwksUri, this.options);
    if (text instanceof Error) return text;
    try {
      return new KeySetEntry(text, this.now());
    } catch (err) {
      return err;
    }
  }

  async discover() {
    const url = discovery.configurationUrl(this.options.issuer);
    const text = await fetchText(url.href, this.options);
    if (text instanceof Error) {
      return jwtError(`OpenID discovery failed: ${text.message}`, text.code === CODE.ERR_JWKS_TIMEOUT ? text.code : CODE.ERR_OIDC_DISCOVERY);
    }
    let document;
    try {
      document = JSON.parse(text);
    } catch {
      return jwtError('the OpenID configuration is not valid JSON', CODE.ERR_OIDC_DISCOVERY);
    }
    return discovery.jwksUriFrom(document, this.options.issuer);
  }
}

function createRemoteKeySet(options, seams) {
  return new RemoteKeySet(options, seams);
}

/**
 * A `secretOrKeyProvider` for the Strategy (a drop-in for jwks-rsa's `passportJwtSecret`). It hands the
 * Strategy the provider's key set; the core picks the key by kid, type, alg and use.
 */
function jwks(options, seams) {
  const keySet = options instanceof RemoteKeySet ? options : new RemoteKeySet(options, seams);
  function secretOrKeyProvider(req, rawJwtToken, done) {
    const out = keySet.resolve(rawJwtToken);
    const deliver = (key) => (key instanceof Error ? done(key) : done(null, key));
    if (!(out instanceof Promise)) return deliver(out);
    // `done` runs outside the promise chain, so an exception it throws is not turned into a rejection that
    // nobody handles (it surfaces as it would from a synchronous call).
    out.then(
      (key) => queueMicrotask(() => deliver(key)),
      () => queueMicrotask(() => done(jwtError('internal error', CODE.ERR_JWT_INTERNAL))),
    );
    return undefined;
  }
  secretOrKeyProvider.keySet = keySet;
  return secretOrKeyProvider;
}

jwks.createRemoteKeySet = createRemoteKeySet;
jwks.RemoteKeySet = RemoteKeySet;

module.exports = { jwks, createRemoteKeySet, RemoteKeySet };
