'use strict';
// What a refused flow request gets: RFC 6750 §3 for API callers. 401 + `WWW-Authenticate: Bearer` (with
// error="invalid_token" when a token was sent), 403 + error="insufficient_scope" for a good token without the
// rule's role, 503 + Retry-After when the provider's keys cannot be had. Descriptions are fixed texts only
// (node-red/messages.js): nothing the caller sent is echoed.

const REALM = 'node-red';
const RETRY_AFTER_SECONDS = 30;
const FORBIDDEN = 'Token lacks a role this path requires';

function challenge(error, description) {
  let value = `Bearer realm="${REALM}"`;
  if (error) value += `, error="${error}", error_description="${description.replace(/["\\]/g, '')}"`;
  return value;
}

/**
 * @param {import('http').ServerResponse} res
 * @param {{status: number, description: string, tokenSent?: boolean}} refusal
 */
function refuse(res, { status, description, tokenSent = true }) {
  if (res.headersSent) return;
  let error = null;
  res.statusCode = status;
  if (status === 401) {
    error = tokenSent ? 'invalid_token' : null;
    res.setHeader('WWW-Authenticate', challenge(error, description));
  } else if (status === 403) {
    error = 'insufficient_scope';
    res.setHeader('WWW-Authenticate', challenge(error, description));
  } else if (status === 503) {
    error = 'temporarily_unavailable';
    res.setHeader('Retry-After', String(RETRY_AFTER_SECONDS));
  }
  res.setHeader('Cache-Control', 'no-store');
  res.setHeader('Content-Type', 'application/json; charset=utf-8');
  res.end(JSON.stringify({ error: error || 'unauthorized', error_description: description }));
}

module.exports = { refuse, FORBIDDEN, RETRY_AFTER_SECONDS };
