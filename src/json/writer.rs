//! JSON text out, without serde: a small writer whose output is byte for byte what
//! serde_json writes, compact (`to_string`) and indented (`to_string_pretty`).
//!
//! Every output type says how it is written by implementing [`ToJson`] (see `outputs`):
//!
//! ```
//! use deploy_rollback::{to_json, ToJson, Writer};
//!
//! struct Point {
//!     x: u32,
//!     label: Option<String>,
//! }
//!
//! impl ToJson for Point {
//!     fn write_json(&self, w: &mut Writer) {
//!         w.object(|o| {
//!             o.field("x", &self.x);
//!             o.field("label", &self.label);
//!         });
//!     }
//! }
//!
//! assert_eq!(to_json(&Point { x: 3, label: None }), r#"{"x":3,"label":null}"#);
//! ```
//!
//! The code that every value shares (escaping, numbers, commas, indentation) is in
//! non-generic functions; what is generic is only the thin layer that says which field
//! comes next.

use std::fmt;

/// A value that can be written as JSON text.
pub trait ToJson {
    /// Writes `self` as one JSON value.
    fn write_json(&self, w: &mut Writer);
}

/// `value` as compact JSON text, as `serde_json::to_string` writes it.
pub fn to_json<T: ToJson + ?Sized>(value: &T) -> String {
    let mut w = Writer::compact();
    value.write_json(&mut w);
    w.finish()
}

/// `value` as JSON text indented by two spaces, as `serde_json::to_string_pretty` writes it.
pub fn to_json_pretty<T: ToJson + ?Sized>(value: &T) -> String {
    let mut w = Writer::pretty();
    value.write_json(&mut w);
    w.finish()
}

/// Builds JSON text, compact or indented. A [`ToJson`] impl writes exactly one value:
/// a scalar, or a container through [`Writer::object`] or [`Writer::array`].
#[derive(Debug, Default)]
pub struct Writer {
    out: String,
    pretty: bool,
    depth: usize,
}

impl Writer {
    /// A writer of compact JSON: no whitespace at all.
    pub fn compact() -> Self {
        Self::default()
    }

    /// A writer of indented JSON: each element and member on its own line, two spaces per
    /// level, `"key": value`, and `[]` / `{}` for empty containers.
    pub fn pretty() -> Self {
        Self { pretty: true, ..Self::default() }
    }

    /// The text written so far.
    pub fn finish(self) -> String {
        self.out
    }

    /// Writes `null`.
    pub fn null(&mut self) {
        self.out.push_str("null");
    }

    /// Writes `true` or `false`.
    pub fn bool(&mut self, value: bool) {
        self.out.push_str(if value { "true" } else { "false" });
    }

    /// Writes an unsigned integer.
    pub fn u64(&mut self, value: u64) {
        push_u64(&mut self.out, value);
    }

    /// Writes a signed integer.
    pub fn i64(&mut self, value: i64) {
        if value < 0 {
            self.out.push('-');
        }
        push_u64(&mut self.out, value.unsigned_abs());
    }

    /// Writes a string, quoted and escaped.
    pub fn str(&mut self, value: &str) {
        self.out.push('"');
        push_escaped(&mut self.out, value);
        self.out.push('"');
    }

    /// Writes what `value` displays as, as a string (for types whose text form is their
    /// `Display`, such as [`crate::RuntimeVersion`] and [`crate::Timestamp`]). Nothing
    /// is allocated: the text is escaped as it is produced.
    pub fn display(&mut self, value: &dyn fmt::Display) {
        /// Escapes what a `Display` impl writes into the output.
        struct Escaping<'a>(&'a mut String);

