'use strict';
// One HTTP exchange with a provider, bounded in time and size: the transport under the key-set, discovery and
// token-endpoint calls. Redirects are never followed (one could lead from https to plain http), and the body
// is read only up to maxBytes, so a hostile or broken endpoint costs at most that much memory.

const { jwtError } = require('../errors');
const { CODE } = require('../error-codes');

function transportError(err, signal, what) {
  if (signal.aborted) return jwtError(`${what} did not answer in time`, CODE.ERR_FETCH_TIMEOUT);
  const cause = err && err.cause && typeof err.cause.code === 'string' ? ` (${err.cause.code})` : '';
  return jwtError(`${what} could not be reached${cause}`, CODE.ERR_FETCH);
}

/**
 * @param {string} url
 * @param {{method?: string, headers?: object, body?: string, timeout: number, maxBytes: number, what: string}} options
 *   `what` names the endpoint in error messages ("the token endpoint")
 * @returns {Promise<{status: number, text: string} | Error>} never rejects; errors carry a code:
 *   ERR_FETCH_TIMEOUT, ERR_FETCH, ERR_FETCH_TOO_LARGE or ERR_FETCH_ENCODING
 */
async function fetchBounded(url, { method = 'GET', headers, body, timeout, maxBytes, what }) {
  const signal = AbortSignal.timeout(timeout);
  let response;
  try {
    response = await fetch(url, { method, headers, body, signal, redirect: 'manual' });
  } catch (err) {
    return transportError(err, signal, what);
  }
  const tooLarge = () => jwtError(`${what} sent more than ${maxBytes} bytes`, CODE.ERR_FETCH_TOO_LARGE);
  if (Number(response.headers.get('content-length')) > maxBytes) {
    if (response.body) response.body.cancel().catch(() => {});
    return tooLarge();
  }
  const chunks = [];
  let size = 0;
  try {
    if (response.body) {
      const reader = response.body.getReader();
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        size += value.byteLength;
        if (size > maxBytes) {
          reader.cancel().catch(() => {});
          return tooLarge();
        }
        chunks.push(value);
      }
    }
  } catch (err) {
    return transportError(err, signal, what);
  }
  try {
    return { status: response.status, text: new TextDecoder('utf-8', { fatal: true }).decode(Buffer.concat(chunks)) };
  } catch {
    return jwtError(`${what} sent a body that is not UTF-8 text`, CODE.ERR_FETCH_ENCODING);
  }
}

module.exports = { fetchBounded };
