//! A spend file's layout as published: the delimiter (`,` `;` tab `|`, detected), title lines
//! above the header (found by what the header says, not assumed), blank rows, a totals row at
//! the end (recognised, to be checked, never imported), and rows with too few or too many
//! columns (reported with their line, never guessed at). Quoting and line breaks inside quotes,
//! and CR, LF or CRLF line ends, are the `csv` crate's.

/// One record of the file, with the line it starts on (1-based, as an editor shows it).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Record {
    pub line: u64,
    pub cells: Vec<String>,
}

impl Record {
    pub fn is_blank(&self) -> bool {
        self.cells.iter().all(|c| c.trim().is_empty())
    }

    /// The record as the file had it, for a report of rejected rows.
    pub fn raw(&self, delimiter: u8) -> String {
        self.cells.join(&(delimiter as char).to_string())
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TableError {
    #[error("the file has no rows")]
    NoRows,
    #[error("no header row was found in the first {0} lines: the file needs a row naming its columns (such as Date, Supplier, Amount)")]
    NoHeader(usize),
    #[error("line {line}: {message}")]
    Csv { line: u64, message: String },
}

/// The file's rows under its header.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Table {
    pub delimiter: u8,
    /// Lines above the header (a title, a publisher, a period), kept for the report.
    pub title: Vec<Record>,
    pub header: Record,
    /// Data rows, blank rows dropped (counted in `blank`), the totals row taken out.
    pub rows: Vec<Record>,
    pub blank: usize,
    pub totals: Option<Record>,
}

const DELIMITERS: [u8; 4] = [b',', b';', b'\t', b'|'];
/// How far down a header may be.
pub const HEADER_SEARCH: usize = 30;

/// The delimiter whose count per line is the same, and above zero, on most of the first lines
/// (quoted text ignored).
pub fn detect_delimiter(text: &str) -> u8 {
    let lines: Vec<&str> = text
        .lines()
        .flat_map(|l| l.split('\r'))
        .filter(|l| !l.trim().is_empty())
        .take(40)
        .collect();
    let count = |line: &str, d: u8| {
        let mut quoted = false;
        line.bytes()
            .filter(|b| {
                if *b == b'"' {
                    quoted = !quoted;
                }
                !quoted && *b == d
            })
            .count()
    };
    let mut best = (b',', 0usize);
    for d in DELIMITERS {
        let counts: Vec<usize> = lines.iter().map(|l| count(l, d)).collect();
        // The most common non-zero count, and on how many lines it holds.
        let mut tally: Vec<(usize, usize)> = Vec::new();
        for c in counts.iter().filter(|c| **c > 0) {
            match tally.iter_mut().find(|(n, _)| n == c) {
                Some((_, k)) => *k += 1,
                None => tally.push((*c, 1)),
            }
        }
        let score = tally.iter().map(|(_, k)| *k).max().unwrap_or(0);
        if score > best.1 {
            best = (d, score);
        }
    }
    best.0
}

/// Words a spend file's header uses for its columns.
const HEADER_WORDS: &[&str] = &[
    "date",
    "supplier",
    "payee",
    "vendor",
    "merchant",
    "amount",
    "value",
    "net",
    "gross",
    "vat",
    "total",
    "description",
    "expense",
    "expenditure",
    "cost centre",
    "cost center",
    "service area",
    "department",
    "transaction",
    "invoice",
    "reference",
    "customer",
    "buyer",
    "body",
    "organisation",
    "account",
    "category",
    "spend",
    "month",
    "name",
    "id",
];

fn header_score(r: &Record) -> usize {
    let filled: Vec<String> = r
        .cells
        .iter()
        .map(|c| c.trim().to_lowercase())
        .filter(|c| !c.is_empty())
        .collect();
    // A header names columns: short text, no amounts.
    if filled.len() < 2 || filled.iter().any(|c| c.len() > 60) {
        return 0;
    }
    filled
        .iter()
        .filter(|c| HEADER_WORDS.iter().any(|w| c.contains(w)))
        .count()
}

/// Which of the first records is the header: the best-scoring of the first
/// [`HEADER_SEARCH`] (the first of equals), naming at least two columns as spend files do.
pub fn find_header(records: &[Record]) -> Result<usize, TableError> {
    let (at, score) = records
        .iter()
        .take(HEADER_SEARCH)
        .enumerate()
        .map(|(i, r)| (i, header_score(r)))
        .fold((0, 0), |best, cur| if cur.1 > best.1 { cur } else { best });
    if score < 2 {
        return Err(TableError::NoHeader(HEADER_SEARCH));
    }
    Ok(at)
}

/// A totals row: a cell saying "total" and few other cells filled.
pub fn is_totals(r: &Record) -> bool {
    let filled = r.cells.iter().filter(|c| !c.trim().is_empty()).count();
    let says_total = r.cells.iter().any(|c| {
        let c = c.trim().to_lowercase();
        c == "total" || c == "totals" || c.starts_with("grand total") || c.starts_with("total ")
    });
    says_total && filled <= (r.cells.len() / 2).max(2)
}

/// The line a record starts on. `csv` gives each record the position where the reader stood
/// before it, which is before any empty lines it then skipped; so the counter walks from there
/// over line breaks to the record's first character. Records come in order, so the walk is
/// done once over the whole text.
struct LineCounter<'a> {
    text: &'a [u8],
    at: usize,
    line: u64,
}

