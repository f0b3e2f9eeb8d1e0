//! Which column holds what: guessed from the header (payment date rather than the other dates,
//! net rather than gross), shown to the person to check and fix, and remembered per publisher.

use serde::{Deserialize, Serialize};

string_enum!(
    /// What a column of a spend file can be.
    Field {
        PaymentDate => "payment_date", "Payment date";
        Supplier => "supplier", "Supplier";
        Amount => "amount", "Amount (net of VAT)";
        GrossAmount => "gross_amount", "Amount including VAT";
        Vat => "vat", "VAT";
        Description => "description", "Description";
        ExpenseType => "expense_type", "Expense type or GL code";
        CostCentre => "cost_centre", "Cost centre or service area";
        TransactionNumber => "transaction_number", "Transaction number";
        Buyer => "buyer", "Buyer (the force or body that paid)";
        CompaniesHouse => "companies_house", "Supplier's Companies House number";
        Framework => "framework", "Framework (G-Cloud, ...)";
        Lot => "lot", "Framework lot";
    }
);

/// Each column's field, or none (ignored), in the file's column order.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Mapping(pub Vec<Option<Field>>);

impl Mapping {
    /// The column holding `field`, if one does.
    pub fn column(&self, field: Field) -> Option<usize> {
        self.0.iter().position(|f| *f == Some(field))
    }

    /// What is still missing for rows to be read: a payment date, a supplier and an amount
    /// (net, or gross).
    pub fn missing(&self) -> Vec<Field> {
        let mut out = Vec::new();
        for f in [Field::PaymentDate, Field::Supplier] {
            if self.column(f).is_none() {
                out.push(f);
            }
        }
        if self.column(Field::Amount).is_none() && self.column(Field::GrossAmount).is_none() {
            out.push(Field::Amount);
        }
        out
    }
}

