'use strict';
// passport-jwt 4.0.1's JwtStrategy contract (options, errors, actions, `this`, synchronous completion),
// verifying with the Rust core. Passport calls `authenticate` on `Object.create(strategy)`, which is why
// this is a plain JS constructor and the per-request object is called `self` below.

const util = require('util');
const PassportStrategy = require('passport-strategy').Strategy;
const { verify: verifyJwt } = require('../verification/verify');
const { JsonWebTokenError } = require('../errors');

// Marks the provider the constructor builds from `secretOrKey`, so `authenticate` can skip its callback.
const kKeyOptions = Symbol('node-red-auth-jwt.keyOptions');

// Options passport-jwt copies from the top level over `jsonWebTokenOptions` (see the constructor).
const TOP_LEVEL_VERIFY_OPTIONS = ['audience', 'issuer', 'algorithms', 'ignoreExpiration'];

/**
 * @param {object} options secretOrKey | secretOrKeyProvider, jwtFromRequest, issuer, audience, algorithms,
 *   ignoreExpiration, passReqToCallback, jsonWebTokenOptions (the same as passport-jwt 4.0.1)
 * @param {Function} verify `(payload, done)`, or `(req, payload, done)` with passReqToCallback; or an `async`
 *   function (or one returning a promise) that resolves with the user, or `false`/`null` for none
 */
function Strategy(options, verify) {
  PassportStrategy.call(this);
  this.name = 'jwt';

  // Same checks, same order, same messages as passport-jwt: code that catches them keeps working.
  this._secretOrKeyProvider = options.secretOrKeyProvider;
  if (options.secretOrKey) {
    if (this._secretOrKeyProvider) {
      throw new TypeError('JwtStrategy has been given both a secretOrKey and a secretOrKeyProvider');
    }
    this._secretOrKeyProvider = fixedKeyProvider(options);
  }
  if (!this._secretOrKeyProvider) {
    throw new TypeError('JwtStrategy requires a secret or key');
  }

  this._verify = verify;
  if (!this._verify) {
    throw new TypeError('JwtStrategy requires a verify callback');
  }

  this._jwtFromRequest = options.jwtFromRequest;
  if (!this._jwtFromRequest) {
    throw new TypeError('JwtStrategy requires a function to retrieve jwt from requests (see option jwtFromRequest)');
  }

  this._passReqToCallback = options.passReqToCallback;

  // Kept exactly as passport-jwt builds it, quirk included: the four top-level options always overwrite
  // the same keys of `jsonWebTokenOptions`, even when they are undefined. So `jsonWebTokenOptions.audience`
  // is ignored (passport-jwt silently accepts any audience then). We keep the shape so that code and tests
  // reading `_verifOpts` see what they saw with passport-jwt, and warn, because that silence fails open.
  const jsonWebTokenOptions = options.jsonWebTokenOptions || {};
  warnAboutIgnoredOptions(options, jsonWebTokenOptions);
  this._verifOpts = Object.assign({}, jsonWebTokenOptions, {
    audience: options.audience,
    issuer: options.issuer,
    algorithms: options.algorithms,
    ignoreExpiration: !!options.ignoreExpiration,
  });
}
util.inherits(Strategy, PassportStrategy);

/**
 * The verifier `authenticate` calls, `(token, secretOrKey, options, callback)`, with node jsonwebtoken 9's
 * contract. It is looked up on every request, so tests may replace it, as passport-jwt's own tests do.
 */
Strategy.JwtVerifier = verifyJwt;

// `options` (from passport.authenticate) is unused, as in passport-jwt.
Strategy.prototype.authenticate = function (req, options) {
  const token = this._jwtFromRequest(req);
  if (!token) {
    return this.fail(new Error('No auth token'));
  }

  // Fast path for the common case: a fixed `secretOrKey` and the default verifier, which then completes
  // synchronously. It returns the payload or throws the jsonwebtoken-style error, so no callback closures
  // are needed. Any other combination takes the general path, which is passport-jwt's own sequence.
  const keyOptions = this._secretOrKeyProvider[kKeyOptions];
  if (keyOptions !== undefined && Strategy.JwtVerifier === verifyJwt) {
    const secretOrKey = keyOptions.secretOrKey;
    if (typeof secretOrKey !== 'function') {
      let payload;
      try {
        payload = verifyJwt(token, secretOrKey, this._verifOpts);
      } catch (err) {
        // Only token and key errors are a `fail`; anything else is a bug and propagates, as it would
        // from the callback form.
        if (err instanceof JsonWebTokenError) return this.fail(err);
        throw err;
      }
      callVerify(this, req, payload);
      return;
    }
  }
  verifyWithProvider(this, req, token);
};

