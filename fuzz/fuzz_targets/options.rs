//! Verifier options as the JS layer sends them (JSON), together with a payload signed for real, so the claim
//! policy runs with fuzzed options against fuzzed claims. Input: `options JSON \0 payload`.
#![no_main]

use libfuzzer_sys::fuzz_target;
use node_red_auth_jwt::{options, KeyInput, Verifier};
use node_red_auth_jwt_fuzz::{decoy, is_object_text, sign, SECRET};
use serde_json::{Map, Value};

fn strings(options: &Map<String, Value>, name: &str) -> Option<Vec<String>> {
    let list = options.get(name)?.as_array()?;
    list.iter()
        .map(|v| v.as_str().map(str::to_string))
        .collect()
}

/// The rules that are easy to state independently of the core: a token it accepts must satisfy them.
fn check_accepted(options: &Map<String, Value>, payload: &str) {
    assert!(
        is_object_text(payload),
        "accepted a payload that is not an object"
    );
    let Ok(claims) = serde_json::from_str::<Map<String, Value>>(payload) else {
        return;
    };
    if let Some(issuers) = strings(options, "issuer") {
        let iss = claims.get("iss").and_then(Value::as_str);
        assert!(
            iss.is_some_and(|i| issuers.iter().any(|e| e == i)),
            "issuer not enforced"
        );
    }
    for (option, claim) in [("subject", "sub"), ("jwtid", "jti"), ("nonce", "nonce")] {
        if let Some(expected) = options.get(option).and_then(Value::as_str) {
            assert_eq!(
                claims.get(claim).and_then(Value::as_str),
                Some(expected),
                "{option} not enforced"
            );
        }
    }
    let now = options.get("clockTimestamp").and_then(Value::as_f64);
    let tolerance = options
        .get("clockTolerance")
        .and_then(Value::as_f64)
        .unwrap_or(0.0);
    let ignore_exp = options.get("ignoreExpiration") == Some(&Value::Bool(true));
    if let (Some(now), Some(exp), false) =
        (now, claims.get("exp").and_then(Value::as_f64), ignore_exp)
    {
        assert!(now < exp + tolerance, "exp not enforced");
    }
    if options.contains_key("maxAge") {
        assert!(
            claims.get("iat").is_some_and(Value::is_number),
            "maxAge without iat"
        );
    }
}

fuzz_target!(|data: &[u8]| {
    let mut parts = data.splitn(2, |&b| b == 0);
    let options_text = String::from_utf8_lossy(parts.next().unwrap_or_default());
    let payload = parts.next().unwrap_or_default();
    let parsed = options::parse(&options_text);
    let Ok(verifier) = Verifier::new(KeyInput::Secret(SECRET), &options_text) else {
        return;
    };
    assert!(
        parsed.is_ok(),
        "the verifier took options that do not parse"
    );
    let options: Map<String, Value> = serde_json::from_str(&options_text).unwrap_or_default();
    let token = sign(0, br#"{"alg":"HS256","typ":"JWT"}"#, payload);
    let first = verifier.verify(&token);
    let _ = verifier.verify(decoy());
    assert_eq!(
        first,
        verifier.verify(&token),
        "the result changed between calls"
    );
    if let Ok(accepted) = first {
        check_accepted(&options, &accepted);
    }
});
