//! The verification core of node-red-auth-jwt. Pure Rust: the napi binding in `node/` is a thin layer on top.

pub mod alg;
pub mod claims;
pub mod der;
pub mod error;
pub mod keys;
pub mod options;
pub mod verify;

// napi-derive leaves its registration out of test builds, so the binding is only compiled for Node.
#[cfg(all(feature = "node", not(test)))]
mod node;

pub use error::{JwtError, Result};
pub use verify::{decode_header, KeyInput, Verifier};
