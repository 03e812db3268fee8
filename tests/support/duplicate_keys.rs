//! Shared by the property tests and the fuzz targets (included with `#[path]`).

/// Whether the JSON text has an object with a repeated key: the engine reads the first
/// (and refuses the repeat), `serde_json::Value` keeps the last, so a path into one need
/// not match the other.
pub fn has_duplicate_keys(text: &str) -> bool {
    use serde::de::{Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
    struct Dup(bool);
    struct DupVisitor;
    impl<'de> Deserialize<'de> for Dup {
        fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
            deserializer.deserialize_any(DupVisitor)
        }
    }
    impl<'de> Visitor<'de> for DupVisitor {
        type Value = Dup;
        fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            f.write_str("JSON")
        }
        fn visit_bool<E>(self, _: bool) -> Result<Dup, E> {
            Ok(Dup(false))
        }
        fn visit_i64<E>(self, _: i64) -> Result<Dup, E> {
            Ok(Dup(false))
        }
        fn visit_u64<E>(self, _: u64) -> Result<Dup, E> {
            Ok(Dup(false))
        }
        fn visit_f64<E>(self, _: f64) -> Result<Dup, E> {
            Ok(Dup(false))
        }
        fn visit_str<E>(self, _: &str) -> Result<Dup, E> {
            Ok(Dup(false))
        }
        fn visit_unit<E>(self) -> Result<Dup, E> {
            Ok(Dup(false))
        }
        fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Dup, A::Error> {
            let mut dup = false;
            while let Some(Dup(inner)) = seq.next_element()? {
                dup |= inner;
            }
            Ok(Dup(dup))
        }
        fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Dup, A::Error> {
            let mut seen = std::collections::HashSet::new();
            let mut dup = false;
            while let Some(key) = map.next_key::<String>()? {
                dup |= !seen.insert(key);
                let Dup(inner) = map.next_value()?;
                dup |= inner;
            }
            Ok(Dup(dup))
        }
    }
    serde_json::from_str::<Dup>(text).map_or(true, |d| d.0)
}