fn norm(h: &str) -> String {
    // "SupplierName" and "supplier_name" read as "supplier name".
    let mut out = String::new();
    let mut prev_lower = false;
    for c in h.trim().chars() {
        if c.is_uppercase() && prev_lower {
            out.push(' ');
        }
        prev_lower = c.is_lowercase() || c.is_ascii_digit();
        if c.is_alphanumeric() {
            out.extend(c.to_lowercase());
        } else {
            out.push(' ');
        }
    }
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// How well a header names a field: higher is better, 0 is not at all.
fn score(field: Field, h: &str) -> u32 {
    let has = |w: &str| h.contains(w);
    let word = |w: &str| h.split(' ').any(|x| x == w);
    match field {
        Field::PaymentDate => {
            if has("payment date") || has("date paid") || has("paid date") || has("date of payment")
            {
                10
            } else if has("transaction date") || has("clearing date") {
                7
            } else if h == "date"
                || word("date") && !has("invoice") && !has("posting") && !has("due")
            {
                6
            } else if has("date") {
                3
            } else if has("month") || has("period") {
                2
            } else {
                0
            }
        }
        Field::Supplier => {
            if has("companies house") || has("company number") || has("vat number") {
                0
            } else if has("supplier name")
                || has("payee name")
                || has("vendor name")
                || has("merchant name")
            {
                10
            } else if word("supplier")
                || word("payee")
                || word("vendor")
                || word("merchant")
                || has("beneficiary")
            {
                8
            } else {
                0
            }
        }
        Field::Amount => {
            if has("vat") && !has("excl") && !has("ex vat") && !has("net") {
                0
            } else if has("net") || has("excl") || has("ex vat") {
                10
            } else if word("amount")
                || has("evidenced spend")
                || word("value")
                || word("spend")
                || has("amount paid")
            {
                8
            } else {
                0
            }
        }
        Field::GrossAmount => {
            if has("gross") || has("incl") || has("total") && !has("vat") {
                9
            } else {
                0
            }
        }
        Field::Vat => {
            if (word("vat") || has("vat amount")) && !has("incl") && !has("excl") && !has("number")
            {
                9
            } else {
                0
            }
        }
        Field::Description => {
            // "LotDescription" names a framework lot, not the payment.
            if (has("description") || has("narrative") || has("details") || has("purpose"))
                && !word("lot")
            {
                9
            } else {
                0
            }
        }
        Field::ExpenseType => {
            if has("expense type")
                || has("expenditure type")
                || has("gl code")
                || has("account code")
                || has("expense area")
                || has("subjective")
            {
                9
            } else if word("category") || has("expense") {
                5
            } else {
                0
            }
        }
        Field::CostCentre => {
            if has("cost centre")
                || has("cost center")
                || has("service area")
                || has("department")
                || has("directorate")
            {
                9
            } else {
                0
            }
        }
        Field::TransactionNumber => {
            if has("transaction number")
                || has("transaction no")
                || has("transaction ref")
                || has("invoice number")
                || has("payment ref")
                || has("reference")
                || h == "id"
                || h == "ref"
            {
                8
            } else {
                0
            }
        }
        Field::Buyer => {
            if has("customer name")
                || has("buyer")
                || has("body name")
                || has("organisation name")
                || has("customer")
                || has("force")
            {
                9
            } else {
                0
            }
        }
        Field::CompaniesHouse => {
            if has("companies house") || has("company number") || has("company reg") {
                10
            } else {
                0
            }
        }
        Field::Framework => {
            if h == "framework" || has("framework name") {
                9
            } else {
                0
            }
        }
        Field::Lot => {
            if word("lot") {
                10
            } else {
                0
            }
        }
    }
}

/// The best guess for a header: each field to the column that names it best, each column
/// used once; ties go to the leftmost column.
pub fn guess(headers: &[String]) -> Mapping {
    let normed: Vec<String> = headers.iter().map(|h| norm(h)).collect();
    let mut candidates: Vec<(u32, usize, Field)> = Vec::new();
    for (i, h) in normed.iter().enumerate() {
        for f in Field::ALL {
            let s = score(*f, h);
            if s > 0 {
                candidates.push((s, i, *f));
            }
        }
    }
    // Strongest claims first; among equals, the leftmost column.
    candidates.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
    let mut mapping = vec![None; headers.len()];
    for (_, i, f) in candidates {
        if mapping[i].is_none() && !mapping.contains(&Some(f)) {
            mapping[i] = Some(f);
        }
    }
    Mapping(mapping)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(h: &[&str]) -> Vec<String> {
        h.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn a_force_file_picks_the_payment_date_over_the_other_dates() {
        let h = headers(&[
            "Invoice Date",
            "Payment Date",
            "Supplier Name",
            "Expense Type",
            "Service Area",
            "Transaction Number",
            "Net Amount",
            "VAT",
            "Gross Amount",
            "Description",
        ]);
        let m = guess(&h);
        assert_eq!(m.column(Field::PaymentDate), Some(1));
        assert_eq!(m.column(Field::Supplier), Some(2));
        assert_eq!(m.column(Field::ExpenseType), Some(3));
        assert_eq!(m.column(Field::CostCentre), Some(4));
        assert_eq!(m.column(Field::TransactionNumber), Some(5));
        assert_eq!(m.column(Field::Amount), Some(6));
        assert_eq!(m.column(Field::Vat), Some(7));
        assert_eq!(m.column(Field::GrossAmount), Some(8));
        assert_eq!(m.column(Field::Description), Some(9));
        assert_eq!(m.0[0], None, "the invoice date is left out");
        assert!(m.missing().is_empty());
    }

    #[test]
    fn the_crown_commercial_service_return_is_read_too() {
        let h = headers(&[
            "ID",
            "Framework",
            "LotDescription",
            "SupplierName",
            "CustomerName",
            "ReturnMonth",
            "ProjectNameAndDescription",
            "EvidencedSpend",
            "Sector",
            "SMEorLarge",
        ]);
        let m = guess(&h);
        assert_eq!(m.column(Field::Supplier), Some(3));
        assert_eq!(m.column(Field::Buyer), Some(4));
        assert_eq!(
            m.column(Field::PaymentDate),
            Some(5),
            "a month, when there is no date"
        );
        assert_eq!(m.column(Field::Amount), Some(7));
        assert_eq!(m.column(Field::TransactionNumber), Some(0));
        assert_eq!(m.column(Field::Framework), Some(1));
        assert_eq!(m.column(Field::Lot), Some(2));
        assert_eq!(
            m.column(Field::Description),
            Some(6),
            "the project's name and description, not the lot's"
        );
        assert!(m.missing().is_empty());
    }

    #[test]
    fn what_is_missing_is_said() {
        let m = guess(&headers(&["Date", "Notes"]));
        assert_eq!(m.missing(), vec![Field::Supplier, Field::Amount]);
        assert_eq!(norm("SupplierName"), "supplier name");
        assert_eq!(norm("  Cost_Centre  "), "cost centre");
    }
}
