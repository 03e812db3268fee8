//! Instants: RFC 3339 with an offset on input, UTC `Z` on output.

use chrono::{DateTime, Datelike, TimeDelta, Timelike, Utc};
use std::fmt;
use std::str::FromStr;

/// An instant in UTC, read from RFC 3339 text with an offset (`2023-11-08T13:00:00Z`,
/// `2023-11-08T14:00:00+01:00`) and written in UTC without a fraction when the seconds
/// are whole.
///
/// ```
/// let t: deploy_rollback::Timestamp = "2023-11-06T15:00:00+01:00".parse().unwrap();
/// assert_eq!(t.to_string(), "2023-11-06T14:00:00Z");
/// assert_eq!(t.image_tag(), "deploy-2023-11-06T14-00");
/// ```
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Timestamp(DateTime<Utc>);

/// Why a string is not a [`Timestamp`].
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("invalid timestamp `{input}`: {reason}")]
pub struct TimestampError {
    input: String,
    reason: &'static str,
}

impl FromStr for Timestamp {
    type Err = TimestampError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let fail = |reason| TimestampError { input: s.chars().take(64).collect(), reason };
        let parsed = DateTime::parse_from_rfc3339(s)
            .map_err(|_| fail("expected RFC 3339 with an offset, like 2023-11-08T13:00:00Z"))?;
        // [decided] A leap second (`23:59:60`) is refused rather than silently moved: no
        // deploy record carries one, and chrono would fold it into the previous second.
        if parsed.nanosecond() >= 1_000_000_000 {
            return Err(fail("leap seconds are not supported"));
        }
        // RFC 3339 writes years 0000 to 9999 only: an instant pushed outside them by its
        // offset (`0000-01-01T00:00:00+01:00`) could not be written back in UTC.
        let utc = parsed.with_timezone(&Utc);
        if !(0..=MAX_YEAR).contains(&utc.year()) {
            return Err(fail("outside the years 0000 to 9999 once converted to UTC"));
        }
        Ok(Self(utc))
    }
}

/// The last year RFC 3339 can write.
const MAX_YEAR: i32 = 9999;

impl Timestamp {
    /// This instant plus `days` × 24 h, or `None` past the calendar's end (the end of
    /// year 9999, the last RFC 3339 can write).
    pub fn plus_days(self, days: u32) -> Option<Self> {
        self.plus(TimeDelta::try_days(i64::from(days))?)
    }

    /// This instant plus `hours` hours, or `None` past the calendar's end.
    pub fn plus_hours(self, hours: u32) -> Option<Self> {
        self.plus(TimeDelta::try_hours(i64::from(hours))?)
    }

    /// This instant plus the time from `start` to `end` (a task's expected duration, run
    /// again from here), or `None` past the calendar's end.
    pub(crate) fn plus_elapsed(self, start: Self, end: Self) -> Option<Self> {
        self.plus(end.0.signed_duration_since(start.0))
    }

    fn plus(self, delta: TimeDelta) -> Option<Self> {
        self.0.checked_add_signed(delta).filter(|t| t.year() <= MAX_YEAR).map(Self)
    }

    /// The astro CLI's default image tag for a deploy at this instant:
    /// `deploy-` + UTC `YYYY-MM-DDTHH-MM`, zero-padded.
    pub fn image_tag(self) -> String {
        let t = self.0;
        format!("deploy-{:04}-{:02}-{:02}T{:02}-{:02}", t.year(), t.month(), t.day(), t.hour(), t.minute())
    }

    /// The Dag bundle version Astro gives a Dag deploy at this instant:
    /// `YYYY-MM-DDTHH:MM:SS.fffffffZ` (seven fractional digits).
    pub fn bundle_version(self) -> String {
        let t = self.0;
        format!(
            "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}.{:07}Z",
            t.year(),
            t.month(),
            t.day(),
            t.hour(),
            t.minute(),
            t.second(),
            t.nanosecond() / 100
        )
    }
}

crate::text::serde_as_text!(
    Timestamp,
    crate::error::ErrorCode::InvalidTimestamp,
    "an RFC 3339 timestamp with an offset",
    "format" => "date-time",
);

