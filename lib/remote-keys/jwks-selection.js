'use strict';
// One fetched key set and the question the cache asks of it: does it hold a key for this token's header?
// The Rust core answers (its key selection, the same that verification uses); the fetching and caching
// around it is jwks.js.

const core = require('../verification/core');
const { jwtError, keyProblem } = require('../errors');
const { CODE } = require('../error-codes');
const { REMOTE_JWKS } = require('../verification/key-material');

// Real JOSE headers are a few hundred bytes. Longer ones are looked up but their answer is never cached (the
// cache must stay small); one longer than the default token limit is refused before any lookup.
const MAX_CACHED_HEADER = 1024;
const MAX_HEADER = 16384;
// Every algorithm a public key can verify: selection must not rule out a key type the next set may bring.
const SELECTION_OPTIONS = JSON.stringify({
  algorithms: ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512', 'EdDSA'],
  maxTokenBytes: MAX_HEADER,
});
const MAX_CACHED_SELECTIONS = 256;

function deepFreeze(value) {
  if (value && typeof value === 'object') {
    for (const inner of Object.values(value)) deepFreeze(inner);
    Object.freeze(value);
  }
  return value;
}

/**
 * A token's header segment, checked before anything is fetched for it: the segment, or the Error the verify
 * layer would give for it anyway (junk never causes a fetch).
 */
function headerSegmentOf(token) {
  if (typeof token !== 'string') return jwtError('jwt must be a string', CODE.ERR_JWT_NOT_STRING);
  const dot = token.indexOf('.');
  const segment = dot < 0 ? token : token.slice(0, dot);
  if (segment.length > MAX_HEADER) return jwtError('jwt too large', CODE.ERR_JWT_TOO_LARGE);
  return segment;
}

/**
 * One fetched set: the frozen object tagged with REMOTE_JWKS that the verify layer compiles, what is known
 * about which headers it has a key for, and the verifiers compiled from it.
 */
class KeySetEntry {
  constructor(text, fetchedAt) {
    try {
      // Compiling here validates the set in the core before it replaces a good one.
      this.selector = core.compile('remote-jwks', text, SELECTION_OPTIONS);
    } catch (err) {
      // The core's message is fixed text from its error table (never the response body).
      throw jwtError(`the key set is not valid: ${keyProblem(err)}`, CODE.ERR_JWKS_INVALID);
    }
    const parsed = JSON.parse(text);
    const set = { keys: parsed.keys };
    Object.defineProperty(set, REMOTE_JWKS, { value: text });
    this.set = deepFreeze(set);
    this.text = text;
    this.fetchedAt = fetchedAt;
    this.probes = new Map(); // header segment -> whether the set lacks a key for it
    this.verifiers = new WeakMap(); // verifier options object -> CompiledVerifier
  }

  /** Whether a cached answer says the set has a key for this header segment (the hot path: one Map lookup). */
  knownToHave(headerSegment) {
    return this.probes.get(headerSegment) === false;
  }

  lacksKeyFor(headerSegment) {
    let missing = this.probes.get(headerSegment);
    if (missing === undefined) {
      // Any other answer (a bad header, an algorithm no public key has) is left for the verify layer to report.
      const selected = core.selectKey(this.selector, headerSegment);
      missing = selected instanceof Error && selected.code === CODE.ERR_JWKS_NO_MATCHING_KEY;
      if (headerSegment.length <= MAX_CACHED_HEADER) {
        if (this.probes.size >= MAX_CACHED_SELECTIONS) this.probes.clear();
        this.probes.set(headerSegment, missing);
      }
    }
    return missing;
  }
}

/** Null when the header segment is well formed, else the Error verification would give for it. */
function headerError(headerSegment) {
  const header = core.decodeHeaderSegment(headerSegment, MAX_HEADER);
  return header instanceof Error ? header : null;
}

module.exports = { KeySetEntry, headerSegmentOf, headerError };
