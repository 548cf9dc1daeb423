// Compiled by __test__/types.test.js with `tsc --module nodenext`: the ESM view of the package, as a TypeScript
// user with "type": "module" writes it. __test__/support/named-imports.mjs runs the same imports in Node.
import nodeRedAuthJwt, {
  Strategy, ExtractJwt, verify, jwks, presets, JsonWebTokenError, TokenExpiredError, NotBeforeError,
} from '../../index.js';
import type { AdminAuth, VerifiedCallback, JwtFromRequestFunction, RemoteKeySet } from '../../index.js';

const extractor: JwtFromRequestFunction = ExtractJwt.fromAuthHeaderAsBearerToken();
const strategy = new Strategy(
  { secretOrKey: 'a-secret', jwtFromRequest: extractor, algorithms: ['HS256'] },
  (payload: unknown, done: VerifiedCallback) => done(null, payload),
);
const adminAuth: AdminAuth = nodeRedAuthJwt({ secret: 'a-secret-of-at-least-thirty-two-bytes', users: [] });
const keySet: RemoteKeySet = jwks.createRemoteKeySet({ jwksUri: 'https://idp.example/certs' });
const proxied: AdminAuth = presets.googleIap({ audience: '/projects/1/apps/p' });
verify('a.b.c', 'secret', (err) => {
  if (err instanceof TokenExpiredError) console.log(err.expiredAt);
  if (err instanceof NotBeforeError) console.log(err.date);
  if (err instanceof JsonWebTokenError) console.log(err.code);
});
console.log(strategy.name, adminAuth.type, keySet.jwksUri, proxied.type);