impl<'a> LineCounter<'a> {
    fn new(text: &'a [u8]) -> Self {
        LineCounter {
            text,
            at: 0,
            line: 1,
        }
    }

    fn line_of(&mut self, start: usize) -> u64 {
        let mut i = start.max(self.at);
        // Count the breaks between where we were and where the record's position is.
        while self.at < i.min(self.text.len()) {
            self.step();
        }
        // Then skip the empty lines the reader skipped.
        while matches!(self.text.get(i), Some(b'\r' | b'\n')) {
            self.at = i;
            self.step();
            i = self.at;
        }
        self.line
    }

    /// Moves past one byte, counting a line break (CRLF, LF or a lone CR) once.
    fn step(&mut self) {
        match self.text.get(self.at) {
            Some(b'\n') => self.line += 1,
            Some(b'\r') if self.text.get(self.at + 1) != Some(&b'\n') => self.line += 1,
            _ => {}
        }
        self.at += 1;
    }
}

/// Reads the whole text into a [`Table`].
pub fn read(text: &str, delimiter: u8) -> Result<Table, TableError> {
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut records = Vec::new();
    let mut lines = LineCounter::new(text.as_bytes());
    for r in reader.records() {
        let r = r.map_err(|e| TableError::Csv {
            line: e.position().map(|p| p.line()).unwrap_or(0),
            message: e.to_string(),
        })?;
        let line = lines.line_of(r.position().map(|p| p.byte()).unwrap_or(0) as usize);
        records.push(Record {
            line,
            cells: r.iter().map(|c| c.trim().to_string()).collect(),
        });
    }
    if records.iter().all(Record::is_blank) {
        return Err(TableError::NoRows);
    }
    let at = find_header(&records)?;
    let mut rest = records.split_off(at);
    let title = records;
    let header = rest.remove(0);
    let blank = rest.iter().filter(|r| r.is_blank()).count();
    let mut rows: Vec<Record> = rest.into_iter().filter(|r| !r.is_blank()).collect();
    let totals = match rows.last() {
        Some(last) if is_totals(last) => rows.pop(),
        _ => None,
    };
    Ok(Table {
        delimiter,
        title,
        header,
        rows,
        blank,
        totals,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_delimiter_is_detected() {
        assert_eq!(detect_delimiter("a,b,c\n1,2,3\n"), b',');
        assert_eq!(detect_delimiter("a;b;c\n1,5;2;3\n4;5;6\n"), b';');
        assert_eq!(detect_delimiter("a\tb\tc\n1\t2\t3\n"), b'\t');
        assert_eq!(detect_delimiter("a|b|c\n\"x|y\"|2|3\n1|2|3\n"), b'|');
        // Commas inside amounts do not win over the real delimiter.
        assert_eq!(
            detect_delimiter(
                "Date;Supplier;Amount\n01/04/2024;Acme;\"1,234.50\"\n02/04/2024;Acme;5,616.65\n"
            ),
            b';'
        );
    }

    #[test]
    fn title_lines_blank_rows_and_a_totals_row() {
        let text = "Kent Police: payments over £500\r\nApril 2024\r\n\r\nDate,Supplier,Description,Amount\r\n01/04/2024,Acme Ltd,\"Licences, annual\",\"1,200.00\"\r\n,,,\r\n02/04/2024,\"Beta \"\"Systems\"\"\",\"Two\nlines\",300\r\n,,Total,\"1,500.00\"\r\n";
        let t = read(text, detect_delimiter(text)).unwrap();
        assert_eq!(
            t.title.len(),
            2,
            "two title lines (empty lines are not records)"
        );
        assert_eq!(
            t.header.cells,
            ["Date", "Supplier", "Description", "Amount"]
        );
        assert_eq!(t.header.line, 4);
        assert_eq!(t.rows.len(), 2);
        assert_eq!(t.rows[0].cells[2], "Licences, annual");
        assert_eq!(t.rows[1].cells[1], "Beta \"Systems\"");
        assert_eq!(t.rows[1].cells[2], "Two\nlines");
        assert_eq!(t.rows[1].line, 7);
        assert_eq!(t.blank, 1);
        assert_eq!(t.totals.unwrap().cells[3], "1,500.00");
    }

    #[test]
    fn cr_only_line_ends_as_old_macs_wrote_them() {
        let text = "ID,SupplierName,CustomerName,EvidencedSpend\r1,A Ltd,Kent Police,100\r2,B Ltd,Essex Police,200\r";
        let t = read(text, detect_delimiter(text)).unwrap();
        assert_eq!(t.rows.len(), 2);
        assert_eq!(t.rows[1].cells[2], "Essex Police");
    }

    #[test]
    fn rows_keep_their_own_width_to_be_reported() {
        let text = "Date,Supplier,Amount\n01/04/2024,Acme\n02/04/2024,Beta,3,extra\n";
        let t = read(text, b',').unwrap();
        assert_eq!(t.rows[0].cells.len(), 2);
        assert_eq!(t.rows[1].cells.len(), 4);
    }

    #[test]
    fn no_rows_and_no_header_are_said_plainly() {
        assert_eq!(read("\n\n", b','), Err(TableError::NoRows));
        assert_eq!(
            read("1,2,3\n4,5,6\n", b','),
            Err(TableError::NoHeader(HEADER_SEARCH))
        );
        let header_only = read("Date,Supplier,Amount\n", b',').unwrap();
        assert!(header_only.rows.is_empty());
    }
}
