use crate::identity::types::UserStatus;
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "app_user")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub organisation_id: i32,
    #[sea_orm(unique)]
    pub email: String,
    pub name: String,
    /// None until an invited user sets a password.
    pub password_hash: Option<String>,
    pub status: UserStatus,
    /// SHA-256 of the invitation token: the token itself is only ever in the invitation link.
    pub invitation_token_hash: Option<String>,
    pub invitation_expires_at: Option<DateTimeUtc>,
    pub created_at: DateTimeUtc,
    /// Disabled by the national body: only the national body may enable the account again.
    pub disabled_by_national: bool,
    /// The authenticator app's shared secret, base32; set once enrolment is confirmed.
    pub totp_secret: Option<String>,
    pub totp_enabled_at: Option<DateTimeUtc>,
    /// The newest TOTP time step accepted: a code for it or an earlier step is a replay.
    pub totp_last_step: Option<i64>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
