//! The contract's names of enum values, read from serde: an enum's
//! `#[serde(rename_all = "camelCase")]` is the one place its names are spelt, and
//! `as_str` asks serde for them rather than keeping a second table.

use serde::ser::{Impossible, Serialize, Serializer};
use std::fmt;

/// The name serde writes for `value`, a unit variant of an enum; empty for anything else
/// (no contract enum has other variants).
pub(crate) fn serde_name<T: Serialize>(value: &T) -> &'static str {
    value.serialize(VariantName).unwrap_or_default()
}

/// A serializer that accepts only a unit variant and answers its name.
struct VariantName;

/// What [`VariantName`] answers for anything but a unit variant.
#[derive(Debug)]
struct NotAUnitVariant;

impl fmt::Display for NotAUnitVariant {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("not a unit variant")
    }
}

impl std::error::Error for NotAUnitVariant {}

impl serde::ser::Error for NotAUnitVariant {
    fn custom<T: fmt::Display>(_: T) -> Self {
        Self
    }
}

/// Every method but `serialize_unit_variant` refuses.
macro_rules! refuse {
    ($($method:ident($($arg:ty),*)),* $(,)?) => {
        $(fn $method(self, $(_: $arg),*) -> Result<&'static str, NotAUnitVariant> {
            Err(NotAUnitVariant)
        })*
    };
}

impl Serializer for VariantName {
    type Ok = &'static str;
    type Error = NotAUnitVariant;
    type SerializeSeq = Impossible<&'static str, NotAUnitVariant>;
    type SerializeTuple = Impossible<&'static str, NotAUnitVariant>;
    type SerializeTupleStruct = Impossible<&'static str, NotAUnitVariant>;
    type SerializeTupleVariant = Impossible<&'static str, NotAUnitVariant>;
    type SerializeMap = Impossible<&'static str, NotAUnitVariant>;
    type SerializeStruct = Impossible<&'static str, NotAUnitVariant>;
    type SerializeStructVariant = Impossible<&'static str, NotAUnitVariant>;

    fn serialize_unit_variant(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
    ) -> Result<&'static str, Self::Error> {
        Ok(variant)
    }

    refuse!(
        serialize_bool(bool),
        serialize_i8(i8),
        serialize_i16(i16),
        serialize_i32(i32),
        serialize_i64(i64),
        serialize_u8(u8),
        serialize_u16(u16),
        serialize_u32(u32),
        serialize_u64(u64),
        serialize_f32(f32),
        serialize_f64(f64),
        serialize_char(char),
        serialize_str(&str),
        serialize_bytes(&[u8]),
        serialize_none(),
        serialize_unit(),
        serialize_unit_struct(&'static str),
    );

    fn serialize_some<T: ?Sized + Serialize>(self, _: &T) -> Result<&'static str, Self::Error> {
        Err(NotAUnitVariant)
    }

    fn serialize_newtype_struct<T: ?Sized + Serialize>(
        self,
        _: &'static str,
        _: &T,
    ) -> Result<&'static str, Self::Error> {
        Err(NotAUnitVariant)
    }

    fn serialize_newtype_variant<T: ?Sized + Serialize>(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: &T,
    ) -> Result<&'static str, Self::Error> {
        Err(NotAUnitVariant)
    }

    fn serialize_seq(self, _: Option<usize>) -> Result<Self::SerializeSeq, Self::Error> {
        Err(NotAUnitVariant)
    }

    fn serialize_tuple(self, _: usize) -> Result<Self::SerializeTuple, Self::Error> {
        Err(NotAUnitVariant)
    }

    fn serialize_tuple_struct(
        self,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeTupleStruct, Self::Error> {
        Err(NotAUnitVariant)
    }

    fn serialize_tuple_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeTupleVariant, Self::Error> {
        Err(NotAUnitVariant)
    }

    fn serialize_map(self, _: Option<usize>) -> Result<Self::SerializeMap, Self::Error> {
        Err(NotAUnitVariant)
    }

    fn serialize_struct(self, _: &'static str, _: usize) -> Result<Self::SerializeStruct, Self::Error> {
        Err(NotAUnitVariant)
    }

    fn serialize_struct_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeStructVariant, Self::Error> {
        Err(NotAUnitVariant)
    }
}

/// Gives an enum of unit variants its contract names: `ALL`, every value in declaration
/// order, and `as_str`, the name serde writes for a value (so the enum's
/// `#[serde(rename_all)]` stays the one place a name is spelt).
macro_rules! contract_names {
    ($enum:ident { $($variant:ident),* $(,)? }) => {
        impl $enum {
            /// Every value, in declaration order.
            pub const ALL: [Self; [$(stringify!($variant)),*].len()] = [$(Self::$variant),*];

            /// The name the contract's JSON gives the value (serde's own).
            pub fn as_str(self) -> &'static str {
                crate::names::serde_name(&self)
            }
        }

        // `ALL` names every variant: a variant missing from the list does not compile.
        const _: () = {
            #[expect(dead_code, reason = "only compiled, to check that `ALL` is complete")]
            fn every_variant_is_listed(value: $enum) {
                match value {
                    $($enum::$variant => {}),*
                }
            }
        };
    };
}
pub(crate) use contract_names;

#[cfg(test)]
mod tests {
    use super::serde_name;

    #[test]
    fn a_unit_variant_is_named_as_serde_writes_it_and_nothing_else_is() {
        assert_eq!(serde_name(&crate::Verdict::ActionRequired), "actionRequired");
        assert_eq!(serde_name(&crate::ErrorCode::InvalidJson), "invalidJson");
        assert_eq!(serde_name(&"text"), "");
        assert_eq!(serde_name(&Some(1)), "");
        assert_eq!(serde_name(&crate::Verdict::ALL.to_vec()), "");
    }
}
