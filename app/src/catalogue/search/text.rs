//! Words as search sees them, the same on both databases: the text is split into words here,
//! in Rust, and the databases index the words we give them (SQLite's FTS5 with `unicode61`,
//! PostgreSQL's `simple` configuration), so a search matches the same services on either.
//!
//! Names (the service's and its supplier's) are matched as written; descriptive text (summary,
//! features, benefits, categories) by English stem (Snowball's Porter 2, the `rust-stemmers`
//! crate), so "managing" finds "managed services" but a supplier called "Managing Ltd" only by
//! its name.

use rust_stemmers::{Algorithm, Stemmer};
use std::sync::LazyLock;

static ENGLISH: LazyLock<Stemmer> = LazyLock::new(|| Stemmer::create(Algorithm::English));

/// The two parts of a service's indexed words.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Column {
    /// The service's and its supplier's names, words as written.
    Names,
    /// The summary, features, benefits and categories, as stems.
    Text,
}

/// Is this character part of a word? Apostrophes join ("police's" is one word), everything
/// else that is not a letter or digit separates.
fn in_word(c: char) -> bool {
    c.is_alphanumeric() || c == '\'' || c == '\u{2019}'
}

/// The words of a text, lower case, apostrophes dropped, as (start, end) byte spans of the
/// original and the word.
pub fn word_spans(text: &str) -> Vec<(usize, usize, String)> {
    let mut out = Vec::new();
    let mut start = None;
    for (i, c) in text
        .char_indices()
        .chain(std::iter::once((text.len(), ' ')))
    {
        match (start, in_word(c)) {
            (None, true) => start = Some(i),
            (Some(s), false) => {
                let word: String = text[s..i]
                    .chars()
                    .filter(|c| c.is_alphanumeric())
                    .flat_map(char::to_lowercase)
                    .collect();
                if !word.is_empty() {
                    out.push((s, i, word));
                }
                start = None;
            }
            _ => {}
        }
    }
    out
}

/// The words of a text, lower case.
pub fn words(text: &str) -> Vec<String> {
    word_spans(text).into_iter().map(|(_, _, w)| w).collect()
}

/// A word's English stem.
pub fn stem(word: &str) -> String {
    ENGLISH.stem(word).into_owned()
}

/// What the index holds for names: their words, one space apart.
pub fn name_document<'a>(parts: impl IntoIterator<Item = &'a str>) -> String {
    parts
        .into_iter()
        .flat_map(words)
        .collect::<Vec<_>>()
        .join(" ")
}

/// What the index holds for descriptive text: the stems of its words, one space apart.
pub fn text_document<'a>(parts: impl IntoIterator<Item = &'a str>) -> String {
    parts
        .into_iter()
        .flat_map(words)
        .map(|w| stem(&w))
        .collect::<Vec<_>>()
        .join(" ")
}

/// A piece of shown text, marked when it is a word the search matched.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Piece {
    pub text: String,
    pub marked: bool,
}

/// Splits `text` into pieces, marking the words that match `words` (as written, for a name)
/// or whose stems match `stems` (for descriptive text). The pieces are plain text: the page
/// escapes them and wraps the marked ones in `<mark>`.
pub fn highlight(text: &str, words: &[String], stems: &[String], stemmed: bool) -> Vec<Piece> {
    let mut out: Vec<Piece> = Vec::new();
    let mut push = |text: &str, marked: bool| {
        if text.is_empty() {
            return;
        }
        match out.last_mut() {
            Some(last) if last.marked == marked => last.text.push_str(text),
            _ => out.push(Piece {
                text: text.to_string(),
                marked,
            }),
        }
    };
    let mut at = 0;
    for (start, end, word) in word_spans(text) {
        let hit = if stemmed {
            stems.contains(&stem(&word))
        } else {
            words.contains(&word)
        };
        if hit {
            push(&text[at..start], false);
            push(&text[start..end], true);
            at = end;
        }
    }
    push(&text[at..], false);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_are_letters_and_digits_joined_by_apostrophes() {
        assert_eq!(
            words("Police's records-management (RMS) 5-G4-0365"),
            ["polices", "records", "management", "rms", "5", "g4", "0365"]
        );
        assert_eq!(words("Café  ÉCOLE"), ["café", "école"]);
        assert!(words(" -- | \" ").is_empty());
    }

    #[test]
    fn descriptive_text_is_stemmed_and_names_are_not() {
        assert_eq!(
            text_document(["Managing managed services"]),
            "manag manag servic"
        );
        assert_eq!(name_document(["Managing Ltd", "Acme"]), "managing ltd acme");
    }

    #[test]
    fn highlighting_marks_whole_words_and_keeps_the_rest() {
        let pieces = highlight(
            "Managed <b>records</b>, managing",
            &[],
            &[stem("manage")],
            true,
        );
        assert_eq!(
            pieces,
            [
                Piece {
                    text: "Managed".into(),
                    marked: true
                },
                Piece {
                    text: " <b>records</b>, ".into(),
                    marked: false
                },
                Piece {
                    text: "managing".into(),
                    marked: true
                },
            ]
        );
        let names = highlight("Acme Managing Ltd", &["managing".into()], &[], false);
        assert_eq!(names.iter().filter(|p| p.marked).count(), 1);
    }
}
