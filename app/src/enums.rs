//! Enums stored as text, shared by every area: one macro, so every such enum has the same
//! spellings, labels, parsing and (on the server) sea-orm value type.

/// A value that is not one of an enum's stored spellings.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("“{value}” is not a known {what}")]
pub struct UnknownValue {
    pub what: &'static str,
    pub value: String,
}

/// An enum stored as text: its spelling in the database and URLs (`as_str`), the words
/// people read (`label`), and on the server a sea-orm value type, so entities hold the enum
/// itself and a row with an unknown spelling is a database error, never a silent default.
#[macro_export]
macro_rules! string_enum {
    ($(#[$m:meta])* $name:ident { $($variant:ident => $text:literal, $label:literal;)+ }) => {
        $(#[$m])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize)]
        #[cfg_attr(feature = "ssr", derive(sea_orm::DeriveValueType))]
        #[cfg_attr(feature = "ssr", sea_orm(value_type = "String"))]
        #[serde(rename_all = "snake_case")]
        pub enum $name { $($variant),+ }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            /// The value stored in the database and used in URLs.
            pub fn as_str(&self) -> &'static str {
                match self { $($name::$variant => $text),+ }
            }

            /// The words shown to people.
            pub fn label(&self) -> &'static str {
                match self { $($name::$variant => $label),+ }
            }

            /// Reads a spelling from a form or a URL: None when it is not one of ours.
            pub fn parse(s: &str) -> Option<$name> {
                s.parse().ok()
            }
        }

        impl std::str::FromStr for $name {
            type Err = $crate::enums::UnknownValue;

            fn from_str(s: &str) -> Result<$name, $crate::enums::UnknownValue> {
                match s {
                    $($text => Ok($name::$variant),)+
                    _ => Err($crate::enums::UnknownValue { what: stringify!($name), value: s.to_string() }),
                }
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }
    };
}
