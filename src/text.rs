//! Validated values travel through serde as their text: read with `FromStr` (a bad value
//! is an error carrying its own code), written with `Display`, as semver does.

/// Gives `$ty` serde impls through its `FromStr` and `Display`; a value that does not
/// parse is an error of `$code`. With the `schema` feature, its JSON Schema is a string
/// described by `$expecting`, with the JSON Schema keywords given after it
/// (`"format" => "date-time"`).
macro_rules! serde_as_text {
    ($ty:ident, $code:expr, $expecting:literal $(, $keyword:literal => $value:literal)* $(,)?) => {
        #[cfg(feature = "schema")]
        impl schemars::JsonSchema for $ty {
            fn schema_name() -> std::borrow::Cow<'static, str> {
                stringify!($ty).into()
            }

            fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
                schemars::json_schema!({"type": "string", "description": $expecting $(, $keyword: $value)*})
            }
        }

        impl serde::Serialize for $ty {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.collect_str(self)
            }
        }

        impl<'de> serde::Deserialize<'de> for $ty {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                struct Text;
                impl serde::de::Visitor<'_> for Text {
                    type Value = $ty;
                    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                        f.write_str($expecting)
                    }
                    fn visit_str<E: serde::de::Error>(self, text: &str) -> Result<$ty, E> {
                        text.parse().map_err(|err| E::custom(crate::error::tagged($code, err)))
                    }
                }
                deserializer.deserialize_str(Text)
            }
        }
    };
}
pub(crate) use serde_as_text;
