//! One data row read through the confirmed mapping: the payment's facts, or the reason it is
//! rejected (with its amount when that much could be read, so the money still adds up).

use super::mapping::{Field, Mapping};
use super::table::Record;
use super::values::{parse_amount_rounding, parse_date, Amount, AmountError, DateError, PaidOn};
use crate::money::Money;

/// Where each field is, for a file whose header has `width` columns.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Columns {
    width: usize,
    date: usize,
    supplier: usize,
    amount: usize,
    buyer: Option<usize>,
    buyer_required: bool,
    description: Option<usize>,
    expense_type: Option<usize>,
    cost_centre: Option<usize>,
    transaction: Option<usize>,
    companies_house: Option<usize>,
    framework: Option<usize>,
    lot: Option<usize>,
}

impl Columns {
    /// The columns of a mapping, or the fields it still lacks. A file from a body other than
    /// a force (the Crown Commercial Service) must say who paid: `buyer_required`.
    pub fn new(
        mapping: &Mapping,
        width: usize,
        buyer_required: bool,
    ) -> Result<Columns, Vec<Field>> {
        let mut missing = mapping.missing();
        if buyer_required && mapping.column(Field::Buyer).is_none() {
            missing.push(Field::Buyer);
        }
        let (Some(date), Some(supplier), Some(amount)) = (
            mapping.column(Field::PaymentDate),
            mapping.column(Field::Supplier),
            mapping
                .column(Field::Amount)
                .or(mapping.column(Field::GrossAmount)),
        ) else {
            return Err(missing);
        };
        if !missing.is_empty() {
            return Err(missing);
        }
        Ok(Columns {
            width,
            date,
            supplier,
            amount,
            buyer: mapping.column(Field::Buyer),
            buyer_required,
            description: mapping.column(Field::Description),
            expense_type: mapping.column(Field::ExpenseType),
            cost_centre: mapping.column(Field::CostCentre),
            transaction: mapping.column(Field::TransactionNumber),
            companies_house: mapping.column(Field::CompaniesHouse),
            framework: mapping.column(Field::Framework),
            lot: mapping.column(Field::Lot),
        })
    }
}

/// A payment as its row gives it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Row {
    pub line: u64,
    pub paid_on: PaidOn,
    pub amount: Amount,
    pub supplier: String,
    pub buyer: String,
    pub description: String,
    pub expense_type: String,
    pub cost_centre: String,
    pub transaction: String,
    pub companies_house: String,
    /// The framework lot it was bought through, framework and lot as one ("G-Cloud lot 3").
    pub lot: String,
}

/// The framework and lot cells as one name: the Crown Commercial Service's returns give the
/// framework ("G-Cloud") and the lot apart, the lot often a bare number ("3").
pub fn lot_name(framework: &str, lot: &str) -> String {
    let (framework, lot) = (framework.trim(), lot.trim());
    match (framework.is_empty(), lot.is_empty()) {
        (_, true) => framework.to_string(),
        (true, false) if lot.chars().all(|c| c.is_ascii_digit()) => format!("Lot {lot}"),
        (true, false) => lot.to_string(),
        (false, false) if lot.chars().all(|c| c.is_ascii_digit()) => {
            format!("{framework} lot {lot}")
        }
        (false, false) if lot.to_lowercase().starts_with(&framework.to_lowercase()) => {
            lot.to_string()
        }
        (false, false) => format!("{framework}: {lot}"),
    }
}

/// Why a row is not imported: each says what a person would fix.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum RowError {
    #[error("the row has {got} columns but the header has {want}")]
    Width { got: usize, want: usize },
    #[error("the supplier is empty")]
    NoSupplier,
    #[error("the buyer is empty")]
    NoBuyer,
    #[error("payment date: {0}")]
    Date(#[from] DateError),
    #[error("amount: {0}")]
    Amount(#[from] AmountError),
}

/// A rejected row's reason, and its amount when it could be read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Rejection {
    pub reason: RowError,
    pub amount: Option<Money>,
}

fn cell(r: &Record, at: Option<usize>) -> String {
    at.and_then(|i| r.cells.get(i)).cloned().unwrap_or_default()
}

