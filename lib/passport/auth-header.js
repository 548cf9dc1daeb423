'use strict';
// Splits an Authorization header value into `{scheme, value}`, with passport-jwt 4.0.1's exact (lenient) rules.

// The first run of non-whitespace is the scheme and the next one the value: leading whitespace is skipped,
// any whitespace (also a tab or a newline) separates the two, and whatever follows the value is ignored.
// Tokens never contain whitespace, so this loses nothing a client could mean. passport-jwt's regex is the
// unanchored /(\S+)\s+(\S+)/, which finds exactly this match, but retries from every position of a first run
// with no second one after it: quadratic, 0.35-0.4 s of CPU measured for one 16 KB header. Anchored after the
// leading whitespace, a failed match gives up in linear time.
const SCHEME_AND_VALUE = /^\s*(\S+)\s+(\S+)/;

/** @returns {{scheme: string, value: string} | null} `null` for a non-string or a value without two parts. */
function parse(headerValue) {
  if (typeof headerValue !== 'string') return null;
  const match = SCHEME_AND_VALUE.exec(headerValue);
  if (match === null) return null;
  return { scheme: match[1], value: match[2] };
}

module.exports = { parse };