        impl fmt::Write for Escaping<'_> {
            fn write_str(&mut self, s: &str) -> fmt::Result {
                push_escaped(self.0, s);
                Ok(())
            }
        }

        self.out.push('"');
        // The crate's `Display` impls do not fail; were one to, what it wrote stays.
        let _ = fmt::write(&mut Escaping(&mut self.out), format_args!("{value}"));
        self.out.push('"');
    }

    /// Writes an object whose members `members` writes, in the order it writes them.
    pub fn object(&mut self, members: impl FnOnce(&mut ObjectWriter<'_>)) {
        self.open('{');
        let mut object = ObjectWriter { w: self, empty: true };
        members(&mut object);
        let empty = object.empty;
        self.close('}', empty);
    }

    /// Writes an array whose elements `elements` writes, in the order it writes them.
    pub fn array(&mut self, elements: impl FnOnce(&mut ArrayWriter<'_>)) {
        self.open('[');
        let mut array = ArrayWriter { w: self, empty: true };
        elements(&mut array);
        let empty = array.empty;
        self.close(']', empty);
    }

    fn open(&mut self, bracket: char) {
        self.out.push(bracket);
        self.depth += 1;
    }

    /// Ends a container: indented output puts a non-empty container's closing bracket on
    /// its own line; an empty one stays `[]` or `{}`.
    fn close(&mut self, bracket: char, empty: bool) {
        self.depth = self.depth.saturating_sub(1);
        if self.pretty && !empty {
            self.newline();
        }
        self.out.push(bracket);
    }

    /// What goes before an element or a member: a comma unless it is the first, and in
    /// indented output a new line.
    fn separate(&mut self, first: bool) {
        if !first {
            self.out.push(',');
        }
        if self.pretty {
            self.newline();
        }
    }

    fn newline(&mut self) {
        self.out.push('\n');
        for _ in 0..self.depth {
            self.out.push_str("  ");
        }
    }
}

/// Writes the members of one object; see [`Writer::object`].
#[derive(Debug)]
pub struct ObjectWriter<'w> {
    w: &'w mut Writer,
    empty: bool,
}

impl ObjectWriter<'_> {
    /// Writes the member `key`: `value`.
    pub fn field<T: ToJson + ?Sized>(&mut self, key: &str, value: &T) {
        self.key(key);
        value.write_json(self.w);
    }

    /// Writes the member `key`: `value` when `value` is `Some`, nothing when it is `None`
    /// (serde's `skip_serializing_if = "Option::is_none"`).
    pub fn field_if_some<T: ToJson>(&mut self, key: &str, value: &Option<T>) {
        if let Some(value) = value {
            self.field(key, value);
        }
    }

    /// Writes the member `key` whose value `value` writes: for a value without a type of
    /// its own, such as the CLI's `{"error": {…}}`.
    pub fn field_with(&mut self, key: &str, value: impl FnOnce(&mut Writer)) {
        self.key(key);
        value(self.w);
    }

    fn key(&mut self, key: &str) {
        self.w.separate(self.empty);
        self.empty = false;
        self.w.str(key);
        self.w.out.push_str(if self.w.pretty { ": " } else { ":" });
    }
}

/// Writes the elements of one array; see [`Writer::array`].
#[derive(Debug)]
pub struct ArrayWriter<'w> {
    w: &'w mut Writer,
    empty: bool,
}

impl ArrayWriter<'_> {
    /// Writes the next element.
    pub fn item<T: ToJson + ?Sized>(&mut self, value: &T) {
        self.w.separate(self.empty);
        self.empty = false;
        value.write_json(self.w);
    }
}

/// Appends `n` in decimal.
fn push_u64(out: &mut String, mut n: u64) {
    let mut digits = [0u8; 20]; // u64::MAX has 20 digits
    let mut len = 0;
    for slot in digits.iter_mut().rev() {
        *slot = b'0' + (n % 10) as u8;
        n /= 10;
        len += 1;
        if n == 0 {
            break;
        }
    }
    for &digit in digits.iter().skip(digits.len() - len) {
        out.push(char::from(digit));
    }
}

/// Appends `s` escaped as serde_json escapes strings: `\"`, `\\`, `\b`, `\f`, `\n`, `\r`,
/// `\t`, other control characters below U+0020 as `\u00XX` (lowercase hex); everything
/// else (`/`, DEL, non-ASCII) as it is.
fn push_escaped(out: &mut String, s: &str) {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let mut rest = s;
    loop {
        // Special bytes are ASCII, so the run ends on a character boundary.
        let (run, tail) = rest.split_at_checked(super::plain_run(rest.as_bytes())).unwrap_or((rest, ""));
        out.push_str(run);
        let Some(byte) = tail.bytes().next() else { return };
        match byte {
            b'"' => out.push_str("\\\""),
            b'\\' => out.push_str("\\\\"),
            0x08 => out.push_str("\\b"),
            0x0c => out.push_str("\\f"),
            b'\n' => out.push_str("\\n"),
            b'\r' => out.push_str("\\r"),
            b'\t' => out.push_str("\\t"),
            _ => {
                out.push_str("\\u00");
                for nibble in [byte >> 4, byte & 0xf] {
                    out.push(char::from(HEX.get(usize::from(nibble)).copied().unwrap_or(b'0')));
                }
            }
        }
        rest = tail.get(1..).unwrap_or_default();
    }
}

