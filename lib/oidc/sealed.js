'use strict';
// Values the browser carries for us and may not read or change: AES-256-GCM under a key that lives only in
// this process. The purpose is bound in as associated data, so a value sealed for one cookie cannot be
// replayed as another, and every sealed value carries its own expiry.

const crypto = require('crypto');

const IV_BYTES = 12;
const TAG_BYTES = 16;

function createSealer() {
  const key = crypto.randomBytes(32);

  /** @returns {string} base64url text */
  function seal(purpose, value, ttlMs) {
    const iv = crypto.randomBytes(IV_BYTES);
    const cipher = crypto.createCipheriv('aes-256-gcm', key, iv);
    cipher.setAAD(Buffer.from(purpose));
    const plain = Buffer.from(JSON.stringify({ v: value, exp: Date.now() + ttlMs }));
    const body = Buffer.concat([cipher.update(plain), cipher.final()]);
    return Buffer.concat([iv, body, cipher.getAuthTag()]).toString('base64url');
  }

  /** The sealed value, or null when it is not ours, was changed, was sealed for another purpose or expired. */
  function open(purpose, text) {
    if (typeof text !== 'string' || text.length > 8192 || !/^[A-Za-z0-9_-]+$/.test(text)) return null;
    const raw = Buffer.from(text, 'base64url');
    if (raw.length < IV_BYTES + TAG_BYTES + 2) return null;
    try {
      const decipher = crypto.createDecipheriv('aes-256-gcm', key, raw.subarray(0, IV_BYTES));
      decipher.setAAD(Buffer.from(purpose));
      decipher.setAuthTag(raw.subarray(raw.length - TAG_BYTES));
      const plain = Buffer.concat([decipher.update(raw.subarray(IV_BYTES, raw.length - TAG_BYTES)), decipher.final()]);
      const parsed = JSON.parse(plain.toString('utf8'));
      if (!parsed || typeof parsed.exp !== 'number' || parsed.exp <= Date.now()) return null;
      return parsed.v;
    } catch {
      return null;
    }
  }

  return { seal, open };
}

module.exports = { createSealer };
