//! A file of any size read a record at a time: the bytes decoded as they stream
//! (`encoding_rs_io`), split by the `csv` crate, each record given the line it starts on, and
//! the header, blank rows and a final totals row found as in [`super::table`], without ever
//! holding the file. Memory is bounded by the longest line, and a line over [`MAX_LINE`]
//! stops the read with its line number: no spend file has one, and reading it would hold it.
//!
//! [`sniff`] reads the start of a file for the column-mapping step: its encoding, delimiter,
//! title lines, header and first rows.

use super::decode::{self, DecodeError};
use super::table::{self, Record, TableError, HEADER_SEARCH};
use encoding_rs::Encoding;
use std::collections::VecDeque;
use std::io::{self, Read};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, PoisonError};

/// The longest line read: 1 MiB.
pub const MAX_LINE: u64 = 1 << 20;
/// How much of a file [`sniff`] reads.
pub const SNIFF_BYTES: usize = 256 * 1024;
/// How many rows the mapping step previews.
pub const PREVIEW_ROWS: usize = 10;

/// Counts the raw bytes read, for a progress bar.
pub struct Counted<R> {
    inner: R,
    count: Arc<AtomicU64>,
}

impl<R> Counted<R> {
    pub fn new(inner: R, count: Arc<AtomicU64>) -> Self {
        Counted { inner, count }
    }
}

impl<R: Read> Read for Counted<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.count.fetch_add(n as u64, Ordering::Relaxed);
        Ok(n)
    }
}

/// The line breaks the csv reader has been given but whose records it has not yet handed
/// back: (offset of the break, offset after it). A CRLF is one break, and so is a lone CR
/// (old Macs) or LF.
#[derive(Default)]
struct Breaks {
    queue: VecDeque<(u64, u64)>,
    /// Offset of the next byte to arrive.
    pos: u64,
    pending_cr: bool,
    since_break: u64,
    breaks_seen: u64,
    /// The line a record at the front of the queue starts on.
    line: u64,
}

impl Breaks {
    /// The line a record starting at byte `start` is on. csv gives a record the position the
    /// reader stood at before it, which is before any empty lines it skipped: those are
    /// counted too.
    fn line_of(&mut self, mut start: u64) -> u64 {
        while let Some(&(at, end)) = self.queue.front() {
            if end <= start {
                self.line += 1;
                self.queue.pop_front();
            } else if at < start {
                // csv may place a record after the CR of a CRLF: it starts after the LF.
                self.line += 1;
                start = end;
                self.queue.pop_front();
            } else {
                break;
            }
        }
        while let Some(&(at, end)) = self.queue.front() {
            if at == start {
                self.line += 1;
                start = end;
                self.queue.pop_front();
            } else {
                break;
            }
        }
        self.line
    }
}

/// Watches the decoded text go by for line breaks (see [`Breaks`]) and long lines.
struct Tracked<R> {
    inner: R,
    breaks: Arc<Mutex<Breaks>>,
}

impl<R: Read> Read for Tracked<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        let mut b = self.breaks.lock().unwrap_or_else(PoisonError::into_inner);
        for (i, &c) in buf[..n].iter().enumerate() {
            let p = b.pos + i as u64;
            if b.pending_cr {
                b.pending_cr = false;
                if c == b'\n' {
                    if let Some(last) = b.queue.back_mut() {
                        last.1 = p + 1;
                    }
                    continue;
                }
            }
            match c {
                b'\n' | b'\r' => {
                    b.queue.push_back((p, p + 1));
                    b.pending_cr = c == b'\r';
                    b.since_break = 0;
                    b.breaks_seen += 1;
                }
                _ => {
                    b.since_break += 1;
                    if b.since_break > MAX_LINE {
                        return Err(io::Error::new(
                            io::ErrorKind::InvalidData,
                            format!(
                                "line {} is longer than 1 MB: a spend file's rows are short, so this is not one (or its line ends are not CR or LF)",
                                b.breaks_seen + 1
                            ),
                        ));
                    }
                }
            }
        }
        b.pos += n as u64;
        Ok(n)
    }
}

type Chain<R> = Tracked<encoding_rs_io::DecodeReaderBytes<Counted<R>, Vec<u8>>>;

/// A spend file's rows, one at a time, under its header.
pub struct Stream<R: Read> {
    reader: csv::Reader<Chain<R>>,
    breaks: Arc<Mutex<Breaks>>,
    record: csv::StringRecord,
    pub delimiter: u8,
    /// Lines above the header, as in [`table::Table::title`].
    pub title: Vec<Record>,
    pub header: Record,
    /// Records read while looking for the header, after it.
    pending: VecDeque<Record>,
    /// One record held back: the last one may be a totals row.
    held: Option<Record>,
    pub blank: u64,
    pub totals: Option<Record>,
}

