//! The search box's language, as the Digital Marketplace's (`simple_query_string` with
//! `default_operator: and`): every word must match somewhere (different words may match
//! different fields), `"quoted phrases"`, `-word` or `-"a phrase"` to exclude, `a | b` for
//! either. A query is parsed here into a [`Query`], then written for SQLite's FTS5
//! ([`Query::fts5`]) or PostgreSQL's `to_tsquery` ([`Query::tsquery`]).
//!
//! Nothing a person types is an error: an unclosed quote is closed, stray operators are
//! dropped, and a query too long is cut; each correction is a [`Note`] the page shows.

use super::text::{stem, words, Column};

/// Characters of a query read; the rest is cut (with a note).
pub const MAX_QUERY_CHARS: usize = 500;
/// Words and phrases read, with or without a minus; the rest are dropped (with a note).
pub const MAX_ATOMS: usize = 20;

/// A word, or words that must come together.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Atom {
    Word(String),
    Phrase(Vec<String>),
}

impl Atom {
    /// One word is a word; several (a quoted phrase, or "records-management") a phrase.
    fn of(mut words: Vec<String>) -> Option<Atom> {
        match words.len() {
            0 => None,
            1 => words.pop().map(Atom::Word),
            _ => Some(Atom::Phrase(words)),
        }
    }

    pub fn words(&self) -> &[String] {
        match self {
            Atom::Word(w) => std::slice::from_ref(w),
            Atom::Phrase(ws) => ws,
        }
    }
}

/// What was changed in a query to read it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Note {
    /// A quote was opened and never closed: it was closed at the end.
    ClosedQuote,
    /// Only operators or punctuation: nothing to search for.
    NoWords,
    /// Longer than [`MAX_QUERY_CHARS`] characters: the rest was cut.
    Cut,
    /// More than [`MAX_ATOMS`] words and phrases: the rest were dropped.
    TooManyWords,
}

impl Note {
    pub fn message(self) -> String {
        match self {
            Note::ClosedQuote => {
                "A quotation mark was not closed, so it was closed at the end of the search.".into()
            }
            Note::NoWords => "The search had no words in it, so every service is shown.".into(),
            Note::Cut => format!(
                "The search was longer than {MAX_QUERY_CHARS} characters, so it was cut short."
            ),
            Note::TooManyWords => {
                format!("Only the first {MAX_ATOMS} words and phrases were searched for.")
            }
        }
    }
}

/// A parsed query: every group must match (each group is one atom, or atoms joined by `|`,
/// of which one must match), and no excluded atom may.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Query {
    pub all: Vec<Vec<Atom>>,
    pub none: Vec<Atom>,
    pub notes: Vec<Note>,
}

enum Token {
    Atom { words: Vec<String>, minus: bool },
    Or,
}

impl Query {
    pub fn parse(input: &str) -> Query {
        let mut notes = Vec::new();
        let input: String = if input.chars().count() > MAX_QUERY_CHARS {
            notes.push(Note::Cut);
            input.chars().take(MAX_QUERY_CHARS).collect()
        } else {
            input.to_string()
        };
        let mut tokens = Vec::new();
        let mut chars = input.chars().peekable();
        while let Some(&c) = chars.peek() {
            if c.is_whitespace() {
                chars.next();
                continue;
            }
            if c == '|' {
                chars.next();
                tokens.push(Token::Or);
                continue;
            }
            let mut minus = false;
            if c == '-' {
                chars.next();
                minus = true;
            }
            let text: String = if chars.peek() == Some(&'"') {
                chars.next();
                let mut phrase = String::new();
                let mut closed = false;
                for c in chars.by_ref() {
                    if c == '"' {
                        closed = true;
                        break;
                    }
                    phrase.push(c);
                }
                if !closed && !notes.contains(&Note::ClosedQuote) {
                    notes.push(Note::ClosedQuote);
                }
                phrase
            } else {
                let mut word = String::new();
                while let Some(&c) = chars.peek() {
                    if c.is_whitespace() || c == '|' || c == '"' {
                        break;
                    }
                    word.push(c);
                    chars.next();
                }
                word
            };
            tokens.push(Token::Atom {
                words: words(&text),
                minus,
            });
        }
        let mut query = Query {
            notes,
            ..Query::default()
        };
        let mut atoms = 0;
        let mut join_next = false;
        for token in tokens {
            match token {
                Token::Or => join_next = !query.all.is_empty(),
                Token::Atom { words, minus } => {
                    let Some(atom) = Atom::of(words) else {
                        continue;
                    };
                    atoms += 1;
                    if atoms > MAX_ATOMS {
                        if !query.notes.contains(&Note::TooManyWords) {
                            query.notes.push(Note::TooManyWords);
                        }
                        continue;
                    }
                    if minus {
                        query.none.push(atom);
                    } else if let (true, Some(group)) = (join_next, query.all.last_mut()) {
                        group.push(atom);
                    } else {
                        query.all.push(vec![atom]);
                    }
                    join_next = false;
                }
            }
        }
        if query.all.is_empty() && query.none.is_empty() && !input.trim().is_empty() {
            query.notes.push(Note::NoWords);
        }
        query
    }