function fixedKeyProvider(options) {
  // Reads `options.secretOrKey` at call time, as passport-jwt does.
  const provider = function (request, rawJwtToken, done) {
    done(null, options.secretOrKey);
  };
  provider[kKeyOptions] = options;
  return provider;
}

function verifyWithProvider(self, req, token) {
  self._secretOrKeyProvider(req, token, function (secretOrKeyError, secretOrKey) {
    if (secretOrKeyError) {
      // `fail`, not `error`, like passport-jwt: a key lookup failure is a 401, and the value is passed as is.
      self.fail(secretOrKeyError);
      return;
    }
    Strategy.JwtVerifier(token, secretOrKey, self._verifOpts, function (jwtError, payload) {
      if (jwtError) return self.fail(jwtError);
      callVerify(self, req, payload);
    });
  });
}

function callVerify(self, req, payload) {
  let settled = false;
  const verified = function (err, user, info) {
    settled = true;
    if (err) return self.error(err);
    if (!user) return self.fail(info);
    return self.success(user, info);
  };
  let result;
  try {
    if (self._passReqToCallback) {
      result = self._verify(req, payload, verified);
    } else {
      result = self._verify(payload, verified);
    }
  } catch (ex) {
    // Deliberate difference from passport-jwt: `success`/`fail`/`error` run synchronously inside this try,
    // and so does whatever Passport runs after them (a custom callback, the next middleware). passport-jwt
    // then reports that later exception through `error` as well, so the request gets a second outcome and a
    // custom callback is called twice. Once `verified` has run, the exception belongs to the caller: rethrow.
    if (settled) throw ex;
    self.error(ex);
    return;
  }
  if (result !== null && typeof result === 'object' && typeof result.then === 'function') {
    settleFromPromise(self, result, verified, () => settled, self._verify.length > (self._passReqToCallback ? 2 : 1));
  }
}

// An `async` verify (an extension over passport-jwt, where it hangs the request or rejects unhandled): a user
// is a success, `false`/`null` a fail, a rejection an error. Whatever settles first, the callback or the
// promise, is the outcome. `undefined` from a verify that takes the callback means "the callback will say".
function settleFromPromise(self, promise, verified, isSettled, takesCallback) {
  Promise.resolve(promise).then(
    (user) => {
      if (isSettled() || (user === undefined && takesCallback)) return;
      runOutside(() => verified(null, user === undefined ? false : user));
    },
    (err) => {
      if (isSettled()) return;
      runOutside(() => verified(err || new Error('verify rejected without a reason')));
    },
  );
}

// Passport's actions run the rest of the request (a custom callback, the next middleware). An exception from
// there must surface as it would from a callback-style verify, not vanish as a rejection of our promise.
function runOutside(action) {
  try {
    action();
  } catch (err) {
    process.nextTick(() => {
      throw err;
    });
  }
}

function warnAboutIgnoredOptions(options, jsonWebTokenOptions) {
  for (const name of TOP_LEVEL_VERIFY_OPTIONS) {
    const nested = jsonWebTokenOptions[name];
    const effective = name === 'ignoreExpiration' ? !!options[name] : options[name];
    if (nested !== undefined && !util.isDeepStrictEqual(nested, effective)) {
      process.emitWarning(
        `jsonWebTokenOptions.${name} is ignored, as in passport-jwt: the top-level ${name} option ` +
          `(${options[name] === undefined ? 'not set' : 'set'}) always wins. Set ${name} at the top level.`,
        { code: 'NODE_RED_AUTH_JWT_IGNORED_OPTION' },
      );
    }
  }
  if (typeof options.ignoreExpiration === 'string') {
    process.emitWarning(
      'ignoreExpiration is a string; any non-empty string (even "false") turns expiry checks off, as in passport-jwt.',
      { code: 'NODE_RED_AUTH_JWT_IGNORED_OPTION' },
    );
  }
}

module.exports = Strategy;