fn csv_error(e: csv::Error) -> TableError {
    let line = e.position().map(|p| p.line()).unwrap_or(0);
    let message = match e.kind() {
        csv::ErrorKind::Io(io) => io.to_string(),
        _ => e.to_string(),
    };
    TableError::Csv { line, message }
}

impl<R: Read> Stream<R> {
    /// Opens a file already known to be text in `encoding`, counting raw bytes into `bytes`.
    pub fn open(
        source: R,
        encoding: &'static Encoding,
        delimiter: u8,
        bytes: Arc<AtomicU64>,
    ) -> Result<Stream<R>, TableError> {
        let decoded = encoding_rs_io::DecodeReaderBytesBuilder::new()
            .encoding(Some(encoding))
            .bom_override(true)
            .build(Counted::new(source, bytes));
        let breaks = Arc::new(Mutex::new(Breaks {
            line: 1,
            ..Breaks::default()
        }));
        let tracked = Tracked {
            inner: decoded,
            breaks: breaks.clone(),
        };
        let reader = csv::ReaderBuilder::new()
            .delimiter(delimiter)
            .has_headers(false)
            .flexible(true)
            .buffer_capacity(64 * 1024)
            .from_reader(tracked);
        let mut s = Stream {
            reader,
            breaks,
            record: csv::StringRecord::new(),
            delimiter,
            title: Vec::new(),
            header: Record {
                line: 0,
                cells: Vec::new(),
            },
            pending: VecDeque::new(),
            held: None,
            blank: 0,
            totals: None,
        };
        let mut first = Vec::new();
        while first.len() < HEADER_SEARCH {
            match s.read_record()? {
                Some(r) => first.push(r),
                None => break,
            }
        }
        if first.iter().all(Record::is_blank) {
            return Err(TableError::NoRows);
        }
        let at = table::find_header(&first)?;
        let mut rest: VecDeque<Record> = first.split_off(at).into();
        s.title = first;
        s.header = rest.pop_front().unwrap_or(Record {
            line: 0,
            cells: Vec::new(),
        });
        s.pending = rest;
        Ok(s)
    }

    fn read_record(&mut self) -> Result<Option<Record>, TableError> {
        if !self
            .reader
            .read_record(&mut self.record)
            .map_err(csv_error)?
        {
            return Ok(None);
        }
        let start = self.record.position().map(|p| p.byte()).unwrap_or(0);
        let line = self
            .breaks
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .line_of(start);
        Ok(Some(Record {
            line,
            cells: self.record.iter().map(|c| c.trim().to_string()).collect(),
        }))
    }

