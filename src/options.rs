//! The options a verifier is built with, as the JS layer sends them (JSON, camelCase).

use crate::alg::Alg;
use crate::claims::{MaxAge, Policy};
use crate::error::{JwtError, Result};
use serde::Deserialize;

pub const DEFAULT_MAX_TOKEN_BYTES: usize = 16 * 1024;

#[derive(Deserialize, Default)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct Raw {
    algorithms: Option<Vec<String>>,
    issuer: Option<Vec<String>>,
    audience: Option<Vec<String>>,
    #[serde(default)]
    audience_external: bool,
    subject: Option<String>,
    jwtid: Option<String>,
    nonce: Option<String>,
    #[serde(default)]
    ignore_expiration: bool,
    #[serde(default)]
    ignore_not_before: bool,
    clock_tolerance: Option<f64>,
    clock_timestamp: Option<f64>,
    max_age: Option<f64>,
    #[serde(default)]
    max_age_floor: bool,
    max_token_bytes: Option<f64>,
}

pub struct Options {
    /// `None`: the defaults of each key's type.
    pub algorithms: Option<Vec<Alg>>,
    pub policy: Policy,
    pub max_token_bytes: usize,
}

fn bad(message: String) -> JwtError {
    JwtError::Options(message)
}

fn finite(value: Option<f64>, name: &str) -> Result<Option<f64>> {
    match value {
        Some(v) if !v.is_finite() => Err(bad(format!("{name} must be a finite number"))),
        other => Ok(other),
    }
}

pub fn parse(json: &str) -> Result<Options> {
    let raw: Raw = if json.trim().is_empty() {
        Raw::default()
    } else {
        serde_json::from_str(json).map_err(|e| bad(format!("invalid verifier options: {e}")))?
    };
    let algorithms = match raw.algorithms {
        None => None,
        Some(names) => {
            let mut algs = Vec::with_capacity(names.len());
            for name in &names {
                // "none" and unknown names are a configuration error, never a silently ignored entry.
                let alg = Alg::parse(name)
                    .ok_or_else(|| bad(format!("unsupported algorithm in algorithms: {name:?}")))?;
                algs.push(alg);
            }
            if algs.is_empty() {
                return Err(bad("algorithms must not be empty".into()));
            }
            Some(algs)
        }
    };
    let clock_tolerance = finite(raw.clock_tolerance, "clockTolerance")?.unwrap_or(0.0);
    let max_token_bytes = match finite(raw.max_token_bytes, "maxTokenBytes")? {
        None => DEFAULT_MAX_TOKEN_BYTES,
        Some(n) if n >= 1.0 => n as usize,
        Some(_) => return Err(bad("maxTokenBytes must be a positive number".into())),
    };
    let max_age = finite(raw.max_age, "maxAge")?.map(|seconds| MaxAge {
        seconds,
        floor: raw.max_age_floor,
    });
    Ok(Options {
        algorithms,
        policy: Policy {
            issuer: raw.issuer,
            audience: raw.audience,
            audience_external: raw.audience_external,
            subject: raw.subject,
            jwtid: raw.jwtid,
            nonce: raw.nonce,
            ignore_expiration: raw.ignore_expiration,
            ignore_not_before: raw.ignore_not_before,
            clock_tolerance,
            clock_timestamp: finite(raw.clock_timestamp, "clockTimestamp")?,
            max_age,
        },
        max_token_bytes,
    })
}
