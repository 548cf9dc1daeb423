//! JWS algorithm names and the key family each one needs.

use aws_lc_rs::signature::{self, VerificationAlgorithm};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Alg {
    HS256,
    HS384,
    HS512,
    RS256,
    RS384,
    RS512,
    PS256,
    PS384,
    PS512,
    ES256,
    ES384,
    ES512,
    EdDSA,
}

/// Which kind of key an algorithm needs; a key only ever verifies algorithms of its own family.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Family {
    Hmac,
    Rsa,
    Ec(Curve),
    Ed25519,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Curve {
    P256,
    P384,
    P521,
}

impl Curve {
    /// The OpenSSL curve name node's jsonwebtoken uses in its mismatch message.
    pub fn openssl_name(self) -> &'static str {
        match self {
            Curve::P256 => "prime256v1",
            Curve::P384 => "secp384r1",
            Curve::P521 => "secp521r1",
        }
    }

    pub fn jwk_name(self) -> &'static str {
        match self {
            Curve::P256 => "P-256",
            Curve::P384 => "P-384",
            Curve::P521 => "P-521",
        }
    }

    pub fn coordinate_len(self) -> usize {
        match self {
            Curve::P256 => 32,
            Curve::P384 => 48,
            Curve::P521 => 66,
        }
    }
}

pub const ALL: [Alg; 13] = [
    Alg::HS256,
    Alg::HS384,
    Alg::HS512,
    Alg::RS256,
    Alg::RS384,
    Alg::RS512,
    Alg::PS256,
    Alg::PS384,
    Alg::PS512,
    Alg::ES256,
    Alg::ES384,
    Alg::ES512,
    Alg::EdDSA,
];

impl Alg {
    /// Exact, case-sensitive match (RFC 7515 §4.1.1): `none`, `hs256` or `HS256\0` are not algorithms.
    pub fn parse(name: &str) -> Option<Alg> {
        ALL.iter().copied().find(|a| a.name() == name)
    }

    pub fn name(self) -> &'static str {
        match self {
            Alg::HS256 => "HS256",
            Alg::HS384 => "HS384",
            Alg::HS512 => "HS512",
            Alg::RS256 => "RS256",
            Alg::RS384 => "RS384",
            Alg::RS512 => "RS512",
            Alg::PS256 => "PS256",
            Alg::PS384 => "PS384",
            Alg::PS512 => "PS512",
            Alg::ES256 => "ES256",
            Alg::ES384 => "ES384",
            Alg::ES512 => "ES512",
            Alg::EdDSA => "EdDSA",
        }
    }

    pub fn family(self) -> Family {
        match self {
            Alg::HS256 | Alg::HS384 | Alg::HS512 => Family::Hmac,
            Alg::RS256 | Alg::RS384 | Alg::RS512 | Alg::PS256 | Alg::PS384 | Alg::PS512 => {
                Family::Rsa
            }
            Alg::ES256 => Family::Ec(Curve::P256),
            Alg::ES384 => Family::Ec(Curve::P384),
            Alg::ES512 => Family::Ec(Curve::P521),
            Alg::EdDSA => Family::Ed25519,
        }
    }

    /// The aws-lc-rs verification algorithm for the asymmetric algorithms; `None` for HMAC.
    pub fn verification(self) -> Option<&'static dyn VerificationAlgorithm> {
        Some(match self {
            Alg::HS256 | Alg::HS384 | Alg::HS512 => return None,
            Alg::RS256 => &signature::RSA_PKCS1_2048_8192_SHA256,
            Alg::RS384 => &signature::RSA_PKCS1_2048_8192_SHA384,
            Alg::RS512 => &signature::RSA_PKCS1_2048_8192_SHA512,
            Alg::PS256 => &signature::RSA_PSS_2048_8192_SHA256,
            Alg::PS384 => &signature::RSA_PSS_2048_8192_SHA384,
            Alg::PS512 => &signature::RSA_PSS_2048_8192_SHA512,
            // JWS carries ECDSA signatures as fixed-width R||S, never DER (RFC 7518 §3.4).
            Alg::ES256 => &signature::ECDSA_P256_SHA256_FIXED,
            Alg::ES384 => &signature::ECDSA_P384_SHA384_FIXED,
            Alg::ES512 => &signature::ECDSA_P521_SHA512_FIXED,
            Alg::EdDSA => &signature::ED25519,
        })
    }

    pub fn hmac(self) -> Option<aws_lc_rs::hmac::Algorithm> {
        match self {
            Alg::HS256 => Some(aws_lc_rs::hmac::HMAC_SHA256),
            Alg::HS384 => Some(aws_lc_rs::hmac::HMAC_SHA384),
            Alg::HS512 => Some(aws_lc_rs::hmac::HMAC_SHA512),
            _ => None,
        }
    }
}

impl Family {
    /// The algorithms node's jsonwebtoken 9 allows for a key of this family when no `algorithms` option is set
    /// (secret: HS*; RSA: RS* and PS*; EC: the ES* of its curve; Ed25519: EdDSA).
    pub fn default_algs(self) -> Vec<Alg> {
        ALL.iter().copied().filter(|a| a.family() == self).collect()
    }

    /// The key-type word node's jsonwebtoken uses in its messages.
    pub fn key_type_name(self) -> &'static str {
        match self {
            Family::Hmac => "secret",
            Family::Rsa => "rsa",
            Family::Ec(_) => "ec",
            Family::Ed25519 => "ed25519",
        }
    }
}