/// Reads one row. Cells beyond the header are allowed only when empty (Excel writes trailing
/// commas); a row with fewer cells, or more that hold something, is reported, never guessed.
pub fn read_row(c: &Columns, r: &Record) -> Result<Row, Rejection> {
    let amount = r
        .cells
        .get(c.amount)
        .map(|a| parse_amount_rounding(a))
        .unwrap_or(Err(AmountError::Empty));
    let reject = |reason: RowError| Rejection {
        reason,
        amount: amount.as_ref().ok().map(|a| a.money),
    };
    let got = r.cells.len();
    if got < c.width || r.cells[c.width..].iter().any(|x| !x.is_empty()) {
        return Err(reject(RowError::Width { got, want: c.width }));
    }
    let paid_on = parse_date(&r.cells[c.date]).map_err(|e| reject(e.into()))?;
    let supplier = r.cells[c.supplier].clone();
    if supplier.is_empty() {
        return Err(reject(RowError::NoSupplier));
    }
    let buyer = cell(r, c.buyer);
    if c.buyer_required && buyer.is_empty() {
        return Err(reject(RowError::NoBuyer));
    }
    let amount = amount.clone().map_err(|e| reject(e.into()))?;
    Ok(Row {
        line: r.line,
        paid_on,
        amount,
        supplier,
        buyer,
        description: cell(r, c.description),
        expense_type: cell(r, c.expense_type),
        cost_centre: cell(r, c.cost_centre),
        transaction: cell(r, c.transaction),
        companies_house: cell(r, c.companies_house),
        lot: lot_name(&cell(r, c.framework), &cell(r, c.lot)),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::spend::parse::mapping::guess;

    fn cols(header: &[&str], buyer_required: bool) -> Columns {
        let h: Vec<String> = header.iter().map(|s| s.to_string()).collect();
        Columns::new(&guess(&h), h.len(), buyer_required).unwrap()
    }

    fn rec(line: u64, cells: &[&str]) -> Record {
        Record {
            line,
            cells: cells.iter().map(|s| s.to_string()).collect(),
        }
    }

    #[test]
    fn a_good_row_and_a_credit_note() {
        let c = cols(
            &["Payment Date", "Supplier Name", "Net Amount", "Description"],
            false,
        );
        let row = read_row(
            &c,
            &rec(5, &["01/04/2024", "Acme Ltd", "(123.45)", "Refund"]),
        )
        .unwrap();
        assert_eq!(row.amount.money, Money::from_pence(-12345));
        assert_eq!(row.supplier, "Acme Ltd");
        assert_eq!(row.description, "Refund");
        assert_eq!(row.line, 5);
    }

    #[test]
    fn each_bad_row_says_why_and_keeps_its_amount() {
        let c = cols(&["Payment Date", "Supplier Name", "Net Amount"], false);
        let bad = |cells: &[&str]| read_row(&c, &rec(2, cells)).unwrap_err();
        let r = bad(&["31/02/2024", "Acme", "10.00"]);
        assert_eq!(
            r.reason.to_string(),
            "payment date: “31/02/2024” is not a real date"
        );
        assert_eq!(r.amount, Some(Money::from_pence(1000)));
        let r = bad(&["01/02/2024", "Acme", "one thousand"]);
        assert_eq!(
            r.reason.to_string(),
            "amount: “one thousand” is not an amount in pounds and pence"
        );
        assert_eq!(r.amount, None);
        assert_eq!(bad(&["01/02/2024", "", "5"]).reason, RowError::NoSupplier);
        assert_eq!(
            bad(&["01/02/2024", "Acme"]).reason,
            RowError::Width { got: 2, want: 3 }
        );
        assert_eq!(
            bad(&["01/02/2024", "Acme", "5", "extra"]).reason,
            RowError::Width { got: 4, want: 3 }
        );
        // Empty trailing cells are Excel's, not the row's.
        assert!(read_row(&c, &rec(2, &["01/02/2024", "Acme", "5", ""])).is_ok());
    }

    #[test]
    fn a_framework_file_must_say_who_paid() {
        let h: Vec<String> = ["Date", "Supplier", "Amount"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        assert_eq!(
            Columns::new(&guess(&h), 3, true).unwrap_err(),
            vec![Field::Buyer]
        );
        let c = cols(
            &["Date", "SupplierName", "CustomerName", "EvidencedSpend"],
            true,
        );
        assert_eq!(
            read_row(&c, &rec(2, &["01/02/2024", "Acme", "", "5"]))
                .unwrap_err()
                .reason,
            RowError::NoBuyer
        );
    }

    #[test]
    fn a_lot_is_named_with_its_framework() {
        assert_eq!(lot_name("G-Cloud", "3"), "G-Cloud lot 3");
        assert_eq!(
            lot_name("G-Cloud", "Cloud software"),
            "G-Cloud: Cloud software"
        );
        assert_eq!(lot_name("G-Cloud", "G-Cloud 12 lot 2"), "G-Cloud 12 lot 2");
        assert_eq!(lot_name("", " 4 "), "Lot 4");
        assert_eq!(lot_name("G-Cloud", ""), "G-Cloud");
        assert_eq!(lot_name("", ""), "");
    }
}
