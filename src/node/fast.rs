//! The per-request verify call as a raw Node-API function.
//!
//! Why it exists: a `#[napi]` method pays napi-rs's generic dispatch on every call (unwrapping the class
//! instance, checking its identity, the borrow registry) and converts the token into a fresh `String`. This
//! function gets the verifier as its callback data pointer and reads the token into a reused per-thread
//! buffer. Measured on HS256, the whole native call went from 3.9 µs (`NativeVerifier#verify`) to 3.05 µs
//! (`verifyFunction`). `__test__/verify-function.test.js` checks that it answers exactly as the safe path.

use super::{encode_error, guarded};
use crate::error::JwtError;
use crate::verify::Verifier;
use napi::bindgen_prelude::{Env, Unknown};
use napi::sys;
use std::cell::RefCell;
use std::ffi::c_void;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::ptr;
use std::sync::Arc;

/// A JS function `(token: string) => string` that owns one count of `verifier` until it is collected.
pub(super) fn verify_function<'env>(
    env: &'env Env,
    verifier: Arc<Verifier>,
) -> napi::Result<Unknown<'env>> {
    let raw_env = env.raw();
    let data = Arc::into_raw(verifier) as *mut c_void;
    let mut function = ptr::null_mut();
    let name = c"verify";
    // SAFETY: `data` is a live Arc<Verifier> whose count is owned by the function: napi_wrap's finalizer
    // releases it when the function is garbage-collected, and the callback can only run while it lives.
    unsafe {
        let status = sys::napi_create_function(
            raw_env,
            name.as_ptr(),
            6,
            Some(fast_verify_callback),
            data,
            &mut function,
        );
        if status != sys::Status::napi_ok {
            release_verifier(raw_env, data, ptr::null_mut());
            return Err(napi::Error::from_reason(
                "cannot create the verify function",
            ));
        }
        let status = sys::napi_wrap(
            raw_env,
            function,
            data,
            Some(release_verifier),
            ptr::null_mut(),
            ptr::null_mut(),
        );
        if status != sys::Status::napi_ok {
            release_verifier(raw_env, data, ptr::null_mut());
            return Err(napi::Error::from_reason(
                "cannot create the verify function",
            ));
        }
        Ok(Unknown::from_raw_unchecked(raw_env, function))
    }
}

unsafe extern "C" fn release_verifier(_env: sys::napi_env, data: *mut c_void, _hint: *mut c_void) {
    // SAFETY: `data` came from Arc::into_raw in verify_function and is released exactly once, here.
    drop(unsafe { Arc::from_raw(data as *const Verifier) });
}

thread_local! {
    // Reused per thread (Node calls us on its JS thread; a worker thread gets its own), so reading a token
    // allocates nothing once the buffers have grown to the usual token size.
    static TOKEN_UNITS: RefCell<Vec<u16>> = const { RefCell::new(Vec::new()) };
    static TOKEN_BYTES: RefCell<Vec<u8>> = const { RefCell::new(Vec::new()) };
}

unsafe extern "C" fn fast_verify_callback(
    env: sys::napi_env,
    info: sys::napi_callback_info,
) -> sys::napi_value {
    // A panic must not unwind out of an extern "C" function (that aborts Node): `verify` is already guarded,
    // this also covers reading the token and building the result.
    // SAFETY: the same env and callback info, passed straight through.
    catch_unwind(AssertUnwindSafe(|| unsafe { fast_verify(env, info) }))
        .unwrap_or_else(|_| unsafe { create_string(env, &encode_error(&JwtError::Internal)) })
}

unsafe fn fast_verify(env: sys::napi_env, info: sys::napi_callback_info) -> sys::napi_value {
    let mut argc = 1usize;
    let mut argv = [ptr::null_mut(); 1];
    let mut data = ptr::null_mut();
    // SAFETY: Node-API calls with the env and callback info of this call; `data` is the Arc<Verifier>
    // pointer that verify_function registered and that stays alive while this function object exists.
    unsafe {
        if sys::napi_get_cb_info(
            env,
            info,
            &mut argc,
            argv.as_mut_ptr(),
            ptr::null_mut(),
            &mut data,
        ) != sys::Status::napi_ok
            || data.is_null()
        {
            return throw_type_error(env, c"verify: bad call");
        }
        let verifier = &*(data as *const Verifier);
        let result = match read_ascii_token(env, argv[0], verifier.max_token_bytes()) {
            TokenText::NotAString => return throw_type_error(env, c"the token must be a string"),
            TokenText::TooLong => Err(JwtError::TooLarge),
            TokenText::Ascii => TOKEN_BYTES.with_borrow(|bytes| {
                // The bytes are all below 0x80, checked while narrowing, so they are UTF-8.
                let token = std::str::from_utf8(bytes).map_err(|_| JwtError::InvalidToken);
                guarded(|| verifier.verify(token?))
            }),
            // A token with non-ASCII characters is malformed anyway; read it exactly as `verify` does, so
            // that the error is the same.
            TokenText::Other => match read_utf8(env, argv[0]) {
                Some(token) => guarded(|| verifier.verify(&token)),
                None => return throw_type_error(env, c"the token must be a string"),
            },
        };
        release_large_buffers();
        let text = match result {
            Ok(payload) => payload,
            Err(e) => encode_error(&e),
        };
        create_string(env, &text)
    }
}

