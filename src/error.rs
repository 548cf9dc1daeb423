//! One table from each failure to a stable code and the message node's jsonwebtoken 9 uses for it.
//! Which JS error class a code becomes is decided in one place, the catalogue in `lib/error-codes.js`.

use std::fmt;

#[derive(Clone, Debug, PartialEq)]
pub enum JwtError {
    TooLarge,
    Malformed,
    InvalidToken,
    Crit,
    SignatureRequired,
    InvalidAlgorithm,
    /// The key cannot verify this algorithm; the message is node jsonwebtoken's for the same case.
    KeyMismatch(String),
    NoMatchingKey,
    InvalidSignature,
    PayloadNotObject,
    /// A registered claim of the wrong JSON type; carries the claim name.
    ClaimType(&'static str),
    NotBefore(f64),
    Expired(f64),
    Audience,
    Issuer,
    Subject,
    JwtId,
    Nonce,
    IatRequired,
    MaxAge(f64),
    KeyInvalid(String),
    KeyTooSmall,
    Options(String),
    Internal,
}

impl JwtError {
    pub fn code(&self) -> &'static str {
        match self {
            JwtError::TooLarge => "ERR_JWT_TOO_LARGE",
            JwtError::Malformed => "ERR_JWT_MALFORMED",
            JwtError::InvalidToken => "ERR_JWT_INVALID",
            JwtError::Crit => "ERR_JWT_CRIT",
            JwtError::SignatureRequired => "ERR_JWT_SIGNATURE_REQUIRED",
            JwtError::InvalidAlgorithm => "ERR_JWT_ALGORITHM",
            JwtError::KeyMismatch(_) => "ERR_JWT_KEY_MISMATCH",
            JwtError::NoMatchingKey => "ERR_JWKS_NO_MATCHING_KEY",
            JwtError::InvalidSignature => "ERR_JWT_SIGNATURE",
            JwtError::PayloadNotObject => "ERR_JWT_PAYLOAD",
            JwtError::ClaimType(_) => "ERR_JWT_CLAIM_TYPE",
            JwtError::NotBefore(_) => "ERR_JWT_NOT_ACTIVE",
            JwtError::Expired(_) => "ERR_JWT_EXPIRED",
            JwtError::Audience => "ERR_JWT_AUDIENCE",
            JwtError::Issuer => "ERR_JWT_ISSUER",
            JwtError::Subject => "ERR_JWT_SUBJECT",
            JwtError::JwtId => "ERR_JWT_JWTID",
            JwtError::Nonce => "ERR_JWT_NONCE",
            JwtError::IatRequired => "ERR_JWT_IAT_REQUIRED",
            JwtError::MaxAge(_) => "ERR_JWT_MAX_AGE",
            JwtError::KeyInvalid(_) => "ERR_JWT_KEY_INVALID",
            JwtError::KeyTooSmall => "ERR_JWT_KEY_TOO_SMALL",
            JwtError::Options(_) => "ERR_JWT_OPTIONS",
            JwtError::Internal => "ERR_JWT_INTERNAL",
        }
    }

    /// Seconds since the epoch carried by the time errors (`expiredAt`, `date`).
    pub fn time(&self) -> Option<f64> {
        match self {
            JwtError::NotBefore(t) | JwtError::Expired(t) | JwtError::MaxAge(t) => Some(*t),
            _ => None,
        }
    }

    /// The message. Never contains text taken from a token: it may be shown in HTML that does not escape it.
    pub fn message(&self) -> String {
        match self {
            JwtError::TooLarge => "jwt too large".into(),
            JwtError::Malformed => "jwt malformed".into(),
            JwtError::InvalidToken => "invalid token".into(),
            JwtError::Crit => "jwt crit header is not supported".into(),
            JwtError::SignatureRequired => "jwt signature is required".into(),
            JwtError::InvalidAlgorithm => "invalid algorithm".into(),
            JwtError::KeyMismatch(m) => m.clone(),
            JwtError::NoMatchingKey => "no matching key found".into(),
            JwtError::InvalidSignature => "invalid signature".into(),
            JwtError::PayloadNotObject => "jwt payload must be a JSON object".into(),
            JwtError::ClaimType(name) => format!("invalid {name} value"),
            JwtError::NotBefore(_) => "jwt not active".into(),
            JwtError::Expired(_) => "jwt expired".into(),
            // The identity-claim messages name the expected value, which only the caller's options know.
            JwtError::Audience => "jwt audience invalid".into(),
            JwtError::Issuer => "jwt issuer invalid".into(),
            JwtError::Subject => "jwt subject invalid".into(),
            JwtError::JwtId => "jwt jwtid invalid".into(),
            JwtError::Nonce => "jwt nonce invalid".into(),
            JwtError::IatRequired => "iat required when maxAge is specified".into(),
            JwtError::MaxAge(_) => "maxAge exceeded".into(),
            JwtError::KeyInvalid(detail) => {
                format!("secretOrPublicKey is not valid key material: {detail}")
            }
            JwtError::KeyTooSmall => "RSA keys must be at least 2048 bits".into(),
            JwtError::Options(m) => m.clone(),
            JwtError::Internal => "internal error".into(),
        }
    }
}

impl fmt::Display for JwtError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.code(), self.message())
    }
}

impl std::error::Error for JwtError {}

pub type Result<T> = std::result::Result<T, JwtError>;
