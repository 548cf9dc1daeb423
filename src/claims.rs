//! Claim rules with node jsonwebtoken 9 semantics, plus strict types: a registered claim of the wrong type
//! is an error, never "absent" (the bug class of CVE-2026-25537).

use crate::error::{JwtError, Result};
use serde::{Deserialize, Deserializer};
use serde_json::Value;

/// A claim as it appears in the payload; JSON `null` counts as present (and mistyped), not as absent.
#[derive(Default, Debug)]
pub enum Claim {
    #[default]
    Absent,
    Present(Value),
}

impl<'de> Deserialize<'de> for Claim {
    fn deserialize<D: Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
        Value::deserialize(d).map(Claim::Present)
    }
}

/// The registered claims. Other members are skipped but still syntax-checked; a registered claim given
/// twice is a parse error rather than "last one wins".
#[derive(Deserialize, Default, Debug)]
pub struct Claims {
    #[serde(default)]
    pub exp: Claim,
    #[serde(default)]
    pub nbf: Claim,
    #[serde(default)]
    pub iat: Claim,
    #[serde(default)]
    pub aud: Claim,
    #[serde(default)]
    pub iss: Claim,
    #[serde(default)]
    pub sub: Claim,
    #[serde(default)]
    pub jti: Claim,
    #[serde(default)]
    pub nonce: Claim,
}

#[derive(Clone, Debug, Default)]
pub struct MaxAge {
    pub seconds: f64,
    /// node's `timespan` floors the result for string spans ("1d") but not for numbers.
    pub floor: bool,
}

/// What a valid token must say. Built once from the caller's options.
#[derive(Clone, Debug, Default)]
pub struct Policy {
    pub issuer: Option<Vec<String>>,
    pub audience: Option<Vec<String>>,
    /// The caller matches `aud` itself (JS RegExp audiences); only the type is checked here.
    pub audience_external: bool,
    pub subject: Option<String>,
    pub jwtid: Option<String>,
    pub nonce: Option<String>,
    pub ignore_expiration: bool,
    pub ignore_not_before: bool,
    pub clock_tolerance: f64,
    pub clock_timestamp: Option<f64>,
    pub max_age: Option<MaxAge>,
}

fn number(claim: &Claim, name: &'static str) -> Result<Option<f64>> {
    match claim {
        Claim::Absent => Ok(None),
        Claim::Present(v) => v.as_f64().map(Some).ok_or(JwtError::ClaimType(name)),
    }
}

fn string<'a>(claim: &'a Claim, name: &'static str) -> Result<Option<&'a str>> {
    match claim {
        Claim::Absent => Ok(None),
        Claim::Present(Value::String(s)) => Ok(Some(s)),
        Claim::Present(_) => Err(JwtError::ClaimType(name)),
    }
}

fn audiences(claim: &Claim) -> Result<Vec<&str>> {
    match claim {
        Claim::Absent => Ok(Vec::new()),
        Claim::Present(Value::String(s)) => Ok(vec![s.as_str()]),
        Claim::Present(Value::Array(items)) => items
            .iter()
            .map(|v| v.as_str().ok_or(JwtError::ClaimType("aud")))
            .collect(),
        Claim::Present(_) => Err(JwtError::ClaimType("aud")),
    }
}

/// Seconds since the epoch, whole, as node's `Math.floor(Date.now() / 1000)`.
pub fn now_seconds() -> f64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs() as f64)
        .unwrap_or(0.0)
}

