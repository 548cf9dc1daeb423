'use strict';
// A process-level backstop for three Node-RED bugs (SECURITY.md): an object where a token string is expected
// reaches a map lookup in @node-red/editor-api's auth/tokens.js inside a promise nobody catches, and the
// TypeError, unhandled, ends Node-RED. The editor websocket's `{"auth": {...}}` message has no earlier hook
// (no middleware runs for websocket messages), and the HTTP paths reach it when guard() is not installed.
//
// Only that exact rejection is contained: a TypeError "Cannot convert object to primitive value" thrown by
// Node-RED's tokens.js itself. Every other unhandled rejection keeps Node's own behaviour: while this is the
// only listener, the default mode (throw) is reproduced, so Node-RED logs it and exits as before.

const LOOKUP_ERROR = 'Cannot convert object to primitive value';
const TOKENS_MODULE = /[\\/]@node-red[\\/]editor-api[\\/]lib[\\/]auth[\\/]tokens\.js:\d+/;
// V8 builtins (Array.prototype.join for an array of objects, ...) may sit above Node-RED's frame.
const BUILTIN_FRAME = /^\s*at .*(\(<anonymous>\)|\(native\)|\(node:[^)]*\))\s*$|^\s*at [^(/\\]*$/;
const LOG_EVERY_MS = 60 * 1000;

let installed = null;

/** Whether `reason` is the token-lookup TypeError from Node-RED's auth/tokens.js. */
function isTokenLookupCrash(reason) {
  if (!(reason instanceof TypeError) || reason.message !== LOOKUP_ERROR || typeof reason.stack !== 'string') return false;
  const frames = reason.stack.split('\n').slice(1);
  const first = frames.find((line) => !BUILTIN_FRAME.test(line));
  return first !== undefined && TOKENS_MODULE.test(first);
}

// --unhandled-rejections=<mode> from the command line or NODE_OPTIONS; Node's default is "throw".
function rejectionMode() {
  const args = [...process.execArgv, ...String(process.env.NODE_OPTIONS || '').split(/\s+/)];
  let mode = 'throw';
  for (const arg of args) {
    const m = /^--unhandled-rejections=(.+)$/.exec(arg);
    if (m) mode = m[1];
  }
  return mode;
}

function uncaughtFrom(reason) {
  if (reason instanceof Error) return reason;
  const err = new Error('This error originated either by throwing inside of an async function without a catch block, ' +
    `or by rejecting a promise which was not handled with .catch(). The promise rejected with the reason "${String(reason)}".`);
  err.code = 'ERR_UNHANDLED_REJECTION';
  return err;
}

function createContainment({ log = (line) => console.warn(line), now = Date.now } = {}) {
  let contained = 0;
  let lastLog = -Infinity;
  let sinceLog = 0;

  function onUnhandledRejection(reason) {
    if (isTokenLookupCrash(reason)) {
      contained += 1;
      sinceLog += 1;
      if (now() - lastLog >= LOG_EVERY_MS) {
        // Fixed text: nothing the sender chose is logged. Rate-limited, so a flood cannot fill the log.
        log(`[node-red-auth-jwt] contained ${sinceLog} request${sinceLog > 1 ? 's' : ''} that would have ended Node-RED ` +
          '(an object where a token string is expected; see SECURITY.md)');
        lastLog = now();
        sinceLog = 0;
      }
      return;
    }
    // Someone else listens as well: then Node would not have thrown either, and they decide.
    if (process.listenerCount('unhandledRejection') > 1) return;
    const mode = rejectionMode();
    if (mode === 'strict' || mode === 'none') return; // strict has already raised it; none ignores it
    if (mode === 'warn' || mode === 'warn-with-error-code') {
      process.emitWarning(uncaughtFrom(reason));
      if (mode === 'warn-with-error-code') process.exitCode = 1;
      return;
    }
    // Node's default: the rejection becomes an uncaught exception, which Node-RED logs before it exits.
    throw uncaughtFrom(reason);
  }

  return { onUnhandledRejection, count: () => contained };
}

/**
 * Installs the backstop once per process (later calls return the same one). Under
 * --unhandled-rejections=strict Node raises the exception before any listener runs, so nothing can be
 * contained; the returned `effective` is then false.
 */
function installContainment() {
  if (installed) return installed;
  const containment = createContainment();
  process.on('unhandledRejection', containment.onUnhandledRejection);
  installed = { ...containment, effective: rejectionMode() !== 'strict' };
  return installed;
}

module.exports = { installContainment, createContainment, isTokenLookupCrash };