impl fmt::Display for Timestamp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let t = self.0.naive_utc();
        // Written digit by digit: timestamps are much of every answer and of the reasons'
        // messages, and `write!` with padded fields cost ten times as much.
        let digit = |n: u32, unit: u32| b'0' + (n / unit % 10) as u8;
        let two = |n: u32| [digit(n, 10), digit(n, 1)];
        let year = u32::try_from(t.year()).ok().filter(|y| *y <= 9999);
        match year {
            Some(y) => {
                let [mo1, mo2] = two(t.month());
                let [d1, d2] = two(t.day());
                let [h1, h2] = two(t.hour());
                let [mi1, mi2] = two(t.minute());
                let [s1, s2] = two(t.second());
                let text = [
                    digit(y, 1000),
                    digit(y, 100),
                    digit(y, 10),
                    digit(y, 1),
                    b'-',
                    mo1,
                    mo2,
                    b'-',
                    d1,
                    d2,
                    b'T',
                    h1,
                    h2,
                    b':',
                    mi1,
                    mi2,
                    b':',
                    s1,
                    s2,
                ];
                f.write_str(std::str::from_utf8(&text).map_err(|_| fmt::Error)?)?;
            }
            // Not reached: parsing and arithmetic keep years within 0000-9999.
            None => write!(
                f,
                "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}",
                t.year(),
                t.month(),
                t.day(),
                t.hour(),
                t.minute(),
                t.second()
            )?,
        }
        let nanos = t.nanosecond();
        if nanos > 0 {
            let digits = format!("{nanos:09}");
            write!(f, ".{}", digits.trim_end_matches('0'))?;
        }
        f.write_str("Z")
    }
}

impl fmt::Debug for Timestamp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self, f)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[track_caller]
    fn ts(s: &str) -> Timestamp {
        match s.parse() {
            Ok(t) => t,
            Err(err) => unreachable!("{err}"),
        }
    }

    #[test]
    fn offsets_are_converted_to_utc() {
        assert_eq!(ts("2023-11-08T14:00:00+01:00").to_string(), "2023-11-08T13:00:00Z");
        assert_eq!(ts("2023-11-08T13:00:00.250Z").to_string(), "2023-11-08T13:00:00.25Z");
        assert_eq!(ts("1969-07-20T20:17:40Z").to_string(), "1969-07-20T20:17:40Z");
        assert_eq!(ts("9999-12-31T23:59:59Z").to_string(), "9999-12-31T23:59:59Z");
    }

    #[test]
    fn every_field_is_written_zero_padded() {
        for text in [
            "0000-01-01T00:00:00Z",
            "0009-02-03T04:05:06Z",
            "0987-10-11T12:13:14Z",
            "2023-11-08T13:00:00Z",
            "9999-12-31T23:59:59.000000001Z",
        ] {
            assert_eq!(ts(text).to_string(), text);
        }
    }

    #[test]
    fn bad_text_is_refused() {
        for bad in [
            "2023-11-08T13:00:00",
            "2023-11-08",
            "yesterday",
            "",
            "2023-11-08T23:59:60Z",
            "2023-02-30T00:00:00Z",
            "0000-01-01T00:00:00+00:01",
            "9999-12-31T23:59:59-00:01",
        ] {
            assert!(bad.parse::<Timestamp>().is_err(), "{bad}");
        }
    }

    #[test]
    fn tags_and_bundle_versions_are_zero_padded() {
        let t = ts("2023-11-06T04:05:06Z");
        assert_eq!(t.image_tag(), "deploy-2023-11-06T04-05");
        assert_eq!(t.bundle_version(), "2023-11-06T04:05:06.0000000Z");
    }

    #[test]
    fn arithmetic_saturates_to_none() {
        assert_eq!(ts("2023-11-06T14:00:00Z").plus_days(90), Some(ts("2024-02-04T14:00:00Z")));
        assert!(ts("9999-12-31T00:00:00Z").plus_days(u32::MAX).is_none());
        assert!(ts("9999-12-31T00:00:00Z").plus_days(1).is_none(), "year 10000 cannot be written");
        assert!(ts("9999-12-31T00:00:00Z").plus_hours(24).is_none());
        assert_eq!(ts("9999-12-31T00:00:00Z").plus_hours(23), Some(ts("9999-12-31T23:00:00Z")));
    }
}
