'use strict';
// Child process for the JWKS-refresh measurement: serves a key set on 127.0.0.1 (port 0, reported over IPC)
// whose text changes on every fetch (one rotating extra key), so each refresh really replaces the set.
// The parent sends { jwk } (the signing key's public JWK).

const crypto = require('crypto');
const http = require('http');

process.once('message', ({ jwk }) => {
  const extras = [];
  for (let i = 0; i < 8; i++) {
    const { publicKey } = crypto.generateKeyPairSync('rsa', { modulusLength: 2048 });
    extras.push({ ...publicKey.export({ format: 'jwk' }), kid: `extra-${i}`, use: 'sig', alg: 'RS256' });
  }
  let served = 0;
  const server = http.createServer((req, res) => {
    const keys = [jwk, extras[served % extras.length], extras[(served + 3) % extras.length]];
    served++;
    const body = JSON.stringify({ keys });
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
    res.end(body);
  });
  server.listen(0, '127.0.0.1', () => process.send({ port: server.address().port }));
  process.on('disconnect', () => {
    server.close();
    process.exit(0);
  });
});
