//! With the `schema` feature: the few JSON Schemas that serde's attributes cannot tell
//! schemars.

use schemars::{JsonSchema, Schema, SchemaGenerator};
use std::borrow::Cow;

/// A key that must be present but may be `null`: an `Option` read with
/// `deserialize_with`, which makes serde require the key, where schemars would make an
/// `Option` optional.
pub(crate) struct Nullable<T>(std::marker::PhantomData<T>);

impl<T: JsonSchema> JsonSchema for Nullable<T> {
    fn inline_schema() -> bool {
        true
    }

    fn schema_name() -> Cow<'static, str> {
        Option::<T>::schema_name()
    }

    fn json_schema(generator: &mut SchemaGenerator) -> Schema {
        Option::<T>::json_schema(generator)
    }
}
