//! Text for a terminal: how many columns it takes, wrapped to a width, and made safe.

use unicode_width::UnicodeWidthChar;

/// The columns `text` takes on a terminal, counting every character as at least one
/// (so that a count of characters never exceeds it).
pub fn cols(text: &str) -> usize {
    text.chars().map(|c| c.width().unwrap_or(1).max(1)).sum()
}

/// `text` wrapped at spaces into lines of at most `width` columns; a word longer than a
/// line is cut across lines.
pub fn wrap(text: &str, width: usize) -> Vec<String> {
    let width = width.max(10);
    let mut lines = Vec::new();
    let mut line = String::new();
    let mut used = 0;
    for word in text.split(' ').filter(|w| !w.is_empty()) {
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

/// Text from the input, safe for a terminal: control characters (escape sequences
/// included) are shown as `�`, and long text is cut with `…`.
pub fn clean(text: &str, max: usize) -> String {
    let mut out: String =
        text.chars().map(|c| if c.is_control() { '\u{fffd}' } else { c }).take(max).collect();
    if text.chars().count() > max {
        out.pop();
        out.push('…');
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
    }

    #[test]
    fn prose_wraps_at_spaces_and_cuts_long_words() {
        assert_eq!(wrap("aaa bbb ccc", 10), ["aaa bbb", "ccc"]);
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
