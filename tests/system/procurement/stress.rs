//! The stress command at a small size: 20 suppliers submitting and revising over HTTP in the
//! last moments before the deadline; every bid accepted before it is stored once with its last
//! revision, every one after it refused.