    /// Nothing to match: the search is a browse.
    pub fn is_empty(&self) -> bool {
        self.all.is_empty() && self.none.is_empty()
    }

    /// Every word the results may be highlighted for, as written and as stems.
    pub fn highlight_words(&self) -> (Vec<String>, Vec<String>) {
        let words: Vec<String> = self
            .all
            .iter()
            .flatten()
            .flat_map(|a| a.words().iter().cloned())
            .collect();
        let stems = words.iter().map(|w| stem(w)).collect();
        (words, stems)
    }

    /// The positive part for SQLite's FTS5, over a table with the columns `names` (words as
    /// written) and `text` (stems): each atom matches the names as written or the text by
    /// stem. `None` when there is no positive part (only exclusions, or nothing).
    pub fn fts5(&self) -> Option<String> {
        fts5_all(self.all.iter().map(Vec::as_slice))
    }

    /// The excluded atoms for FTS5, any of which excludes a service.
    pub fn fts5_excluded(&self) -> Option<String> {
        fts5_any(&self.none)
    }

    /// The positive part for PostgreSQL's `to_tsquery('simple', …)`, over a document whose
    /// names are weighted A and stems B.
    pub fn tsquery(&self) -> Option<String> {
        tsquery_all(self.all.iter().map(Vec::as_slice))
    }

    /// The excluded atoms for `to_tsquery`, any of which excludes a service.
    pub fn tsquery_excluded(&self) -> Option<String> {
        tsquery_any(&self.none)
    }
}

/// Groups for FTS5, every one of which must match (`None` for no groups).
pub fn fts5_all<'a>(groups: impl IntoIterator<Item = &'a [Atom]>) -> Option<String> {
    let groups: Vec<String> = groups.into_iter().map(fts5_group).collect();
    (!groups.is_empty()).then(|| groups.join(" AND "))
}

/// Atoms for FTS5, any of which matches (`None` for none).
pub fn fts5_any(atoms: &[Atom]) -> Option<String> {
    (!atoms.is_empty()).then(|| fts5_group(atoms))
}

/// Groups for `to_tsquery`, every one of which must match (`None` for no groups).
pub fn tsquery_all<'a>(groups: impl IntoIterator<Item = &'a [Atom]>) -> Option<String> {
    let groups: Vec<String> = groups.into_iter().map(ts_group).collect();
    (!groups.is_empty()).then(|| groups.join(" & "))
}

/// Atoms for `to_tsquery`, any of which matches (`None` for none).
pub fn tsquery_any(atoms: &[Atom]) -> Option<String> {
    (!atoms.is_empty()).then(|| ts_group(atoms))
}

/// One indexed word in one column alone (a name's word as written, or a stem of the text),
/// for FTS5 or (`pg`) `to_tsquery`.
pub fn one_word(column: Column, word: &str, pg: bool) -> String {
    match (column, pg) {
        (Column::Names, false) => format!("names : \"{word}\""),
        (Column::Text, false) => format!("text : \"{word}\""),
        (Column::Names, true) => format!("'{word}':A"),
        (Column::Text, true) => format!("'{word}':B"),
    }
}

