//! JSON for every front door: text in, read by a small pull reader of our own that names
//! the field at fault and enforces the size limits; text out, byte for byte the same for
//! the CLI and for JS.

mod inputs;
mod outputs;
mod reader;
mod writer;

pub(crate) use inputs::fields;
pub(crate) use reader::{FromJson, Read, Reader, Unknown};
pub use writer::{to_json, to_json_pretty, ArrayWriter, ObjectWriter, ToJson, Writer};

use crate::error::{ErrorCode, InputError};

/// The longest string accepted anywhere in the input, in bytes as written in the JSON text.
pub const MAX_STRING_BYTES: usize = 64 * 1024;
/// The most elements accepted in any one array (a history of a million deploys is far
/// beyond any real Deployment).
pub const MAX_ARRAY_LEN: usize = 1_000_000;
/// The largest JSON document accepted.
pub const MAX_INPUT_BYTES: usize = 512 * 1024 * 1024;
/// The deepest nesting accepted; our formats need fewer than ten levels.
pub const MAX_DEPTH: usize = 64;

/// How many leading bytes of `bytes` a JSON string holds as they are: up to the first
/// quote, backslash or control character. Reading and writing strings both skip such runs,
/// eight bytes at a time (a byte is special if it equals `"` or `\\` or is below 0x20;
/// the lowest flagged byte of a word is always a true one).
pub(crate) fn plain_run(bytes: &[u8]) -> usize {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let zero_byte = |x: u64| x.wrapping_sub(ONES) & !x & HIGH;
    let mut run = 0;
    for chunk in bytes.chunks_exact(8) {
        let Ok(word) = <[u8; 8]>::try_from(chunk) else { break };
        let x = u64::from_le_bytes(word);
        let special = zero_byte(x ^ (ONES * u64::from(b'"')))
            | zero_byte(x ^ (ONES * u64::from(b'\\')))
            | (x.wrapping_sub(ONES * 0x20) & !x & HIGH);
        if special != 0 {
            return run + (special.trailing_zeros() / 8) as usize;
        }
        run += 8;
    }
    let rest = bytes.get(run..).unwrap_or_default();
    run + rest.iter().take_while(|&&b| b != b'"' && b != b'\\' && b >= 0x20).count()
}

