//! A published file's bytes as text: UTF-8 with or without a byte-order mark, Windows-1252,
//! ISO-8859-1 or Mac Roman, detected (`chardetng`) unless the person says which, and decoded by
//! `encoding_rs`. A binary file is refused rather than read as text.

use encoding_rs::{Encoding, MACINTOSH, UTF_16BE, UTF_16LE, UTF_8, WINDOWS_1252};

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DecodeError {
    #[error("the file is empty")]
    Empty,
    #[error("this is not a text file (it holds control bytes a spreadsheet saved as CSV never has): upload the CSV, XLSX or ODS file itself")]
    Binary,
    #[error(
        "“{0}” is not an encoding we know: choose UTF-8, Windows-1252, ISO-8859-1 or Mac Roman"
    )]
    UnknownEncoding(String),
}

/// The encodings people may choose, by their WHATWG labels (ISO-8859-1 is decoded as
/// Windows-1252, its superset, as every browser does).
pub const CHOICES: &[(&str, &str)] = &[
    ("utf-8", "UTF-8"),
    ("windows-1252", "Windows-1252 (Excel on Windows)"),
    ("iso-8859-1", "ISO-8859-1 (Latin-1)"),
    ("macintosh", "Mac Roman (Excel on an old Mac)"),
];

/// Which encoding a file is in: the byte-order mark if it has one, else valid UTF-8, else
/// `chardetng`'s guess among the single-byte Western encodings.
pub fn detect(bytes: &[u8]) -> &'static Encoding {
    if let Some((enc, _)) = Encoding::for_bom(bytes) {
        return enc;
    }
    // A sample of a file may end inside a character: that is still UTF-8.
    match std::str::from_utf8(bytes) {
        Ok(_) => return UTF_8,
        Err(e) if e.error_len().is_none() && bytes.len() - e.valid_up_to() < 4 => return UTF_8,
        Err(_) => {}
    }
    let mut detector = chardetng::EncodingDetector::new();
    detector.feed(bytes, true);
    let guess = detector.guess(Some(b"uk"), true);
    // Spend files are English: anything else chardetng might say is a misreading of 1252.
    if guess == MACINTOSH {
        MACINTOSH
    } else {
        WINDOWS_1252
    }
}

/// Control bytes no text file has (NUL above all, and the C0 range but for tab, CR and LF):
/// the first 8 KB decide.
fn looks_binary(bytes: &[u8], enc: &'static Encoding) -> bool {
    if enc == UTF_16LE || enc == UTF_16BE {
        return false;
    }
    bytes
        .iter()
        .take(8192)
        .any(|b| *b == 0 || (*b < 0x20 && !matches!(b, b'\t' | b'\r' | b'\n' | 0x0c)))
}

/// The encoding to read a file in, from its start (`sample`): `chosen` is the label someone
/// picked, overriding detection. An empty or binary file is refused.
pub fn encoding_of(sample: &[u8], chosen: Option<&str>) -> Result<&'static Encoding, DecodeError> {
    if sample.is_empty() {
        return Err(DecodeError::Empty);
    }
    let enc = match chosen.map(str::trim).filter(|c| !c.is_empty()) {
        Some(label) => Encoding::for_label(label.as_bytes())
            .ok_or_else(|| DecodeError::UnknownEncoding(label.to_string()))?,
        None => detect(sample),
    };
    if looks_binary(sample, enc) {
        return Err(DecodeError::Binary);
    }
    Ok(enc)
}

/// Decodes a whole file: its text (without a byte-order mark) and the encoding used.
/// `chosen` is the label someone picked, overriding detection.
pub fn decode(
    bytes: &[u8],
    chosen: Option<&str>,
) -> Result<(String, &'static Encoding), DecodeError> {
    let enc = encoding_of(bytes, chosen)?;
    // `decode` strips a BOM that matches; a wrong-but-chosen encoding still decodes (with
    // replacement characters), which the preview shows before anything is imported.
    let (text, _, _) = enc.decode(bytes);
    Ok((text.into_owned(), enc))
}

/// The name people read for an encoding.
pub fn label(enc: &'static Encoding) -> &'static str {
    match enc.name() {
        "UTF-8" => "UTF-8",
        "windows-1252" => "Windows-1252",
        "macintosh" => "Mac Roman",
        "UTF-16LE" => "UTF-16 (little-endian)",
        "UTF-16BE" => "UTF-16 (big-endian)",
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf8_with_and_without_a_bom() {
        let (t, e) = decode("Payee,£\n".as_bytes(), None).unwrap();
        assert_eq!((t.as_str(), e), ("Payee,£\n", UTF_8));
        let mut bom = vec![0xEF, 0xBB, 0xBF];
        bom.extend_from_slice("Payee,£\n".as_bytes());
        let (t, e) = decode(&bom, None).unwrap();
        assert_eq!((t.as_str(), e), ("Payee,£\n", UTF_8), "the BOM is not text");
    }

    #[test]
    fn windows_1252_is_detected() {
        // "Café Nero £12.50 – refreshments" as Excel on Windows saves it.
        let bytes = b"Caf\xe9 Nero \xa312.50 \x96 refreshments\r\n";
        let (t, e) = decode(bytes, None).unwrap();
        assert_eq!(e, WINDOWS_1252);
        assert_eq!(t, "Café Nero £12.50 – refreshments\r\n");
        // ISO-8859-1 chosen by name reads the same bytes the same way (browsers' rule).
        let (t, _) = decode(b"\xa312", Some("iso-8859-1")).unwrap();
        assert_eq!(t, "£12");
    }

    #[test]
    fn mac_roman_when_chosen() {
        // £ is 0xA3 in both, é is 0x8E in Mac Roman.
        let (t, e) = decode(b"Caf\x8e \xa35", Some("macintosh")).unwrap();
        assert_eq!(e, MACINTOSH);
        assert_eq!(t, "Café £5");
    }

    #[test]
    fn empty_binary_and_unknown_are_refused() {
        assert_eq!(decode(b"", None), Err(DecodeError::Empty));
        assert_eq!(
            decode(b"PK\x03\x04\x00\x00binary", None),
            Err(DecodeError::Binary)
        );
        assert!(matches!(
            decode(b"a,b", Some("klingon")),
            Err(DecodeError::UnknownEncoding(_))
        ));
    }
}
