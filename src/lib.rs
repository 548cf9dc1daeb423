//! The verification core of node-red-auth-jwt. Pure Rust: the napi binding in `node.rs` is a thin layer on top.

pub mod alg;
pub mod claims;
pub mod der;
pub mod error;
pub mod keys;
pub mod options;
pub mod verify;

#[cfg(feature = "node")]
mod node;

pub use error::{JwtError, Result};
pub use verify::{decode_header, KeyInput, Verifier};
