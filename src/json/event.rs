//! Reading a timeline [`Event`]: `kind` first, then the rest straight into that kind's
//! fields.
//!
//! serde's derived reader for an internally tagged enum buffers the whole object before
//! it looks at the tag, so an error inside an event could only name the event. Here the
//! keys before `kind` (usually just `at`) are held back, and everything after it streams
//! into the kind's own struct, so an error names the field at fault
//! (`events[2].runtimeVersion`) and an unknown field is refused by the kind's struct.

use crate::time::Timestamp;
use crate::timeline::{Event, EventKind};
use serde::de::value::MapAccessDeserializer;
use serde::de::{DeserializeSeed, Error, IntoDeserializer, MapAccess, Visitor};
use serde::{Deserialize, Deserializer};
use serde_json::Value;
use std::fmt;

impl<'de> Deserialize<'de> for Event {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_map(EventVisitor)
    }
}

struct EventVisitor;

impl<'de> Visitor<'de> for EventVisitor {
    type Value = Event;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an event object with `at` and `kind`")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Event, A::Error> {
        let mut held = Vec::new();
        while let Some(key) = map.next_key::<String>()? {
            match key.as_str() {
                "kind" => {
                    let kind: EventKind = map.next_value()?;
                    let rest = MapAccessDeserializer::new(Rest { held: held.into_iter(), value: None, map });
                    return Ok(match kind {
                        EventKind::Deploy => Event::Deploy(Deserialize::deserialize(rest)?),
                        EventKind::Rollback => Event::Rollback(Deserialize::deserialize(rest)?),
                        EventKind::Settings => Event::Settings(Deserialize::deserialize(rest)?),
                        EventKind::AgentUpdate => Event::AgentUpdate(Deserialize::deserialize(rest)?),
                        EventKind::Tasks => Event::Tasks(Deserialize::deserialize(rest)?),
                    });
                }
                // Read where it stands, so that a bad time is reported there.
                "at" => {
                    let at: Timestamp = map.next_value()?;
                    held.push((key, Value::String(at.to_string())));
                }
                _ => held.push((key, map.next_value()?)),
            }
        }
        Err(A::Error::missing_field("kind"))
    }
}

/// The event's fields after `kind`: the held ones first, then the rest of the object.
struct Rest<I, A> {
    held: I,
    value: Option<(String, Value)>,
    map: A,
}

impl<'de, I: Iterator<Item = (String, Value)>, A: MapAccess<'de>> MapAccess<'de> for Rest<I, A> {
    type Error = A::Error;

    fn next_key_seed<K: DeserializeSeed<'de>>(&mut self, seed: K) -> Result<Option<K::Value>, A::Error> {
        match self.held.next() {
            Some((key, value)) => {
                let read = seed.deserialize(key.as_str().into_deserializer()).map(Some);
                self.value = Some((key, value));
                read
            }
            None => self.map.next_key_seed(seed),
        }
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, A::Error> {
        match self.value.take() {
            // Read after `kind`, a held value's error would be placed there: name its key.
            Some((key, value)) => {
                seed.deserialize(value).map_err(|err| A::Error::custom(format!("in `{key}`: {err}")))
            }
            None => self.map.next_value_seed(seed),
        }
    }
}
