//! The napi binding: thin wrappers that never let a panic reach JavaScript. The one call that is not a
//! napi-rs wrapper, the per-request verify function, is in `fast.rs`.
//!
//! Verification results cross as one string: the payload JSON text on success (always starting with `{`),
//! or `!CODE\tSECONDS\tMESSAGE` on failure. A failed token is an ordinary outcome, not an exception, so a flood
//! of junk tokens costs no JS Error construction until the JS layer decides it needs one.

use crate::error::JwtError;
use crate::verify::{self, KeyInput, Verifier};
use napi::bindgen_prelude::{Buffer, Either, Env, Unknown};
use napi_derive::napi;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::Arc;

mod fast;

pub(crate) fn encode_error(e: &JwtError) -> String {
    let time = e.time().map(|t| t.to_string()).unwrap_or_default();
    format!("!{}\t{}\t{}", e.code(), time, e.message())
}

/// Runs `f`, turning a panic into `ERR_JWT_INTERNAL` instead of aborting the Node process.
pub(crate) fn guarded<T>(f: impl FnOnce() -> Result<T, JwtError>) -> Result<T, JwtError> {
    catch_unwind(AssertUnwindSafe(f)).unwrap_or(Err(JwtError::Internal))
}

/// A call's answer as JavaScript gets it: the result text, or the encoded failure. Panic-guarded.
fn answer(f: impl FnOnce() -> Result<String, JwtError>) -> String {
    guarded(f).unwrap_or_else(|e| encode_error(&e))
}

fn to_napi(e: JwtError) -> napi::Error {
    napi::Error::new(
        napi::Status::InvalidArg,
        format!("{}\t{}", e.code(), e.message()),
    )
}

#[napi]
pub struct NativeVerifier {
    // Shared with the functions `verifyFunction` hands out, which may outlive this object.
    inner: Arc<Verifier>,
}

#[napi]
impl NativeVerifier {
    /// `kind` is one of `secret`, `pem`, `jwk`, `jwks`, `remote-jwks`. Throws `CODE\tmessage` on bad input.
    #[napi(constructor)]
    pub fn new(kind: String, key: Either<String, Buffer>, options: String) -> napi::Result<Self> {
        guarded(|| {
            let bytes: &[u8] = match &key {
                Either::A(s) => s.as_bytes(),
                Either::B(b) => b.as_ref(),
            };
            let text = || {
                std::str::from_utf8(bytes)
                    .map_err(|_| JwtError::KeyInvalid("the key is not UTF-8 text".into()))
            };
            let input = match kind.as_str() {
                "secret" => KeyInput::Secret(bytes),
                "pem" => KeyInput::Pem(bytes),
                "jwk" => KeyInput::Jwk(text()?),
                "jwks" => KeyInput::Jwks(text()?),
                "remote-jwks" => KeyInput::RemoteJwks(text()?),
                _ => return Err(JwtError::KeyInvalid("unknown key kind".into())),
            };
            Verifier::new(input, &options)
        })
        .map(|inner| NativeVerifier {
            inner: Arc::new(inner),
        })
        .map_err(to_napi)
    }

    #[napi]
    pub fn verify(&self, token: String) -> String {
        answer(|| self.inner.verify(&token))
    }

    /// A plain JS function `(token: string) => string` bound to this verifier, with the same results as
    /// `verify`: the per-request hot path (see `fast.rs` for why it exists).
    #[napi(ts_return_type = "(token: string) => string")]
    pub fn verify_function<'env>(&self, env: &'env Env) -> napi::Result<Unknown<'env>> {
        fast::verify_function(env, Arc::clone(&self.inner))
    }

    /// `decodeHeader` for a token's first segment alone, so a key-set cache can refuse junk before it fetches.
    /// A static method because the loader (lib/verification/native.js) hands JS the class, not a list of functions.
    #[napi]
    pub fn decode_header_segment(segment: String, max_token_bytes: u32) -> String {
        answer(|| verify::decode_header_segment(&segment, max_token_bytes as usize))
    }

    /// Which key of this set fits a token with this header segment, before any signature is checked: the
    /// key's index as decimal text, or the encoded error (`ERR_JWKS_NO_MATCHING_KEY` when none fits).
    #[napi]
    pub fn select_key(&self, header_segment: String) -> String {
        answer(|| {
            self.inner
                .select_key(&header_segment)
                .map(|index| index.to_string())
        })
    }
}

/// The header JSON of a well-formed token, or the encoded error, for key lookup by `kid` in JS.
#[napi]
pub fn decode_header(token: String, max_token_bytes: u32) -> String {
    answer(|| verify::decode_header(&token, max_token_bytes as usize))
}

/// Drives the panic guard on purpose so the test suite can prove a panic never reaches JavaScript.
#[napi]
pub fn panic_probe() -> String {
    match guarded::<()>(|| panic!("deliberate panic from panicProbe")) {
        Ok(()) => String::new(),
        Err(e) => encode_error(&e),
    }
}
