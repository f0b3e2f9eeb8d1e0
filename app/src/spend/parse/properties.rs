//! Properties of reading a spend file, over files proptest makes up: every data row is read
//! (a payment or a rejection, never lost), and every readable amount's money is kept to the
//! penny, whatever the delimiter, line ends, quoting, title lines, blank rows and bad values.

use super::mapping::guess;
use super::row::{read_row, Columns};
use super::stream::Stream;
use crate::money::Money;
use proptest::prelude::*;
use std::sync::Arc;

#[derive(Clone, Debug)]
enum Cell {
    Good(i64),
    Bad(&'static str),
}

fn amount_text(pence: i64, style: u8) -> String {
    let m = Money::from_pence(pence.abs());
    let plain = format!("{}.{:02}", pence.abs() / 100, pence.abs() % 100);
    let body = match style % 3 {
        0 => plain,
        // "£1,234.56", with its comma, which the writer quotes.
        1 => m.to_string(),
        _ => format!(" {plain} "),
    };
    if pence < 0 {
        if style.is_multiple_of(2) {
            format!("({body})")
        } else {
            format!("-{}", body.trim())
        }
    } else {
        body
    }
}

fn cell() -> impl Strategy<Value = (Cell, u8, bool)> {
    (
        prop_oneof![
            8 => (-10_000_000i64..100_000_000).prop_map(Cell::Good),
            1 => Just(Cell::Bad("one thousand")),
            1 => Just(Cell::Bad("")),
        ],
        any::<u8>(),
        // A good date, or 31 February.
        prop::bool::weighted(0.9),
    )
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn every_row_is_read_and_every_readable_penny_kept(
        rows in prop::collection::vec(cell(), 0..200),
        delimiter in prop::sample::select(vec![b',', b';', b'\t', b'|']),
        eol in prop::sample::select(vec!["\n", "\r\n", "\r"]),
        title in any::<bool>(),
        blank_every in 2usize..20,
    ) {
        let mut out = Vec::new();
        {
            let mut w = csv::WriterBuilder::new()
                .delimiter(delimiter)
                .terminator(match eol {
                    "\n" => csv::Terminator::Any(b'\n'),
                    "\r" => csv::Terminator::Any(b'\r'),
                    _ => csv::Terminator::CRLF,
                })
                .flexible(true)
                .from_writer(&mut out);
            if title {
                w.write_record(["Payments over £500, April 2024"]).unwrap();
            }
            w.write_record(["Payment Date", "Supplier Name", "Net Amount", "Description"]).unwrap();
            for (i, (c, style, good_date)) in rows.iter().enumerate() {
                if i % blank_every == blank_every - 1 {
                    w.write_record(["", "", "", ""]).unwrap();
                }
                let amount = match c {
                    Cell::Good(p) => amount_text(*p, *style),
                    Cell::Bad(s) => s.to_string(),
                };
                let date = if *good_date { "01/04/2024" } else { "31/02/2024" };
                w.write_record([date, "Acme Ltd", amount.as_str(), "Line one\nline two"]).unwrap();
            }
            w.flush().unwrap();
        }
        let mut s = Stream::open(&out[..], encoding_rs::UTF_8, delimiter, Arc::default()).unwrap();
        let cols = Columns::new(&guess(&s.header.cells), s.header.cells.len(), false).unwrap();
        let (mut payments, mut rejected, mut money) = (0usize, 0usize, 0i64);
        while let Some(r) = s.next_row().unwrap() {
            match read_row(&cols, &r) {
                Ok(row) => {
                    payments += 1;
                    money += row.amount.money.pence();
                }
                Err(rej) => {
                    rejected += 1;
                    money += rej.amount.map(|m| m.pence()).unwrap_or(0);
                }
            }
        }
        prop_assert_eq!(payments + rejected, rows.len());
        let expected_payments = rows.iter().filter(|(c, _, d)| matches!(c, Cell::Good(_)) && *d).count();
        prop_assert_eq!(payments, expected_payments);
        let readable: i64 = rows.iter().filter_map(|(c, _, _)| match c { Cell::Good(p) => Some(*p), _ => None }).sum();
        prop_assert_eq!(money, readable);
    }
}
