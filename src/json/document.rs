//! A top-level document (a scenario or a timeline) may name its JSON Schema with a
//! `"$schema"` key, so that an editor validates the file as it is typed. The key is read
//! as a string and ignored; it is not part of the model and never written back. Any other
//! unknown key is still refused by the document's own reader.

use serde::de::{DeserializeOwned, DeserializeSeed, IntoDeserializer, MapAccess, SeqAccess, Visitor};
use serde::{forward_to_deserialize_any, Deserializer};
use std::fmt;

/// The key an editor reads the schema's address from.
const SCHEMA_KEY: &str = "$schema";

/// `serde_json::from_str`, except that the top-level object's `$schema` key is skipped.
/// Errors are serde_json's, with the same positions (the path is worked out from them).
pub(super) fn from_str<T: DeserializeOwned>(text: &str) -> serde_json::Result<T> {
    let mut reader = serde_json::Deserializer::from_str(text);
    let value = T::deserialize(TopLevel(&mut reader))?;
    reader.end()?;
    Ok(value)
}

/// The top-level value: a struct is read through [`SkipSchema`].
struct TopLevel<'a, 'de>(&'a mut serde_json::Deserializer<serde_json::de::StrRead<'de>>);

impl<'de> Deserializer<'de> for TopLevel<'_, 'de> {
    type Error = serde_json::Error;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> serde_json::Result<V::Value> {
        self.0.deserialize_any(visitor)
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        fields: &'static [&'static str],
        visitor: V,
    ) -> serde_json::Result<V::Value> {
        self.0.deserialize_struct(name, fields, SkipSchema(visitor))
    }

    forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes byte_buf
        option unit unit_struct newtype_struct seq tuple tuple_struct map enum identifier
        ignored_any
    }
}

/// The document's own visitor, handed the object without its `$schema` key.
struct SkipSchema<V>(V);

impl<'de, V: Visitor<'de>> Visitor<'de> for SkipSchema<V> {
    type Value = V::Value;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.expecting(f)
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<V::Value, A::Error> {
        self.0.visit_map(WithoutSchema(map))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<V::Value, A::Error> {
        self.0.visit_seq(seq)
    }
}

/// The object's entries but `$schema`'s.
struct WithoutSchema<A>(A);

impl<'de, A: MapAccess<'de>> MapAccess<'de> for WithoutSchema<A> {
    type Error = A::Error;

    fn next_key_seed<K: DeserializeSeed<'de>>(&mut self, seed: K) -> Result<Option<K::Value>, A::Error> {
        while let Some(key) = self.0.next_key::<String>()? {
            if key != SCHEMA_KEY {
                return seed.deserialize(key.into_deserializer()).map(Some);
            }
            self.0.next_value::<String>()?;
        }
        Ok(None)
    }

    fn next_value_seed<S: DeserializeSeed<'de>>(&mut self, seed: S) -> Result<S::Value, A::Error> {
        self.0.next_value_seed(seed)
    }

    fn size_hint(&self) -> Option<usize> {
        self.0.size_hint()
    }
}

#[cfg(test)]
mod tests {
    use crate::error::ErrorCode;
    use crate::{Scenario, Timeline};

    const SCENARIO: &str = r#"{"now": "2023-11-08T13:00:00Z", "deployment": {"id": "d", "name": "n"}}"#;

    fn with(key_value: &str) -> String {
        // Just after the opening brace.
        let mut text = SCENARIO.to_owned();
        text.insert_str(1, &format!("{key_value}, "));
        text
    }

    #[test]
    fn a_schema_key_is_read_and_ignored_at_the_top_level_only() {
        let plain = Scenario::from_json(SCENARIO);
        assert!(plain.is_ok());
        assert_eq!(Scenario::from_json(&with(r#""$schema": "../docs/schema/scenario.schema.json""#)), plain);
        let written = crate::json::to_json(&Scenario::from_json(&with(r#""$schema": "s.json""#)).ok());
        assert!(!written.contains("$schema"), "{written}");
        let timeline = r#"{"$schema": "t.json", "deployment": {"id": "d", "name": "n"}, "events": []}"#;
        assert!(Timeline::from_json(timeline).is_ok());

        let err = Scenario::from_json(&with(r#""$schema": 3"#)).err();
        assert_eq!(err.as_ref().map(|e| (e.code(), e.path())), Some((ErrorCode::InvalidJson, "$schema")));
        let nested = SCENARIO.replace(r#""name": "n""#, r#""name": "n", "$schema": "x""#);
        let err = Scenario::from_json(&nested).err();
        assert_eq!(
            err.as_ref().map(|e| (e.code(), e.path())),
            Some((ErrorCode::UnknownField, "deployment.$schema"))
        );
        let err = Scenario::from_json(&with(r#""$schema": "s", "nwo": 1"#)).err();
        assert_eq!(err.as_ref().map(|e| (e.code(), e.path())), Some((ErrorCode::UnknownField, "nwo")));
        let err = Scenario::from_json(&format!("{SCENARIO} x")).err();
        assert_eq!(err.map(|e| e.code()), Some(ErrorCode::InvalidJson));
    }
}