    /// The next data row, blank rows counted and skipped, a final totals row kept aside in
    /// [`Stream::totals`]. None at the end of the file.
    pub fn next_row(&mut self) -> Result<Option<Record>, TableError> {
        loop {
            let next = match self.pending.pop_front() {
                Some(r) => Some(r),
                None => self.read_record()?,
            };
            match next {
                None => {
                    return Ok(match self.held.take() {
                        Some(last) if table::is_totals(&last) => {
                            self.totals = Some(last);
                            None
                        }
                        other => other,
                    })
                }
                Some(r) if r.is_blank() => self.blank += 1,
                Some(r) => {
                    if let Some(out) = self.held.replace(r) {
                        return Ok(Some(out));
                    }
                }
            }
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SniffError {
    #[error(transparent)]
    Decode(#[from] DecodeError),
    #[error(transparent)]
    Table(#[from] TableError),
}

/// What the start of a file says, for the mapping step.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sniffed {
    pub encoding: &'static Encoding,
    pub delimiter: u8,
    pub title: Vec<Record>,
    pub header: Record,
    pub preview: Vec<Record>,
}

/// Reads the first [`SNIFF_BYTES`] of a file (`sample`): the encoding (detected, or the one
/// chosen), the delimiter, the title lines, the header and up to [`PREVIEW_ROWS`] rows.
pub fn sniff(sample: &[u8], chosen: Option<&str>) -> Result<Sniffed, SniffError> {
    let sample = &sample[..sample.len().min(SNIFF_BYTES)];
    let encoding = decode::encoding_of(sample, chosen)?;
    let (text, _, _) = encoding.decode(sample);
    let delimiter = table::detect_delimiter(&text);
    let mut stream = Stream::open(sample, encoding, delimiter, Arc::default())?;
    let mut preview = Vec::new();
    while preview.len() < PREVIEW_ROWS {
        match stream.next_row() {
            Ok(Some(r)) => preview.push(r),
            // The sample may end inside a record: the preview stops there.
            Ok(None) | Err(_) => break,
        }
    }
    Ok(Sniffed {
        encoding,
        delimiter,
        title: stream.title,
        header: stream.header,
        preview,
    })
}

/// A delimiter as people read it.
pub fn delimiter_label(d: u8) -> &'static str {
    match d {
        b',' => "comma",
        b';' => "semicolon",
        b'\t' => "tab",
        b'|' => "vertical bar",
        _ => "other",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use encoding_rs::{UTF_8, WINDOWS_1252};

    fn rows<'a>(text: &'a [u8], enc: &'static Encoding) -> (Stream<&'a [u8]>, Vec<Record>) {
        let mut s = Stream::open(text, enc, b',', Arc::default()).unwrap();
        let mut out = Vec::new();
        while let Some(r) = s.next_row().unwrap() {
            out.push(r);
        }
        (s, out)
    }

    #[test]
    fn streams_what_the_whole_file_reader_reads() {
        let text = "Kent Police: payments over £500\r\nApril 2024\r\n\r\nDate,Supplier,Description,Amount\r\n01/04/2024,Acme Ltd,\"Licences, annual\",\"1,200.00\"\r\n,,,\r\n02/04/2024,\"Beta \"\"Systems\"\"\",\"Two\nlines\",300\r\n\r\n03/04/2024,Gamma,x,5\r\n,,Total,\"1,505.00\"\r\n";
        let whole = table::read(text, b',').unwrap();
        let (s, got) = rows(text.as_bytes(), UTF_8);
        assert_eq!(s.title, whole.title);
        assert_eq!(s.header, whole.header);
        assert_eq!(got, whole.rows);
        assert_eq!(s.blank, whole.blank as u64);
        assert_eq!(s.totals, whole.totals);
        assert_eq!(got[2].line, 10, "after a two-line cell and an empty line");
    }

    #[test]
    fn line_numbers_hold_for_cr_lf_and_crlf() {
        for eol in ["\r", "\n", "\r\n"] {
            let text = [
                "Date,Supplier,Amount",
                "",
                "1/4/24,A,1",
                "",
                "",
                "2/4/24,B,2",
            ]
            .join(eol)
                + eol;
            let (_, got) = rows(text.as_bytes(), UTF_8);
            let lines: Vec<u64> = got.iter().map(|r| r.line).collect();
            assert_eq!(lines, [3, 6], "line ends {eol:?}");
        }
    }

    #[test]
    fn windows_1252_decodes_as_it_streams() {
        let bytes = b"Date,Supplier,Amount\r\n01/04/2024,Caf\xe9 Nero,\xa312.50\r\n";
        let (_, got) = rows(bytes, WINDOWS_1252);
        assert_eq!(got[0].cells, ["01/04/2024", "Café Nero", "£12.50"]);
    }

    #[test]
    fn a_line_over_a_megabyte_stops_the_read_with_its_line() {
        let mut text = b"Date,Supplier,Amount\n1/4/24,A,1\n".to_vec();
        text.extend(std::iter::repeat_n(b'x', (MAX_LINE + 10) as usize));
        // Found while looking for the header, or later: either way with its line.
        let err = match Stream::open(&text[..], UTF_8, b',', Arc::default()) {
            Err(e) => e,
            Ok(mut s) => loop {
                match s.next_row() {
                    Ok(Some(_)) => continue,
                    Ok(None) => panic!("read a 1 MB line"),
                    Err(e) => break e,
                }
            },
        };
        assert!(
            err.to_string().contains("line 3 is longer than 1 MB"),
            "{err}"
        );
    }

    #[test]
    fn sniff_finds_the_layout_and_previews_rows() {
        let mut text = b"Payments over \xa3500\r\nDate paid,Supplier,Net amount\r\n".to_vec();
        for i in 0..20 {
            text.extend(format!("0{}/04/2024,S{i},{i}.00\r\n", i % 9 + 1).as_bytes());
        }
        let s = sniff(&text, None).unwrap();
        assert_eq!(s.encoding, WINDOWS_1252);
        assert_eq!(s.title[0].cells[0], "Payments over £500");
        assert_eq!(s.header.cells[2], "Net amount");
        assert_eq!(s.preview.len(), PREVIEW_ROWS);
        assert!(matches!(sniff(b"", None), Err(SniffError::Decode(_))));
        assert!(matches!(
            sniff(b"1,2,3\n", None),
            Err(SniffError::Table(TableError::NoHeader(_)))
        ));
    }
}