/// Parses `text` as a `T`, enforcing the limits above; errors carry the JSON path.
pub(crate) fn from_json<T: FromJson>(text: &str) -> Result<T, InputError> {
    if text.len() > MAX_INPUT_BYTES {
        let message = format!("the input is {} bytes; the limit is {MAX_INPUT_BYTES}", text.len());
        return Err(InputError::new(ErrorCode::InputTooLarge, "", message));
    }
    let mut reader = Reader::new(text);
    let value = reader.read()?;
    reader.finish()?;
    Ok(value)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug)]
    #[allow(dead_code)]
    struct Doc {
        items: Vec<Item>,
    }

    #[derive(Debug)]
    #[allow(dead_code)]
    struct Item {
        name: String,
    }

    impl FromJson for Doc {
        fn read(r: &mut Reader<'_>) -> Read<Self> {
            let mut items = None;
            fields!(r, Unknown::Refuse, { "items" => items = Some(r.read()?) });
            Ok(Self { items: r.required(items, "items")? })
        }
    }

    impl FromJson for Item {
        fn read(r: &mut Reader<'_>) -> Read<Self> {
            let mut name = None;
            fields!(r, Unknown::Refuse, { "name" => name = Some(r.read()?) });
            Ok(Self { name: r.required(name, "name")? })
        }
    }

    #[track_caller]
    fn error_of(text: &str) -> (ErrorCode, String) {
        match from_json::<Doc>(text) {
            Ok(doc) => unreachable!("{text} parsed as {doc:?}"),
            Err(err) => (err.code(), err.path().to_owned()),
        }
    }

    #[test]
    fn paths_name_the_field() {
        assert_eq!(
            error_of(r#"{"items": [{"name": "a"}, {}]}"#),
            (ErrorCode::MissingField, "items[1].name".into())
        );
        assert_eq!(
            error_of(r#"{"items": [{"name": "a", "nmae": 1}]}"#),
            (ErrorCode::UnknownField, "items[0].nmae".into())
        );
        assert_eq!(error_of(r#"{"items": [{"name": 3}]}"#), (ErrorCode::InvalidJson, "items[0].name".into()));
        assert_eq!(error_of(r#"{"items": []} x"#).0, ErrorCode::InvalidJson);
        assert_eq!(error_of("").0, ErrorCode::InvalidJson);
    }

    #[test]
    fn paths_survive_layout_and_nesting() {
        let pretty = "{\n  \"items\": [\n    {\"name\": \"a\"},\n    {\"name\": \"b\",\n     \"extra\": [1, 2]}\n  ]\n}";
        assert_eq!(error_of(pretty), (ErrorCode::UnknownField, "items[1].extra".into()));
        let missing = "{\"items\": [{\"name\": \"a\"}, {\"name\": \"b\"}, {\n}]}";
        assert_eq!(error_of(missing), (ErrorCode::MissingField, "items[2].name".into()));
        assert_eq!(
            error_of(r#"{"items": [{"name": {"x": 1}}]}"#),
            (ErrorCode::InvalidJson, "items[0].name".into())
        );
        assert_eq!(
            error_of(r#"{"items": [{"name": "a"}], "items2": 1}"#),
            (ErrorCode::UnknownField, "items2".into())
        );
        assert_eq!(error_of(r#"{"items": {"name": "a"}}"#), (ErrorCode::InvalidJson, "items".into()));
        assert_eq!(
            error_of(r#"{"items": [{"name": "a\"}"}, {"name": 7}]}"#),
            (ErrorCode::InvalidJson, "items[1].name".into())
        );
        assert_eq!(error_of(r#"{"items": [{"name": "a"},]}"#).0, ErrorCode::InvalidJson);
        assert_eq!(error_of(r#"{}"#), (ErrorCode::MissingField, "items".into()));
        assert_eq!(error_of("[]"), (ErrorCode::InvalidJson, "".into()));
        assert_eq!(error_of(r#"{"items":{"x":1}}"#), (ErrorCode::InvalidJson, "items".into()));
        assert_eq!(error_of(r#"{"items": [[]]}"#), (ErrorCode::InvalidJson, "items[0]".into()));
    }

    #[test]
    fn long_strings_are_rejected_with_their_path() {
        let long = "x".repeat(MAX_STRING_BYTES + 1);
        let text = format!(r#"{{"items": [{{"name": "a"}}, {{"name": "{long}"}}]}}"#);
        assert_eq!(error_of(&text), (ErrorCode::InputTooLarge, "items[1].name".into()));
        let ok = "x".repeat(MAX_STRING_BYTES);
        assert!(from_json::<Doc>(&format!(r#"{{"items": [{{"name": "{ok}"}}]}}"#)).is_ok());
    }

    #[test]
    fn deep_nesting_is_rejected_where_values_are_skipped() {
        struct Loose;
        impl FromJson for Loose {
            fn read(r: &mut Reader<'_>) -> Read<Self> {
                fields!(r, Unknown::Skip, { "x" => r.read::<bool>()? });
                Ok(Self)
            }
        }
        let nested = |levels: usize| format!(r#"{{"extra": {}1{}}}"#, "[".repeat(levels), "]".repeat(levels));
        assert!(from_json::<Loose>(&nested(MAX_DEPTH - 1)).is_ok());
        let err = from_json::<Loose>(&nested(MAX_DEPTH)).err();
        let expected = format!("extra{}", "[0]".repeat(MAX_DEPTH - 1));
        assert_eq!(err.map(|e| (e.code(), e.path().to_owned())), Some((ErrorCode::InputTooLarge, expected)));
        // Typed fields nest no deeper than their types: the wrong type answers first.
        assert_eq!(error_of(&"[".repeat(10_000)), (ErrorCode::InvalidJson, String::new()));
    }

    #[test]
    fn plain_runs_end_at_the_first_special_byte() {
        let plain = |s: &str| s.bytes().take_while(|&b| b != b'"' && b != b'\\' && b >= 0x20).count();
        let mut cases = vec![String::new(), "é😀 plain text of some length, no specials".to_owned()];
        for special in ['"', '\\', '\n', '\u{0}', '\u{1f}'] {
            for at in 0..20 {
                let prefix = format!("{}{}", "ü".repeat(at / 2), "x".repeat(at % 2));
                cases.push(format!("{prefix}{special}\u{7f}€ tail\"x"));
            }
        }
        for case in &cases {
            assert_eq!(plain_run(case.as_bytes()), plain(case), "{case:?}");
        }
    }

    #[test]
    fn keys_and_strings_with_escapes_are_decoded() {
        let doc = from_json::<Doc>(r#"{"it\u0065ms": [{"name": "a\"b\u00e9\ud83d\ude00\n"}]}"#);
        assert_eq!(
            doc.ok().and_then(|d| d.items.first().map(|i| i.name.clone())).as_deref(),
            Some("a\"b\u{e9}\u{1f600}\n")
        );
        assert_eq!(
            error_of(r#"{"items": [{"name": "\ud83d"}]}"#),
            (ErrorCode::InvalidJson, "items[0].name".into())
        );
        assert_eq!(
            error_of(r#"{"items": [{"n\u0061me": "a", "nmae": 1}]}"#),
            (ErrorCode::UnknownField, "items[0].nmae".into())
        );
        assert_eq!(
            error_of(r#"{"items": [{"name": "a", "name": "b"}]}"#),
            (ErrorCode::InvalidJson, "items[0].name".into())
        );
    }
}