impl<T: ToJson + ?Sized> ToJson for &T {
    fn write_json(&self, w: &mut Writer) {
        (**self).write_json(w);
    }
}

impl<T: ToJson> ToJson for Option<T> {
    fn write_json(&self, w: &mut Writer) {
        match self {
            Some(value) => value.write_json(w),
            None => w.null(),
        }
    }
}

impl<T: ToJson> ToJson for [T] {
    fn write_json(&self, w: &mut Writer) {
        w.array(|a| {
            for item in self {
                a.item(item);
            }
        });
    }
}

impl<T: ToJson> ToJson for Vec<T> {
    fn write_json(&self, w: &mut Writer) {
        self.as_slice().write_json(w);
    }
}

impl ToJson for str {
    fn write_json(&self, w: &mut Writer) {
        w.str(self);
    }
}

impl ToJson for String {
    fn write_json(&self, w: &mut Writer) {
        w.str(self);
    }
}

impl ToJson for bool {
    fn write_json(&self, w: &mut Writer) {
        w.bool(*self);
    }
}

macro_rules! integers {
    ($method:ident as $wide:ty: $($t:ty),+) => {
        $(impl ToJson for $t {
            fn write_json(&self, w: &mut Writer) {
                w.$method(*self as $wide);
            }
        })+
    };
}

integers!(u64 as u64: u8, u16, u32, usize);
integers!(i64 as i64: i8, i16, i32, isize);

impl ToJson for u64 {
    fn write_json(&self, w: &mut Writer) {
        w.u64(*self);
    }
}

impl ToJson for i64 {
    fn write_json(&self, w: &mut Writer) {
        w.i64(*self);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    /// Writes with `write` compactly and indented; both must be serde_json's text of `theirs`.
    #[track_caller]
    fn same_as(theirs: &serde_json::Value, write: impl Fn(&mut Writer)) {
        let (mut compact, mut pretty) = (Writer::compact(), Writer::pretty());
        write(&mut compact);
        write(&mut pretty);
        assert_eq!(Some(compact.finish()), serde_json::to_string(theirs).ok());
        assert_eq!(Some(pretty.finish()), serde_json::to_string_pretty(theirs).ok());
    }

    #[test]
    fn strings_are_escaped_as_serde_json_escapes_them() {
        let mut text: String = (0..=0x7f_u8).map(char::from).collect();
        text.push_str("é ü ß 日本語 \u{80} \u{a0} \u{2028} \u{2029} \u{feff} 😀 👩‍👩‍👧 \u{10ffff} end");
        for one in (0..=0x7f_u8).map(|b| char::from(b).to_string()).chain([text.clone()]) {
            same_as(&json!(one), |w| w.str(&one));
        }
        // Keys are escaped as values are.
        same_as(&json!({ text.as_str(): 1, "b": [] }), |w| {
            w.object(|o| {
                o.field(&text, &1_u32);
                o.field("b", &Vec::<u32>::new());
            })
        });
    }

    #[test]
    fn layout_is_serde_json_s_compact_and_pretty() {
        let nested: Vec<Vec<Option<Vec<u32>>>> =
            vec![vec![], vec![None, Some(vec![]), Some(vec![1, 2])], vec![Some(vec![3])], vec![]];
        same_as(&json!(nested), |w| nested.write_json(w));
        same_as(
            &json!({"a": {}, "b": [true, false, null], "c": {"d": [{"e": u64::MAX}], "f": i64::MIN}}),
            |w| {
                w.object(|o| {
                    o.field_with("a", |w| w.object(|_| {}));
                    o.field_with("b", |w| {
                        w.array(|a| {
                            a.item(&true);
                            a.item(&false);
                            a.item(&None::<u32>);
                        })
                    });
                    o.field_with("c", |w| {
                        w.object(|o| {
                            o.field_with("d", |w| w.array(|a| a.item(&OneField(u64::MAX))));
                            o.field("f", &i64::MIN);
                        })
                    });
                })
            },
        );
        let mut w = Writer::compact();
        w.object(|o| {
            o.field_if_some("skipped", &None::<u32>);
            o.field_if_some("kept", &Some(0_u32));
        });
        assert_eq!(w.finish(), r#"{"kept":0}"#);
    }

    struct OneField(u64);

    impl ToJson for OneField {
        fn write_json(&self, w: &mut Writer) {
            w.object(|o| o.field("e", &self.0));
        }
    }
}
