//! Spreadsheets (XLSX, ODS) read with `calamine` and written out as CSV text, which the rest of
//! the import then reads like any published file: title rows, the header, blank and totals rows
//! are found the same way. A number goes through its shortest decimal form (Rust's `Display` for
//! `f64` prints the shortest text that reads back as the same float, so a cell holding 1234.56
//! becomes "1234.56", never 1234.5599…), and is then parsed exactly into `Money`: no arithmetic is
//! ever done on the float. A date cell becomes yyyy-mm-dd.

use calamine::{open_workbook_auto_from_rs, Data, Reader};

/// A spreadsheet is a zip file (XLSX and ODS both): it starts "PK\x03\x04".
pub fn is_spreadsheet(sample: &[u8]) -> bool {
    sample.starts_with(b"PK\x03\x04")
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SheetError {
    #[error("the spreadsheet cannot be read ({0}): save it again as XLSX, ODS or CSV")]
    Read(String),
    #[error("the spreadsheet has no sheets")]
    NoSheets,
}

fn float_text(f: f64) -> String {
    if f.is_finite() {
        format!("{f}")
    } else {
        String::new()
    }
}

fn cell_text(d: &Data) -> String {
    match d {
        Data::Empty => String::new(),
        Data::String(s) => s.clone(),
        Data::Float(f) => float_text(*f),
        Data::Int(i) => i.to_string(),
        Data::Bool(b) => if *b { "TRUE" } else { "FALSE" }.to_string(),
        Data::DateTime(dt) => match dt.as_datetime() {
            Some(t) => t.date().format("%Y-%m-%d").to_string(),
            None => float_text(dt.as_f64()),
        },
        // ODS keeps dates as ISO text: the date part is what a payment needs.
        Data::DateTimeIso(s) => s.split('T').next().unwrap_or(s).to_string(),
        Data::DurationIso(s) => s.clone(),
        Data::Error(e) => format!("#{e:?}"),
    }
}

/// The first sheet of a spreadsheet as CSV (UTF-8, comma-separated), and the sheet's name.
pub fn to_csv(bytes: Vec<u8>) -> Result<(Vec<u8>, String), SheetError> {
    let mut book = open_workbook_auto_from_rs(std::io::Cursor::new(bytes))
        .map_err(|e| SheetError::Read(e.to_string()))?;
    let name = book
        .sheet_names()
        .first()
        .cloned()
        .ok_or(SheetError::NoSheets)?;
    let range = book
        .worksheet_range(&name)
        .map_err(|e| SheetError::Read(e.to_string()))?;
    let mut w = csv::WriterBuilder::new()
        .flexible(true)
        .from_writer(Vec::new());
    for row in range.rows() {
        w.write_record(row.iter().map(cell_text))
            .map_err(|e| SheetError::Read(e.to_string()))?;
    }
    let out = w
        .into_inner()
        .map_err(|e| SheetError::Read(e.to_string()))?;
    Ok((out, name))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::spend::parse::{mapping, row, stream};
    use std::sync::Arc;

    fn read(bytes: &[u8]) -> Vec<Result<row::Row, row::Rejection>> {
        let (csv, _) = to_csv(bytes.to_vec()).unwrap();
        let mut s =
            stream::Stream::open(&csv[..], encoding_rs::UTF_8, b',', Arc::default()).unwrap();
        let m = mapping::guess(&s.header.cells);
        let cols = row::Columns::new(&m, s.header.cells.len(), false).unwrap();
        let mut out = Vec::new();
        while let Some(r) = s.next_row().unwrap() {
            out.push(row::read_row(&cols, &r));
        }
        assert!(s.totals.is_some(), "the totals row is found");
        out
    }

    #[test]
    fn an_xlsx_file_reads_exactly() {
        let rows = read(include_bytes!(
            "../../../../tests/fixtures/spend/kent-april-2024.xlsx"
        ));
        assert_eq!(rows.len(), 6);
        let ok: Vec<&row::Row> = rows.iter().filter_map(|r| r.as_ref().ok()).collect();
        assert_eq!(ok.len(), 5);
        let pence: Vec<i64> = ok.iter().map(|r| r.amount.money.pence()).collect();
        // Floats read through their shortest text: 1234.56 is £1,234.56 exactly, and 0.1 + 0.2
        // as the spreadsheet saved it is 30p.
        assert_eq!(pence, [123_456, 561_665, -12_345, 30, 73_490]);
        assert_eq!(ok[2].supplier, "Café Systems Ltd");
        assert_eq!(
            ok[0].paid_on.first_day(),
            chrono::NaiveDate::from_ymd_opt(2024, 4, 2).unwrap()
        );
        let bad = rows[5].as_ref().unwrap_err();
        assert!(bad.reason.to_string().contains("31/02/2024"));
    }

    #[test]
    fn an_ods_file_reads_exactly() {
        let (csv, name) =
            to_csv(include_bytes!("../../../../tests/fixtures/spend/essex-may-2024.ods").to_vec())
                .unwrap();
        assert_eq!(name, "Payments");
        let text = String::from_utf8(csv).unwrap();
        assert!(
            text.contains("2024-05-01,Niche Technology Inc,25000,RMS support"),
            "{text}"
        );
        assert!(text.contains("-50.5"), "{text}");
    }

    #[test]
    fn a_zip_that_is_no_spreadsheet_is_refused() {
        assert!(is_spreadsheet(b"PK\x03\x04rest"));
        assert!(matches!(
            to_csv(b"PK\x03\x04 not really".to_vec()),
            Err(SheetError::Read(_))
        ));
    }
}
