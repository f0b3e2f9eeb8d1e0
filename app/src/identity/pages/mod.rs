//! Identity pages, one a file. Each is a plain component: the handler loads what it needs.
pub mod account;
pub mod change_password;
pub mod confirm;
pub mod force;
pub mod forces;
pub mod home;
pub mod invitation;
pub mod invite;
pub mod mfa;
pub mod register;
pub mod register_force;
pub mod register_supplier;
pub mod sign_in;
pub mod supplier;
pub mod suppliers;
pub mod user;
pub mod users;
