//! Reading spend files exactly as forces and the Crown Commercial Service publish them: the
//! bytes decoded (`decode`), the layout found (`table`), each value read (`values`). Pure
//! functions, unit-tested here; the import itself (mapping, matching, de-duplication, the job)
//! builds on them.

pub mod decode;
pub mod mapping;
#[cfg(test)]
mod properties;
pub mod row;
pub mod sheet;
pub mod stream;
pub mod table;
pub mod values;

#[cfg(test)]
mod tests {
    use super::*;

    /// The Crown Commercial Service's G-Cloud spend file for 2012-2014, as published: ISO-8859-1
    /// with old-Mac CR line ends.
    const GCLOUD_SPEND: &[u8] =
        include_bytes!("../../../../tests/fixtures/spend/gcloud-spend-2012-2014.csv");

    #[test]
    fn the_real_g_cloud_spend_file_reads_without_editing() {
        let (text, enc) = decode::decode(GCLOUD_SPEND, None).unwrap();
        assert_eq!(decode::label(enc), "Windows-1252");
        let delimiter = table::detect_delimiter(&text);
        assert_eq!(delimiter, b',');
        let t = table::read(&text, delimiter).unwrap();
        assert_eq!(t.header.line, 1);
        assert_eq!(t.header.cells[3], "SupplierName");
        assert!(t.rows.len() > 10_000, "{}", t.rows.len());
        let col = |name: &str| t.header.cells.iter().position(|c| c == name).unwrap();
        let (spend, month) = (col("EvidencedSpend"), col("ReturnMonth"));
        let mut total = crate::money::Money::ZERO;
        for r in &t.rows {
            assert_eq!(r.cells.len(), t.header.cells.len(), "line {}", r.line);
            total = total
                .checked_add(
                    values::parse_amount_rounding(&r.cells[spend])
                        .map(|a| a.money)
                        .unwrap_or_else(|e| panic!("line {}: {e}", r.line)),
                )
                .unwrap();
            values::parse_date(&r.cells[month]).unwrap_or_else(|e| panic!("line {}: {e}", r.line));
        }
        assert!(total.pence() > 0);
        // Police buyers are in it.
        let buyer = col("CustomerName");
        assert!(t
            .rows
            .iter()
            .any(|r| r.cells[buyer].to_lowercase().contains("police")));
    }
}