/// Words reach the databases only as letters and digits (see `text::words`), and are quoted
/// besides, so nothing in them is syntax.
fn fts5_atom(atom: &Atom) -> String {
    let ws = atom.words();
    let stems: Vec<String> = ws.iter().map(|w| stem(w)).collect();
    format!(
        "(names : \"{}\" OR text : \"{}\")",
        ws.join(" "),
        stems.join(" ")
    )
}

fn fts5_group(atoms: &[Atom]) -> String {
    let parts: Vec<String> = atoms.iter().map(fts5_atom).collect();
    format!("({})", parts.join(" OR "))
}

fn ts_atom(atom: &Atom) -> String {
    let ws = atom.words();
    let weighted = |words: &[String], weight: char| {
        words
            .iter()
            .map(|w| format!("'{w}':{weight}"))
            .collect::<Vec<_>>()
            .join(" <-> ")
    };
    let stems: Vec<String> = ws.iter().map(|w| stem(w)).collect();
    format!("(({}) | ({}))", weighted(ws, 'A'), weighted(&stems, 'B'))
}

fn ts_group(atoms: &[Atom]) -> String {
    let parts: Vec<String> = atoms.iter().map(ts_atom).collect();
    format!("({})", parts.join(" | "))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn w(s: &str) -> Atom {
        Atom::Word(s.into())
    }

    #[test]
    fn words_and_phrases_or_and_not() {
        let q = Query::parse(r#"cloud "case files" -legacy storage | archive -"on premise""#);
        assert_eq!(
            q.all,
            vec![
                vec![w("cloud")],
                vec![Atom::Phrase(vec!["case".into(), "files".into()])],
                vec![w("storage"), w("archive")],
            ]
        );
        assert_eq!(
            q.none,
            vec![
                w("legacy"),
                Atom::Phrase(vec!["on".into(), "premise".into()])
            ]
        );
        assert!(q.notes.is_empty());
    }

    #[test]
    fn what_a_person_types_wrong_is_corrected_with_a_note() {
        let q = Query::parse(r#"body "worn video"#);
        assert_eq!(q.all.len(), 2);
        assert_eq!(q.notes, [Note::ClosedQuote]);
        let q = Query::parse(" | - \" \" || --");
        assert!(q.is_empty());
        assert_eq!(q.notes, [Note::NoWords]);
        let q = Query::parse(&"word ".repeat(1_000));
        assert!(q.notes.contains(&Note::Cut));
        assert!(q.notes.contains(&Note::TooManyWords));
        assert_eq!(q.all.len(), MAX_ATOMS);
        assert!(Query::parse("").notes.is_empty());
        // A leading or trailing bar joins nothing.
        assert_eq!(Query::parse("| a |").all, vec![vec![w("a")]]);
    }

    #[test]
    fn a_service_id_is_a_phrase_of_its_parts() {
        let q = Query::parse("5-G4-0365-202");
        assert_eq!(
            q.all,
            vec![vec![Atom::Phrase(vec![
                "5".into(),
                "g4".into(),
                "0365".into(),
                "202".into()
            ])]]
        );
    }

    #[test]
    fn written_for_each_database() {
        let q = Query::parse("managing | cloud -legacy");
        assert_eq!(
            q.fts5().unwrap(),
            r#"((names : "managing" OR text : "manag") OR (names : "cloud" OR text : "cloud"))"#
        );
        assert_eq!(
            q.fts5_excluded().unwrap(),
            r#"((names : "legacy" OR text : "legaci"))"#
        );
        assert_eq!(
            Query::parse("\"case files\"").tsquery().unwrap(),
            "((('case':A <-> 'files':A) | ('case':B <-> 'file':B)))"
        );
        assert_eq!(Query::parse("-x").fts5(), None);
        assert_eq!(one_word(Column::Names, "and", false), r#"names : "and""#);
        assert_eq!(one_word(Column::Text, "manag", true), "'manag':B");
    }
}
