//! Outgoing mail.

use super::Viewer;

#[derive(Clone, Copy, Debug, PartialEq, Eq, strum::EnumIter, strum::IntoStaticStr)]
#[strum(serialize_all = "snake_case")]
pub enum MailAction {
    /// Read the development mailbox. Anyone may: it exists only in demo mode (which refuses
    /// to run on https), where someone registering must read their confirmation link there.
    ReadDemoMailbox,
}

pub(super) fn rule(_viewer: Option<&Viewer>, action: MailAction) -> bool {
    match action {
        MailAction::ReadDemoMailbox => true,
    }
}
