//! The documentation's own example, built in: on 8 November 2023 at 13:00 (UTC) a user
//! rolls back to the deploy of 6 November 2023 at 14:00.
//!
//! The docs' printed result slips three times; the engine gives instead:
//! - the new top entry's time is 13:00 on 8 Nov 2023, the moment of the rollback (the docs
//!   print 14:00);
//! - its image tag is `deploy-2023-11-06T14-00`, the CLI's zero-padded default (the docs
//!   print `2023-11-6`);
//! - its Dag bundle version is the target's, `2023-11-06T14:00:00.0000000Z` (the docs
//!   print a 16 November value).

use crate::model::Scenario;
use crate::timeline::Timeline;

/// The example scenario as JSON (deploys of 1, 6 and 7 November; now 13:00 on 8 November).
pub const EXAMPLE_SCENARIO_JSON: &str = include_str!("../examples/november-8.json");
/// The example timeline as JSON: the example's Deployment and history, then a story of
/// deploys, running tasks, rollbacks (the one to the 6 November deploy among them) and a
/// settings change. The command line's `example --timeline` prints it.
pub const EXAMPLE_TIMELINE_JSON: &str = include_str!("../examples/november-8-timeline.json");
/// The id of the 6 November 14:00 deploy, the example's rollback target.
pub const EXAMPLE_TARGET: &str = "d2";
/// The example rollback's description.
pub const EXAMPLE_DESCRIPTION: &str = "Roll back to the 6 Nov deploy: the 7 Nov load step fails";

/// The example scenario. It is parsed from [`EXAMPLE_SCENARIO_JSON`] like any input (a
/// test makes sure it parses), hence the `Result`.
pub fn example_scenario() -> Result<Scenario, crate::InputError> {
    Scenario::from_json(EXAMPLE_SCENARIO_JSON)
}

/// The example timeline, parsed from [`EXAMPLE_TIMELINE_JSON`] like any input.
pub fn example_timeline() -> Result<Timeline, crate::InputError> {
    Timeline::from_json(EXAMPLE_TIMELINE_JSON)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_examples_parse_and_tell_the_same_story() {
        let scenario = example_scenario();
        let timeline = example_timeline();
        assert!(scenario.is_ok(), "{scenario:?}");
        assert!(timeline.is_ok(), "{timeline:?}");
        if let (Ok(scenario), Ok(timeline)) = (scenario, timeline) {
            assert_eq!(timeline.history, scenario.history);
            assert_eq!(timeline.deployment, scenario.deployment);
            assert!(timeline.history.iter().any(|d| d.id == EXAMPLE_TARGET));
            assert!(!timeline.events.is_empty());
        }
    }
}
