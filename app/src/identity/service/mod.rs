//! Identity use cases, one file each: signing in, registering, one's own account, the users
//! of an organisation, invitations, and the national body's work on suppliers and forces.
//!
//! Every use case that acts for someone takes the viewer and checks it with the rule book
//! (`crate::access`), validates its input into `FieldErrors`, and writes its change and the
//! change's audit event in one transaction. Pages, the REST API and server functions all
//! call these; nothing else touches the identity tables.

mod account;
mod fields;
mod first_admin;
mod forces;
mod invitations;
mod load;
mod mfa;
mod organisations;
mod registration;
mod sign_in;
mod suppliers;
mod throttle;
mod users;

pub use account::change_password;
pub use first_admin::create_first_admin;
pub use forces::set_force_domains;
pub use invitations::{accept_invitation, invitation, invite_user};
pub(crate) use load::insert_active_user;
pub use load::load_viewer;
pub use mfa::{
    enrol as enrol_mfa, mfa_required, mfa_status, reset_mfa, second_step, verify_second_factor,
    Enrolment, SecondStep,
};
pub use organisations::{
    count_pending_suppliers, get_organisation, list_organisations, organisation_names,
    own_organisation,
};
pub use registration::{confirm_email, register_force_user, register_supplier, ConfirmationSent};
pub use sign_in::{sign_in, sign_out};
pub use suppliers::decide_supplier;
pub use users::{get_user, list_users, manage_user};
