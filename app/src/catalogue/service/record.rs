//! A fair-search record written out: CSV, and an Excel workbook (rust_xlsxwriter). Both say
//! the same: the search (words, filters, when it ended, who ended it) then each service as
//! the record froze it. Money is written as exact text ("1234.56"), never as a spreadsheet
//! float, and every cell a person typed is made safe against formula injection.

use crate::catalogue::search::request::pounds;
use crate::catalogue::types::ProjectDetail;
use crate::error::{ServiceError, ServiceResult};
use crate::ui::download::safe_cell;
use crate::ui::time::show_london;
use rust_xlsxwriter::{Format, Workbook};

const COLUMNS: [&str; 10] = [
    "Position",
    "Service ID",
    "Service name",
    "Supplier",
    "Lot",
    "Price from (£)",
    "Price to (£)",
    "Price as listed",
    "Version",
    "Version ID",
];

/// The record's heading lines: (label, value).
fn about(p: &ProjectDetail) -> Vec<(String, String)> {
    let mut rows = vec![
        ("Project".to_string(), p.name.clone()),
        ("Force".to_string(), p.force_name.clone()),
    ];
    for line in &p.filters {
        let (k, v) = line.split_once(": ").unwrap_or(("Search", line.as_str()));
        rows.push((format!("Search – {k}"), v.to_string()));
    }
    rows.push((
        "Search ended".into(),
        p.ended_at.map(show_london).unwrap_or_default(),
    ));
    rows.push(("Ended by".into(), p.ended_by.clone().unwrap_or_default()));
    rows.push(("Services found".into(), p.items.len().to_string()));
    rows
}

/// Each service's cells, in [`COLUMNS`] order.
fn cells(p: &ProjectDetail) -> Vec<[String; 10]> {
    p.items
        .iter()
        .map(|i| {
            [
                i.position.to_string(),
                i.service_id.to_string(),
                i.service_name.clone(),
                i.supplier_name.clone(),
                i.lot_name.clone(),
                i.price_min.map(pounds).unwrap_or_default(),
                i.price_max.map(pounds).unwrap_or_default(),
                i.price_text.clone(),
                i.version_number.to_string(),
                i.version_id.to_string(),
            ]
        })
        .collect()
}

pub fn record_csv(p: &ProjectDetail) -> ServiceResult<String> {
    let fail = |e: csv::Error| ServiceError::Internal(e.to_string());
    let mut w = csv::WriterBuilder::new()
        .flexible(true)
        .from_writer(Vec::new());
    for (k, v) in about(p) {
        w.write_record([safe_cell(&k), safe_cell(&v)])
            .map_err(fail)?;
    }
    w.write_record([""]).map_err(fail)?;
    w.write_record(COLUMNS).map_err(fail)?;
    for row in cells(p) {
        w.write_record(row.iter().map(|c| safe_cell(c)))
            .map_err(fail)?;
    }
    let bytes = w
        .into_inner()
        .map_err(|e| ServiceError::Internal(e.to_string()))?;
    String::from_utf8(bytes).map_err(ServiceError::internal)
}

pub fn record_xlsx(p: &ProjectDetail) -> ServiceResult<Vec<u8>> {
    let fail = |e: rust_xlsxwriter::XlsxError| ServiceError::Internal(e.to_string());
    let mut book = Workbook::new();
    let bold = Format::new().set_bold();
    let sheet = book.add_worksheet();
    sheet.set_name("Search record").map_err(fail)?;
    let mut row = 0u32;
    for (k, v) in about(p) {
        sheet
            .write_string_with_format(row, 0, safe_cell(&k), &bold)
            .map_err(fail)?;
        sheet.write_string(row, 1, safe_cell(&v)).map_err(fail)?;
        row += 1;
    }
    row += 1;
    for (c, h) in COLUMNS.iter().enumerate() {
        sheet
            .write_string_with_format(row, c as u16, *h, &bold)
            .map_err(fail)?;
    }
    for cells in cells(p) {
        row += 1;
        for (c, v) in cells.iter().enumerate() {
            sheet
                .write_string(row, c as u16, safe_cell(v))
                .map_err(fail)?;
        }
    }
    for (c, width) in [10, 12, 40, 30, 30, 14, 14, 30, 10, 12].iter().enumerate() {
        sheet.set_column_width(c as u16, *width).map_err(fail)?;
    }
    book.save_to_buffer().map_err(fail)
}
