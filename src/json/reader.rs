//! A pull reader of JSON text: the input types read themselves from it field by field,
//! in document order, with no intermediate tree. It knows where it is (the path of the
//! value being read) and enforces the size limits as it goes, so an error, whether of
//! syntax, type, value or size, names the field at fault in the same single pass.

use super::{MAX_ARRAY_LEN, MAX_DEPTH, MAX_STRING_BYTES};
use crate::error::{ErrorCode, InputError};
use std::borrow::Cow;
use std::str::FromStr;

/// What reading gives.
pub(crate) type Read<T> = Result<T, InputError>;

/// A type read from JSON by [`Reader`].
pub(crate) trait FromJson: Sized {
    /// Reads one value at the reader's position.
    fn read(r: &mut Reader<'_>) -> Read<Self>;
}

/// What an object does with a key it does not know.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Unknown {
    /// Our own formats: a typo must not pass.
    Refuse,
    /// Documents of others (Astronomer's), which grow new fields.
    Skip,
}

/// One step of the path: an object's key or an array's index.
enum Step<'a> {
    Key(Cow<'a, str>),
    Index(usize),
}

/// The reader: the text, the position, and the path of the value at the position.
pub(crate) struct Reader<'a> {
    text: &'a str,
    pos: usize,
    path: Vec<Step<'a>>,
    depth: usize,
}

impl<'a> Reader<'a> {
    /// A reader at the start of `text`.
    pub(crate) fn new(text: &'a str) -> Self {
        Self { text, pos: 0, path: Vec::new(), depth: 0 }
    }

    /// Reads a `T` here.
    pub(crate) fn read<T: FromJson>(&mut self) -> Read<T> {
        T::read(self)
    }

    /// Checks that nothing but whitespace follows the document.
    pub(crate) fn finish(&mut self) -> Read<()> {
        match self.peek() {
            None => Ok(()),
            Some(_) => Err(self.syntax("trailing characters")),
        }
    }

    // ---- errors -------------------------------------------------------------------

    /// An error of `code` about the value at the current path.
    pub(crate) fn error(&self, code: ErrorCode, message: impl Into<String>) -> InputError {
        InputError::new(code, self.path_text(), message)
    }

    /// The required `field` of the object just read is absent.
    pub(crate) fn missing(&self, field: &str) -> InputError {
        let mut path = self.path_text();
        if !path.is_empty() {
            path.push('.');
        }
        path.push_str(field);
        InputError::new(ErrorCode::MissingField, path, "is required")
    }

    /// `value`, or the error that `field` is missing.
    pub(crate) fn required<T>(&self, value: Option<T>, field: &str) -> Read<T> {
        value.ok_or_else(|| self.missing(field))
    }

    fn path_text(&self) -> String {
        let mut path = String::new();
        for step in &self.path {
            match step {
                Step::Key(key) => {
                    if !path.is_empty() {
                        path.push('.');
                    }
                    path.push_str(key);
                }
                Step::Index(index) => {
                    path.push('[');
                    path.push_str(&index.to_string());
                    path.push(']');
                }
            }
        }
        path
    }

    /// Malformed JSON at the position: `what`, with the line and column.
    fn syntax(&self, what: &str) -> InputError {
        let before = self.text.get(..self.pos).unwrap_or(self.text);
        let line = before.bytes().filter(|b| *b == b'\n').count() + 1;
        let column = before.rsplit('\n').next().map_or(0, |last| last.chars().count()) + 1;
        let message = format!("{what} at line {line} column {column}");
        self.error(ErrorCode::InvalidJson, message)
    }

    /// A value of the wrong JSON type here (or no value at all).
    fn wrong_type(&mut self, expected: &str) -> InputError {
        let found = match self.peek() {
            None => return self.syntax("the input ends where a value belongs"),
            Some(b'"') => "a string",
            Some(b'{') => "an object",
            Some(b'[') => "an array",
            Some(b't' | b'f') => "a boolean",
            Some(b'n') => "null",
            Some(b'-' | b'0'..=b'9') => "a number",
            Some(_) => return self.syntax("expected a value"),
        };
        self.error(ErrorCode::InvalidJson, format!("invalid type: {found}, expected {expected}"))
    }

