'use strict';
// Every call into the Rust core goes through this file, and it is the only one that knows how the core
// answers (src/node/mod.rs): a call returns its result as a string (payload or header JSON, which always
// starts with "{", or a key index) or a failure encoded as `!CODE\tSECONDS\tMESSAGE`; the verifier's
// constructor throws an Error whose message is `CODE\tMESSAGE`. A failed token is an ordinary answer, not an
// exception, so a flood of junk tokens costs no Error until one is needed.

const native = require('./native');
const { fromCode, keyInvalid } = require('../errors');

const FAILURE_MARK = 33; // "!"

/** Whether a core answer is an encoded failure. On the hot path: one character compare. */
function isFailure(answer) {
  return answer.charCodeAt(0) === FAILURE_MARK;
}

/** The JS error for an encoded failure; `options` (verify options) completes the identity-claim messages. */
function failure(answer, options) {
  const firstTab = answer.indexOf('\t');
  const secondTab = answer.indexOf('\t', firstTab + 1);
  const code = answer.slice(1, firstTab);
  const seconds = Number(answer.slice(firstTab + 1, secondTab));
  return fromCode(code, answer.slice(secondTab + 1), seconds, options);
}

/** The JS error for a constructor's `CODE\tMESSAGE` throw (anything else is reported as bad key material). */
function thrown(err) {
  const text = String(err && err.message);
  const tab = text.indexOf('\t');
  if (tab < 0) return keyInvalid('', err);
  return fromCode(text.slice(0, tab), text.slice(tab + 1));
}

/**
 * Compiles a key (kind: secret, pem, jwk, jwks or remote-jwks) and verify options (JSON text) into a native
 * verifier. Throws the JS error for bad key material or options.
 */
function compile(kind, material, optionsJson) {
  try {
    return new native.NativeVerifier(kind, material, optionsJson);
  } catch (err) {
    throw thrown(err);
  }
}

/**
 * `(token) => answer`, the per-request call of a compiled verifier: a raw Node-API function (see
 * src/node/fast.rs). Test the answer with isFailure, decode it with failure.
 */
function verifyFunction(verifier) {
  return verifier.verifyFunction();
}

/** Which key of a compiled set fits a token's header segment: its index, or an Error (ERR_JWKS_NO_MATCHING_KEY when none). */
function selectKey(verifier, headerSegment) {
  const answer = verifier.selectKey(headerSegment);
  return isFailure(answer) ? failure(answer) : Number(answer);
}

function sizeLimit(limit) {
  return Math.max(0, Math.min(limit, 0xffffffff));
}

/** The parsed header of a well-formed token no longer than `limit` bytes, or an Error. */
function decodeHeader(token, limit) {
  const answer = native.decodeHeader(token, sizeLimit(limit));
  return isFailure(answer) ? failure(answer) : JSON.parse(answer);
}

/** The same for a token's first segment alone. */
function decodeHeaderSegment(segment, limit) {
  const answer = native.NativeVerifier.decodeHeaderSegment(segment, sizeLimit(limit));
  return isFailure(answer) ? failure(answer) : JSON.parse(answer);
}

module.exports = { compile, verifyFunction, selectKey, decodeHeader, decodeHeaderSegment, isFailure, failure };