/// Token buffers grown past this (only possible with a raised maxTokenBytes) are freed after use, so one huge
/// token does not stay allocated for the life of the thread.
const RETAINED_TOKEN_BUFFER: usize = 64 * 1024;

fn release_large_buffers() {
    TOKEN_UNITS.with_borrow_mut(|units| {
        if units.capacity() > RETAINED_TOKEN_BUFFER {
            *units = Vec::new();
        }
    });
    TOKEN_BYTES.with_borrow_mut(|bytes| {
        if bytes.capacity() > RETAINED_TOKEN_BUFFER {
            *bytes = Vec::new();
        }
    });
}

enum TokenText {
    /// In TOKEN_BYTES.
    Ascii,
    /// Holds a character outside ASCII.
    Other,
    /// Longer than the verifier accepts: its UTF-8 form is at least as long as its UTF-16 length.
    TooLong,
    NotAString,
}

/// Reads a JS string into TOKEN_BYTES when every character is ASCII. UTF-16 is read (a copy for V8's one-byte
/// strings) rather than Latin-1, because Latin-1 output silently truncates wider characters, which could turn
/// a non-ASCII character into a base64url one.
unsafe fn read_ascii_token(env: sys::napi_env, value: sys::napi_value, max: usize) -> TokenText {
    let mut len = 0usize;
    // SAFETY: a length query with a null buffer; `value` is this call's argument.
    if unsafe { sys::napi_get_value_string_utf16(env, value, ptr::null_mut(), 0, &mut len) }
        != sys::Status::napi_ok
    {
        return TokenText::NotAString;
    }
    if len > max {
        return TokenText::TooLong;
    }
    // Not re-entered: reading a string value never calls back into JavaScript.
    TOKEN_UNITS.with_borrow_mut(|units| {
        // Grown, never cleared: Node-API overwrites the units it reports, and only those are read.
        if units.len() < len + 1 {
            units.resize(len + 1, 0);
        }
        let mut written = 0usize;
        // SAFETY: `units` has room for `len` units plus the terminator Node-API writes.
        let status = unsafe {
            sys::napi_get_value_string_utf16(env, value, units.as_mut_ptr(), len + 1, &mut written)
        };
        if status != sys::Status::napi_ok || written != len {
            return TokenText::NotAString;
        }
        let units = &units[..len];
        if units.iter().fold(0u16, |acc, &u| acc | u) >= 0x80 {
            return TokenText::Other;
        }
        TOKEN_BYTES.with_borrow_mut(|bytes| {
            bytes.clear();
            bytes.extend(units.iter().map(|&u| u as u8));
        });
        TokenText::Ascii
    })
}

/// The string as UTF-8, exactly as napi-rs converts a `String` argument (lone surrogates become U+FFFD).
unsafe fn read_utf8(env: sys::napi_env, value: sys::napi_value) -> Option<String> {
    let mut len = 0usize;
    // SAFETY: a length query, then a write into a buffer of that length plus the terminator.
    unsafe {
        if sys::napi_get_value_string_utf8(env, value, ptr::null_mut(), 0, &mut len)
            != sys::Status::napi_ok
        {
            return None;
        }
        let mut buf = vec![0u8; len + 1];
        let mut written = 0usize;
        if sys::napi_get_value_string_utf8(
            env,
            value,
            buf.as_mut_ptr().cast(),
            len + 1,
            &mut written,
        ) != sys::Status::napi_ok
        {
            return None;
        }
        buf.truncate(written);
        String::from_utf8(buf).ok()
    }
}

/// An ASCII result (every JWT payload we return is JSON text, almost always ASCII) is created as a one-byte
/// string, which V8 copies without decoding; anything else goes through the UTF-8 decoder.
unsafe fn create_string(env: sys::napi_env, text: &str) -> sys::napi_value {
    let mut out = ptr::null_mut();
    // SAFETY: `text` outlives the call; Node-API copies it into a new JS string.
    let status = unsafe {
        if text.is_ascii() {
            sys::napi_create_string_latin1(env, text.as_ptr().cast(), text.len() as isize, &mut out)
        } else {
            sys::napi_create_string_utf8(env, text.as_ptr().cast(), text.len() as isize, &mut out)
        }
    };
    if status != sys::Status::napi_ok {
        // SAFETY: as above; an exception is pending or the string could not be allocated.
        return unsafe { throw_type_error(env, c"cannot create the result string") };
    }
    out
}

unsafe fn throw_type_error(env: sys::napi_env, message: &std::ffi::CStr) -> sys::napi_value {
    // SAFETY: `message` is a NUL-terminated constant; a pending exception makes this a no-op.
    unsafe { sys::napi_throw_type_error(env, ptr::null(), message.as_ptr()) };
    ptr::null_mut()
}