impl Policy {
    /// Checks in node jsonwebtoken's order: nbf, exp, aud, iss, sub, jti, nonce, maxAge.
    pub fn check(&self, claims: &Claims) -> Result<()> {
        let now = self.clock_timestamp.unwrap_or_else(now_seconds);
        let tolerance = self.clock_tolerance;

        if let Some(nbf) = number(&claims.nbf, "nbf")? {
            if !self.ignore_not_before && nbf > now + tolerance {
                return Err(JwtError::NotBefore(nbf));
            }
        }
        if let Some(exp) = number(&claims.exp, "exp")? {
            if !self.ignore_expiration && now >= exp + tolerance {
                return Err(JwtError::Expired(exp));
            }
        }
        let iat = number(&claims.iat, "iat")?;
        let aud = audiences(&claims.aud)?;
        let iss = string(&claims.iss, "iss")?;
        let sub = string(&claims.sub, "sub")?;

        if let Some(expected) = &self.audience {
            if !self.audience_external && !aud.iter().any(|a| expected.iter().any(|e| e == a)) {
                return Err(JwtError::Audience);
            }
        }
        if let Some(expected) = &self.issuer {
            if !iss.is_some_and(|i| expected.iter().any(|e| e == i)) {
                return Err(JwtError::Issuer);
            }
        }
        if let Some(expected) = &self.subject {
            if sub != Some(expected.as_str()) {
                return Err(JwtError::Subject);
            }
        }
        if let Some(expected) = &self.jwtid {
            if !matches!(&claims.jti, Claim::Present(Value::String(j)) if j == expected) {
                return Err(JwtError::JwtId);
            }
        }
        if let Some(expected) = &self.nonce {
            if !matches!(&claims.nonce, Claim::Present(Value::String(n)) if n == expected) {
                return Err(JwtError::Nonce);
            }
        }
        if let Some(max_age) = &self.max_age {
            let iat = iat.ok_or(JwtError::IatRequired)?;
            let mut limit = iat + max_age.seconds;
            if max_age.floor {
                limit = limit.floor();
            }
            if now >= limit + tolerance {
                return Err(JwtError::MaxAge(limit));
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn claims(json: &str) -> Claims {
        serde_json::from_str(json).expect("test claims parse")
    }

    fn at(now: f64) -> Policy {
        Policy {
            clock_timestamp: Some(now),
            ..Policy::default()
        }
    }

    #[test]
    fn exp_boundary_is_expired_like_node() {
        assert_eq!(
            at(100.0).check(&claims(r#"{"exp":100}"#)),
            Err(JwtError::Expired(100.0))
        );
        assert!(at(99.0).check(&claims(r#"{"exp":100}"#)).is_ok());
        let tolerant = Policy {
            clock_tolerance: 5.0,
            ..at(104.0)
        };
        assert!(tolerant.check(&claims(r#"{"exp":100}"#)).is_ok());
    }

    #[test]
    fn null_and_string_times_are_type_errors() {
        assert_eq!(
            at(1.0).check(&claims(r#"{"exp":null}"#)),
            Err(JwtError::ClaimType("exp"))
        );
        assert_eq!(
            at(1.0).check(&claims(r#"{"nbf":"1"}"#)),
            Err(JwtError::ClaimType("nbf"))
        );
        assert_eq!(
            at(1.0).check(&claims(r#"{"iat":true}"#)),
            Err(JwtError::ClaimType("iat"))
        );
        assert_eq!(
            at(1.0).check(&claims(r#"{"aud":[1]}"#)),
            Err(JwtError::ClaimType("aud"))
        );
        assert_eq!(
            at(1.0).check(&claims(r#"{"iss":7}"#)),
            Err(JwtError::ClaimType("iss"))
        );
        assert_eq!(
            at(1.0).check(&claims(r#"{"sub":1}"#)),
            Err(JwtError::ClaimType("sub"))
        );
    }

    #[test]
    fn configured_identity_claims_are_required() {
        let p = Policy {
            audience: Some(vec!["a".into()]),
            ..at(1.0)
        };
        assert_eq!(p.check(&claims("{}")), Err(JwtError::Audience));
        assert!(p.check(&claims(r#"{"aud":["x","a"]}"#)).is_ok());
        let p = Policy {
            issuer: Some(vec!["i".into()]),
            ..at(1.0)
        };
        assert_eq!(p.check(&claims("{}")), Err(JwtError::Issuer));
        assert_eq!(
            p.check(&claims(r#"{"iss":["i"]}"#)),
            Err(JwtError::ClaimType("iss"))
        );
    }

    #[test]
    fn max_age_needs_iat_and_floors_spans() {
        let p = Policy {
            max_age: Some(MaxAge {
                seconds: 10.5,
                floor: true,
            }),
            ..at(20.0)
        };
        assert_eq!(p.check(&claims("{}")), Err(JwtError::IatRequired));
        assert_eq!(
            p.check(&claims(r#"{"iat":10}"#)),
            Err(JwtError::MaxAge(20.0))
        );
        assert!(p.check(&claims(r#"{"iat":10.6}"#)).is_ok());
    }

    #[test]
    fn duplicate_registered_claims_do_not_parse() {
        assert!(serde_json::from_str::<Claims>(r#"{"exp":1,"exp":2}"#).is_err());
    }
}