    // ---- scalars ------------------------------------------------------------------

    /// The next byte that is not whitespace, not consumed.
    fn peek(&mut self) -> Option<u8> {
        let bytes = self.text.as_bytes();
        while let Some(b' ' | b'\n' | b'\r' | b'\t') = bytes.get(self.pos) {
            self.pos += 1;
        }
        bytes.get(self.pos).copied()
    }

    fn literal(&mut self, word: &str) -> Read<()> {
        match self.text.get(self.pos..) {
            Some(rest) if rest.starts_with(word) => {
                self.pos += word.len();
                Ok(())
            }
            _ => Err(self.syntax("expected a value")),
        }
    }

    /// Consumes a `null` if there is one.
    pub(crate) fn null(&mut self) -> Read<bool> {
        if self.peek() == Some(b'n') {
            self.literal("null")?;
            return Ok(true);
        }
        Ok(false)
    }

    /// A boolean.
    pub(crate) fn boolean(&mut self) -> Read<bool> {
        match self.peek() {
            Some(b't') => self.literal("true").map(|()| true),
            Some(b'f') => self.literal("false").map(|()| false),
            _ => Err(self.wrong_type("a boolean")),
        }
    }

    /// A whole number from 0 to `max`. Fractions and exponents are the wrong type, as
    /// for serde; negative or larger numbers are values out of range.
    pub(crate) fn whole(&mut self, max: u64) -> Read<u64> {
        if !matches!(self.peek(), Some(b'-' | b'0'..=b'9')) {
            return Err(self.wrong_type("a whole number"));
        }
        let start = self.pos;
        let integer = self.number()?;
        let text = self.text.get(start..self.pos).unwrap_or_default();
        match integer {
            Some(value) if value <= max => Ok(value),
            Some(_) => {
                Err(self.error(ErrorCode::InvalidValue, format!("{text} is out of range (0 to {max})")))
            }
            None if !text.contains(['.', 'e', 'E']) && text.starts_with('-') => {
                Err(self.error(ErrorCode::InvalidValue, format!("{text} is out of range (0 to {max})")))
            }
            None => {
                Err(self
                    .error(ErrorCode::InvalidJson, format!("invalid type: {text}, expected a whole number")))
            }
        }
    }

    /// Consumes a number as JSON writes them; its value when it is a whole number that
    /// fits a `u64` (`-0` included).
    fn number(&mut self) -> Read<Option<u64>> {
        let bytes = self.text.as_bytes();
        let digits = |pos: &mut usize| {
            let start = *pos;
            while let Some(b'0'..=b'9') = bytes.get(*pos) {
                *pos += 1;
            }
            *pos - start
        };
        let mut pos = self.pos;
        let negative = bytes.get(pos) == Some(&b'-');
        if negative {
            pos += 1;
        }
        let int_start = pos;
        let int_len = digits(&mut pos);
        let leading_zero = int_len > 1 && bytes.get(int_start) == Some(&b'0');
        if int_len == 0 || leading_zero {
            self.pos = pos;
            return Err(self.syntax("invalid number"));
        }
        let mut whole = true;
        if bytes.get(pos) == Some(&b'.') {
            pos += 1;
            whole = false;
            if digits(&mut pos) == 0 {
                self.pos = pos;
                return Err(self.syntax("invalid number"));
            }
        }
        if let Some(b'e' | b'E') = bytes.get(pos) {
            pos += 1;
            whole = false;
            if let Some(b'+' | b'-') = bytes.get(pos) {
                pos += 1;
            }
            if digits(&mut pos) == 0 {
                self.pos = pos;
                return Err(self.syntax("invalid number"));
            }
        }
        let int_text = self.text.get(int_start..int_start + int_len).unwrap_or_default();
        self.pos = pos;
        let value = int_text.parse::<u64>().ok().filter(|v| whole && (!negative || *v == 0));
        Ok(value)
    }

