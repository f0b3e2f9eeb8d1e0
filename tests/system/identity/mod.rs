//! The identity area: registering, signing in, sessions, accounts, users, invitations,
//! suppliers and forces. One file per use case, as in `app/src/identity/service/`.

mod account;
mod forces;
mod invitations;
mod mfa;
mod registration;
mod sessions;
mod sign_in;
mod suppliers;
mod users;

use app::error::ServiceError;
use app::identity::types::{RegisterForceForm, RegisterSupplierForm};

pub(crate) fn force_form(email: &str) -> RegisterForceForm {
    RegisterForceForm {
        name: "Jo Bloggs".into(),
        email: email.into(),
        password: "orchard-lantern-42".into(),
        confirm_password: "orchard-lantern-42".into(),
    }
}

pub(crate) fn supplier_form(email: &str, ch: &str) -> RegisterSupplierForm {
    RegisterSupplierForm {
        company_name: "Acme Policing Software Ltd".into(),
        companies_house_number: ch.into(),
        supplier_size: "sme".into(),
        contact_phone: "01632 960 001".into(),
        name: "Ada Vendor".into(),
        email: email.into(),
        password: "orchard-lantern-42".into(),
        confirm_password: "orchard-lantern-42".into(),
    }
}

pub(crate) fn field_error(e: ServiceError, field: &str) -> String {
    match e {
        ServiceError::Invalid(errors) => errors
            .get(field)
            .unwrap_or_else(|| panic!("no error for {field}: {errors}"))
            .to_string(),
        other => panic!("expected invalid {field}, got {other:?}"),
    }
}
