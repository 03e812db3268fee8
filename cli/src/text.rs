//! Text for a terminal: how many columns it takes, wrapped to a width, and made safe.

use unicode_width::UnicodeWidthChar;

/// The columns `text` takes on a terminal, counting every character as at least one
/// (so that a count of characters never exceeds it).
pub fn cols(text: &str) -> usize {
    text.chars().map(|c| c.width().unwrap_or(1).max(1)).sum()
}

/// Whether `word` starts with `pattern`, where `9` stands for any digit.
fn shaped(word: &str, pattern: &str) -> bool {
    let mut chars = word.chars();
    pattern.chars().all(|p| chars.next().is_some_and(|c| if p == '9' { c.is_ascii_digit() } else { c == p }))
}

/// The words of `text`, a date and the time after it (`2023-11-06 14:00`) as one.
pub fn words(text: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for word in text.split(' ').filter(|w| !w.is_empty()) {
        match out.last_mut() {
            Some(date) if date.len() == 10 && shaped(date, "9999-99-99") && shaped(word, "99:99") => {
                date.push(' ');
                date.push_str(word);
            }
            _ => out.push(word.to_owned()),
        }
    }
    out
}

/// `text` wrapped at spaces into lines of at most `width` columns, never between a date
/// and its time; a word longer than a line is cut across lines.
pub fn wrap(text: &str, width: usize) -> Vec<String> {
    let width = width.max(10);
    let mut lines = Vec::new();
    let mut line = String::new();
    let mut used = 0;
    for word in words(text) {
        let word = word.as_str();
        let size = cols(word);
        if !line.is_empty() {
            if used + 1 + size <= width {
                line.push(' ');
                line.push_str(word);
                used += 1 + size;
                continue;
            }
            lines.push(std::mem::take(&mut line));
            used = 0;
        }
        for c in word.chars() {
            let w = c.width().unwrap_or(1).max(1);
            if used + w > width {
                lines.push(std::mem::take(&mut line));
                used = 0;
            }
            line.push(c);
            used += w;
        }
    }
    if !line.is_empty() || lines.is_empty() {
        lines.push(line);
    }
    lines
}

/// Whether `c` must not reach a terminal as it is: a control character (escape sequences
/// start with one), or an invisible format character that reorders or hides text — the
/// bidirectional embeddings and overrides U+202A–U+202E, the isolates U+2066–U+2069, the
/// marks U+200E, U+200F and U+061C, the zero-width U+200B–U+200D, and U+FEFF.
pub fn unsafe_char(c: char) -> bool {
    c.is_control()
        || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' | '\u{200b}'..='\u{200f}')
        || matches!(c, '\u{061c}' | '\u{feff}')
}

/// Text from the input, safe for a terminal: control and format characters (escape
/// sequences and bidi overrides included) are shown as `�`, and long text is cut with `…`.
pub fn clean(text: &str, max: usize) -> String {
    let mut out: String =
        text.chars().map(|c| if unsafe_char(c) { '\u{fffd}' } else { c }).take(max).collect();
    if text.chars().count() > max {
        out.pop();
        out.push('…');
    }
    out
}

/// Lines of text that echo the input (an error message), safe for a terminal: the same
/// replacement as [`clean`], but line breaks are kept and nothing is cut.
pub fn clean_lines(text: &str) -> String {
    text.chars().map(|c| if c != '\n' && unsafe_char(c) { '\u{fffd}' } else { c }).collect()
}

/// JSON text for a terminal: every character [`clean`] would replace is written as a
/// `\uXXXX` escape instead, which JSON reads back as the same text. (serde_json escapes
/// only the controls below U+0020; the structure's own line breaks stay.)
pub fn json_for_terminal(json: &str) -> String {
    let mut out = String::with_capacity(json.len());
    for c in json.chars() {
        if c != '\n' && unsafe_char(c) {
            out.push_str(&format!("\\u{:04x}", u32::from(c)));
        } else {
            out.push(c);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn control_characters_never_reach_the_terminal() {
        assert_eq!(clean("a\u{1b}[31mred\n", 80), "a\u{fffd}[31mred\u{fffd}");
        assert_eq!(clean("abcdef", 4), "abc…");
        assert_eq!(clean_lines("a\u{1b}]0;x\u{7}\nb\r"), "a\u{fffd}]0;x\u{fffd}\nb\u{fffd}");
    }

    #[test]
    fn json_for_a_terminal_escapes_what_it_would_replace() {
        let text = "a\u{202e}b\u{7f}c\u{feff}\u{9b}";
        let json = serde_json::to_string_pretty(&serde_json::json!({ "k": text })).unwrap_or_default();
        let safe = json_for_terminal(&json);
        assert!(safe.contains(r"a\u202eb\u007fc\ufeff\u009b"), "{safe}");
        let back: serde_json::Value = serde_json::from_str(&safe).unwrap_or_default();
        assert_eq!(back.get("k").and_then(serde_json::Value::as_str), Some(text));
    }

    #[test]
    fn format_characters_never_reach_the_terminal() {
        for c in ['\u{202a}', '\u{202e}', '\u{2066}', '\u{2069}', '\u{200b}', '\u{200d}', '\u{feff}'] {
            assert_eq!(clean(&format!("a{c}b"), 80), "a\u{fffd}b", "{:?}", c);
            assert_eq!(clean_lines(&format!("a{c}b")), "a\u{fffd}b", "{:?}", c);
        }
        // Ordinary text, right-to-left scripts and emoji pass.
        for ok in ["déploiement", "נתונים", "日本", "✓ ok"] {
            assert_eq!(clean(ok, 80), ok);
        }
    }

    #[test]
    fn prose_wraps_at_spaces_and_cuts_long_words() {
        assert_eq!(wrap("aaa bbb ccc", 10), ["aaa bbb", "ccc"]);
        assert_eq!(
            wrap("to the deploy of 2023-11-06 14:00 UTC", 27),
            ["to the deploy of", "2023-11-06 14:00 UTC"]
        );
        assert_eq!(wrap("on 2023-11-06 at noon", 13), ["on 2023-11-06", "at noon"]);
        assert_eq!(wrap("", 10), [""]);
        let long = "x".repeat(25);
        assert_eq!(wrap(&long, 10), ["x".repeat(10), "x".repeat(10), "x".repeat(5)]);
        assert_eq!(wrap(&format!("ab {long}"), 10), ["ab", &"x".repeat(10), &"x".repeat(10), &"x".repeat(5)]);
        for line in wrap("the quick brown fox jumps over the lazy dog, again and again", 12) {
            assert!(cols(&line) <= 12, "{line:?}");
        }
    }

    #[test]
    fn wide_characters_take_two_columns() {
        assert_eq!(cols("日本"), 4);
        assert_eq!(wrap("日本語 日本語", 8), ["日本語", "日本語"]);
    }
}