    /// A string, borrowed from the text unless it holds escapes.
    pub(crate) fn string(&mut self) -> Read<Cow<'a, str>> {
        if self.peek() != Some(b'"') {
            return Err(self.wrong_type("a string"));
        }
        self.string_body()
    }

    /// The string whose opening quote is at the position.
    fn string_body(&mut self) -> Read<Cow<'a, str>> {
        let text = self.text;
        let bytes = text.as_bytes();
        self.pos += 1;
        let start = self.pos;
        // Plain strings (no escapes) are slices of the text.
        let mut owned = loop {
            self.pos += super::plain_run(bytes.get(self.pos..).unwrap_or_default());
            match bytes.get(self.pos) {
                Some(b'"') => {
                    let value = text.get(start..self.pos).unwrap_or_default();
                    self.pos += 1;
                    self.check_length(start)?;
                    return Ok(Cow::Borrowed(value));
                }
                Some(b'\\') => break String::from(text.get(start..self.pos).unwrap_or_default()),
                Some(0..=0x1f) => return Err(self.syntax("a control character inside a string")),
                Some(_) => self.pos += 1,
                None => return Err(self.syntax("the input ends inside a string")),
            }
        };
        loop {
            match bytes.get(self.pos) {
                Some(b'"') => {
                    self.pos += 1;
                    self.check_length(start)?;
                    return Ok(Cow::Owned(owned));
                }
                Some(b'\\') => {
                    let escaped = match bytes.get(self.pos + 1) {
                        Some(b'"') => '"',
                        Some(b'\\') => '\\',
                        Some(b'/') => '/',
                        Some(b'b') => '\u{8}',
                        Some(b'f') => '\u{c}',
                        Some(b'n') => '\n',
                        Some(b'r') => '\r',
                        Some(b't') => '\t',
                        Some(b'u') => {
                            self.pos += 2;
                            owned.push(self.unicode_escape()?);
                            continue;
                        }
                        _ => {
                            self.pos += 1;
                            return Err(self.syntax("an invalid escape"));
                        }
                    };
                    owned.push(escaped);
                    self.pos += 2;
                }
                Some(0..=0x1f) => return Err(self.syntax("a control character inside a string")),
                Some(_) => {
                    // Copy the run up to the next quote, backslash or control character
                    // (all ASCII, so the run ends on a character boundary).
                    let run = self.pos;
                    self.pos += super::plain_run(bytes.get(run..).unwrap_or_default());
                    owned.push_str(text.get(run..self.pos).unwrap_or_default());
                }
                None => return Err(self.syntax("the input ends inside a string")),
            }
        }
    }

    /// Refuses a string longer than the limit, as written in the text (quotes excluded).
    fn check_length(&self, start: usize) -> Read<()> {
        let length = self.pos - 1 - start;
        if length > MAX_STRING_BYTES {
            let message = format!("a string of {length} bytes; the limit is {MAX_STRING_BYTES}");
            return Err(self.error(ErrorCode::InputTooLarge, message));
        }
        Ok(())
    }

    /// The character of a `\uXXXX` escape whose hex digits start at the position,
    /// joining a surrogate pair.
    fn unicode_escape(&mut self) -> Read<char> {
        let high = self.hex4()?;
        let code = match high {
            0xD800..=0xDBFF => {
                if self.text.get(self.pos..self.pos + 2) != Some("\\u") {
                    return Err(self.syntax("a lone surrogate in a \\u escape"));
                }
                self.pos += 2;
                let low = self.hex4()?;
                if !(0xDC00..=0xDFFF).contains(&low) {
                    return Err(self.syntax("a lone surrogate in a \\u escape"));
                }
                0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00)
            }
            0xDC00..=0xDFFF => return Err(self.syntax("a lone surrogate in a \\u escape")),
            _ => high,
        };
        char::from_u32(code).ok_or_else(|| self.syntax("an invalid \\u escape"))
    }

    fn hex4(&mut self) -> Read<u32> {
        let digits =
            self.text.get(self.pos..self.pos + 4).filter(|d| d.bytes().all(|b| b.is_ascii_hexdigit()));
        let value = digits.and_then(|d| u32::from_str_radix(d, 16).ok());
        match value {
            Some(value) => {
                self.pos += 4;
                Ok(value)
            }
            None => Err(self.syntax("an invalid \\u escape")),
        }
    }

    /// A string read as a `T` through `FromStr`; a refusal is an error of `code` whose
    /// message is the parser's.
    pub(crate) fn parsed<T: FromStr>(&mut self, code: ErrorCode) -> Read<T>
    where
        T::Err: std::fmt::Display,
    {
        let text = self.string()?;
        text.parse().map_err(|err: T::Err| self.error(code, err.to_string()))
    }

    /// One of the values of an enum, by the name `name` gives it.
    pub(crate) fn one_of<T: Copy>(&mut self, all: &[T], name: fn(T) -> &'static str) -> Read<T> {
        let text = self.string()?;
        if let Some(value) = all.iter().find(|value| name(**value) == text) {
            return Ok(*value);
        }
        let names: Vec<&str> = all.iter().map(|value| name(*value)).collect();
        Err(self.unknown_variant(&text, &names))
    }

    fn unknown_variant(&self, text: &str, names: &[&str]) -> InputError {
        let shown: String = text.chars().take(64).collect();
        let message = format!("unknown value `{shown}`, expected one of {}", quoted_list(names));
        self.error(ErrorCode::InvalidValue, message)
    }

    // ---- containers ---------------------------------------------------------------

    /// Enters the container that `open` starts, refusing too deep a nesting.
    fn open(&mut self, open: u8, expected: &str) -> Read<()> {
        if self.peek() != Some(open) {
            return Err(self.wrong_type(expected));
        }
        if self.depth >= MAX_DEPTH {
            return Err(
                self.error(ErrorCode::InputTooLarge, format!("nesting deeper than {MAX_DEPTH} levels"))
            );
        }
        self.depth += 1;
        self.pos += 1;
        Ok(())
    }

    /// Leaves a container whose closing bracket is at the position.
    fn close(&mut self) {
        self.depth = self.depth.saturating_sub(1);
        self.pos += 1;
    }

    /// The next key of an object opened with [`Self::open`], the `:` after it consumed;
    /// `None` at the closing brace. `first` is whether no key was read yet.
    fn next_key(&mut self, first: &mut bool) -> Read<Option<Cow<'a, str>>> {
        match self.peek() {
            Some(b'}') if *first => {
                self.close();
                return Ok(None);
            }
            _ if *first => *first = false,
            Some(b',') => self.pos += 1,
            Some(b'}') => {
                self.close();
                return Ok(None);
            }
            None => return Err(self.syntax("the input ends inside an object")),
            Some(_) => return Err(self.syntax("expected `,` or `}`")),
        }
        let key = match self.peek() {
            Some(b'"') => self.string_body()?,
            None => return Err(self.syntax("the input ends inside an object")),
            Some(_) => return Err(self.syntax("expected a key in double quotes")),
        };
        if self.peek() != Some(b':') {
            return Err(self.syntax("expected `:`"));
        }
        self.pos += 1;
        Ok(Some(key))
    }

    /// Reads an object with the fields `fields`, calling `each` with the reader at the
    /// value of every known field, in document order. A field given twice is an error;
    /// an unknown one is an error or skipped, as `unknown` says.
    pub(crate) fn object(
        &mut self,
        fields: &'static [&'static str],
        unknown: Unknown,
        each: &mut dyn FnMut(&mut Self, &'static str) -> Read<()>,
    ) -> Read<()> {
        self.open(b'{', "an object")?;
        let (mut first, mut seen) = (true, 0_u64);
        while let Some(field) = self.next_field(fields, unknown, &mut first, &mut seen)? {
            each(self, field)?;
            self.path.pop();
        }
        Ok(())
    }

    /// The next known field of an object, its key pushed on the path.
    fn next_field(
        &mut self,
        fields: &'static [&'static str],
        unknown: Unknown,
        first: &mut bool,
        seen: &mut u64,
    ) -> Read<Option<&'static str>> {
        while let Some(key) = self.next_key(first)? {
            // Documents mostly list fields in our order: try the one after the last seen.
            let guess = (u64::BITS - seen.leading_zeros()) as usize;
            let known = match fields.get(guess) {
                Some(field) if *field == key => Some(guess),
                _ => fields.iter().position(|field| *field == key),
            };
            self.path.push(Step::Key(key));
            match known {
                Some(index) => {
                    let bit = 1_u64.checked_shl(u32::try_from(index).unwrap_or(u32::MAX)).unwrap_or(0);
                    if *seen & bit != 0 {
                        return Err(self.error(ErrorCode::InvalidJson, "is given twice"));
                    }
                    *seen |= bit;
                    return Ok(fields.get(index).copied());
                }
                None if unknown == Unknown::Skip => {
                    self.skip_value()?;
                    self.path.pop();
                }
                None => {
                    let message = format!("is not a known field (expected one of {})", quoted_list(fields));
                    return Err(self.error(ErrorCode::UnknownField, message));
                }
            }
        }
        Ok(None)
    }

    /// Reads an object whose keys are data (a map), calling `each` with every key and
    /// the reader at its value.
    pub(crate) fn entries(&mut self, mut each: impl FnMut(&mut Self, &str) -> Read<()>) -> Read<()> {
        self.open(b'{', "an object")?;
        let mut first = true;
        while let Some(key) = self.next_key(&mut first)? {
            self.path.push(Step::Key(key.clone()));
            each(self, &key)?;
            self.path.pop();
        }
        Ok(())
    }

    /// Reads an array, each element with `each`.
    pub(crate) fn array<T>(&mut self, mut each: impl FnMut(&mut Self) -> Read<T>) -> Read<Vec<T>> {
        self.open(b'[', "an array")?;
        let mut items = Vec::new();
        while self.next_element(items.len())? {
            items.push(each(self)?);
            self.path.pop();
        }
        Ok(items)
    }

    /// Whether an element follows (its index pushed on the path), or the array ends.
    fn next_element(&mut self, index: usize) -> Read<bool> {
        match self.peek() {
            Some(b']') if index == 0 => {
                self.close();
                return Ok(false);
            }
            _ if index == 0 => {}
            Some(b',') => self.pos += 1,
            Some(b']') => {
                self.close();
                return Ok(false);
            }
            None => return Err(self.syntax("the input ends inside an array")),
            Some(_) => return Err(self.syntax("expected `,` or `]`")),
        }
        if index >= MAX_ARRAY_LEN {
            return Err(self.error(ErrorCode::InputTooLarge, format!("more than {MAX_ARRAY_LEN} elements")));
        }
        self.path.push(Step::Index(index));
        Ok(true)
    }

    /// Reads past any value, checking its syntax and the limits.
    fn skip_value(&mut self) -> Read<()> {
        match self.peek() {
            Some(b'"') => self.string_body().map(drop),
            Some(b'{') => self.entries(|r, _| r.skip_value()),
            Some(b'[') => self.array(Self::skip_value).map(drop),
            Some(b't') => self.literal("true"),
            Some(b'f') => self.literal("false"),
            Some(b'n') => self.literal("null"),
            Some(b'-' | b'0'..=b'9') => self.number().map(drop),
            None => Err(self.syntax("the input ends where a value belongs")),
            Some(_) => Err(self.syntax("expected a value")),
        }
    }
}

/// `` `a`, `b`, `c` ``
fn quoted_list(names: &[&str]) -> String {
    let quoted: Vec<String> = names.iter().map(|name| format!("`{name}`")).collect();
    quoted.join(", ")
}

// ---- the building blocks ----------------------------------------------------------

impl FromJson for String {
    fn read(r: &mut Reader<'_>) -> Read<Self> {
        r.string().map(Cow::into_owned)
    }
}

impl FromJson for bool {
    fn read(r: &mut Reader<'_>) -> Read<Self> {
        r.boolean()
    }
}

impl FromJson for u32 {
    fn read(r: &mut Reader<'_>) -> Read<Self> {
        let value = r.whole(u64::from(u32::MAX))?;
        Ok(u32::try_from(value).unwrap_or(u32::MAX))
    }
}

/// `null` is `None`.
impl<T: FromJson> FromJson for Option<T> {
    fn read(r: &mut Reader<'_>) -> Read<Self> {
        if r.null()? {
            return Ok(None);
        }
        T::read(r).map(Some)
    }
}

impl<T: FromJson> FromJson for Vec<T> {
    fn read(r: &mut Reader<'_>) -> Read<Self> {
        r.array(T::read)
    }
}
