//! The napi binding: thin wrappers that never let a panic reach JavaScript.
//!
//! Verification results cross as one string: the payload JSON text on success (always starting with `{`),
//! or `!CODE\tSECONDS\tMESSAGE` on failure. A failed token is an ordinary outcome, not an exception, so a flood
//! of junk tokens costs no JS Error construction until the JS layer decides it needs one.

use crate::error::JwtError;
use crate::verify::{self, KeyInput, Verifier};
use napi::bindgen_prelude::{Buffer, Either};
use napi_derive::napi;
use std::panic::{catch_unwind, AssertUnwindSafe};

fn encode_error(e: &JwtError) -> String {
    let time = e.time().map(|t| t.to_string()).unwrap_or_default();
    format!("!{}\t{}\t{}", e.code(), time, e.message())
}

/// Runs `f`, turning a panic into `ERR_JWT_INTERNAL` instead of aborting the Node process.
fn guarded<T>(f: impl FnOnce() -> Result<T, JwtError>) -> Result<T, JwtError> {
    catch_unwind(AssertUnwindSafe(f)).unwrap_or(Err(JwtError::Internal))
}

fn to_napi(e: JwtError) -> napi::Error {
    napi::Error::new(
        napi::Status::InvalidArg,
        format!("{}\t{}", e.code(), e.message()),
    )
}

#[napi]
pub struct NativeVerifier {
    inner: Verifier,
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
        .map(|inner| NativeVerifier { inner })
        .map_err(to_napi)
    }

    #[napi]
    pub fn verify(&self, token: String) -> String {
        match guarded(|| self.inner.verify(&token)) {
            Ok(payload) => payload,
            Err(e) => encode_error(&e),
        }
    }
}

/// The header JSON of a well-formed token, or the encoded error, for key lookup by `kid` in JS.
#[napi]
pub fn decode_header(token: String, max_token_bytes: u32) -> String {
    match guarded(|| verify::decode_header(&token, max_token_bytes as usize)) {
        Ok(header) => header,
        Err(e) => encode_error(&e),
    }
}

/// Drives the panic guard on purpose so the test suite can prove a panic never reaches JavaScript.
#[napi]
pub fn panic_probe() -> String {
    match guarded::<()>(|| panic!("deliberate panic from panicProbe")) {
        Ok(()) => String::new(),
        Err(e) => encode_error(&e),
    }
}
