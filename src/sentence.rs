//! Messages for people as sentences: every reason, warning and error says what it says
//! the same way.

/// A message as a sentence for people: the first word capitalised when it is a plain
/// lowercase word (never an id or a version someone wrote), and a full stop at the end.
pub(crate) fn sentence(mut text: String) -> String {
    let first_word = text.split(' ').next().unwrap_or_default();
    if !first_word.is_empty() && first_word.bytes().all(|b| b.is_ascii_lowercase()) {
        if let Some(first) = text.get_mut(..1) {
            first.make_ascii_uppercase();
        }
    }
    if !text.ends_with(['.', '!', '?']) {
        text.push('.');
    }
    text
}

#[cfg(test)]
mod tests {
    use super::sentence;

    #[test]
    fn a_plain_first_word_is_capitalised_and_an_id_is_not() {
        assert_eq!(sentence("no history entry".to_owned()), "No history entry.");
        assert_eq!(sentence("etl.load fails".to_owned()), "etl.load fails.");
        assert_eq!(sentence("`d9` is missing".to_owned()), "`d9` is missing.");
        assert_eq!(sentence("Done!".to_owned()), "Done!");
    }
}
