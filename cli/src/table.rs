//! Tables that fit: which columns to show in the width there is, and how wide each is.
//! comfy-table draws them, wraps the cells and cuts the ones that run too long.

use super::text::{cols, words, wrap};
use comfy_table::{ColumnConstraint, ContentArrangement, Row, Table, Width};

/// The space between two columns: a space of padding and the blank column rule (drawn
/// as `─` in the rule under the header).
const GAP: usize = 2;

/// No borders and no column rules: a rule under the header only.
const PRESET: &str = "     ──            ";

/// The most lines a cell runs to; beyond it the cell is cut with `…`.
const MAX_CELL_LINES: usize = 4;

/// How a column's values may be broken.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fit {
    /// Never: short values such as times and versions.
    Whole,
    /// Between words only, unless a single word is wider than the room: labels, ids,
    /// e-mail addresses, image tags.
    Words,
    /// Anywhere, down to a few columns: free text.
    Free,
}

/// A column: its header, how its values may be broken, and how much it matters (0:
/// always shown; higher numbers are left out first when the width runs short).
#[derive(Debug, Clone, Copy)]
pub struct Col<'a> {
    pub header: &'a str,
    pub fit: Fit,
    pub priority: u8,
}

/// A column (see [`Col`]).
pub const fn col(header: &str, fit: Fit, priority: u8) -> Col<'_> {
    Col { header, fit, priority }
}

/// How wide a column can usefully be.
#[derive(Debug, Clone, Copy)]
struct Sizing {
    /// Its widest value on one line.
    full: usize,
    /// What it gets before any column is widened for long free text.
    ideal: usize,
    /// Words: the narrowest at which no value takes more than two lines.
    two_lines: usize,
    /// Squeezed as far as it goes without breaking its kind of value: its widest word,
    /// or a few words of free text.
    floor: usize,
}

/// The narrowest width at which `text`, wrapped between words, takes at most two lines.
fn two_lines(text: &str) -> usize {
    let splits = text.match_indices(' ').map(|(at, _)| {
        let (left, right) = (text.get(..at).unwrap_or(""), text.get(at + 1..).unwrap_or(""));
        cols(left).max(cols(right))
    });
    splits.min().unwrap_or(usize::MAX).min(cols(text)).max(1)
}

impl Col<'_> {
    fn sizing(&self, index: usize, rows: &[Vec<String>]) -> Sizing {
        let cells = || rows.iter().filter_map(|r| r.get(index)).map(String::as_str);
        let widest_word = |text: &str| text.split(' ').map(cols).max().unwrap_or(0);
        let header = widest_word(self.header);
        let full = cells().map(cols).max().unwrap_or(0).max(header);
        match self.fit {
            Fit::Whole => {
                let full = full.min(40);
                Sizing { full, ideal: full, two_lines: full, floor: full }
            }
            Fit::Words => {
                let floor = cells().map(widest_word).max().unwrap_or(0).max(header).min(30);
                let two = cells().chain([self.header]).map(two_lines).max().unwrap_or(0).clamp(floor, 60);
                Sizing { full: full.min(60), ideal: full.min(60), two_lines: two, floor }
            }
            Fit::Free => {
                let ideal = full.min(24).max(header);
                Sizing { full, ideal, two_lines: full.min(16).max(header), floor: full.min(8).max(header) }
            }
        }
    }
}

/// One way of making room: which columns it narrows, to what, and whether a column
/// narrowed only part of the way gains anything (wrapped words do not).
struct Squeeze {
    fit: Option<Fit>,
    to: fn(&Sizing) -> usize,
    partial: bool,
    /// A column at a time from the widest, so that what is cut is cut evenly.
    even: bool,
}

/// The ways of making room, gentlest first: free text to a couple of words a line, words
/// columns to two lines, free text to a word or two, words columns to their widest word,
/// free text to a few columns (it may break anywhere), then anything (words and whole
/// values are then cut with `…`, never split): first the columns wider than 16, evenly, so
/// that long values (tags, versions) are cut before short ones (times, ids).
const SQUEEZES: [Squeeze; 7] = [
    Squeeze { fit: Some(Fit::Free), to: |s| s.two_lines, partial: true, even: false },
    Squeeze { fit: Some(Fit::Words), to: |s| s.two_lines, partial: false, even: false },
    Squeeze { fit: Some(Fit::Free), to: |s| s.floor, partial: true, even: false },
    Squeeze { fit: Some(Fit::Words), to: |s| s.floor, partial: false, even: false },
    Squeeze { fit: Some(Fit::Free), to: |_| 4, partial: true, even: false },
    Squeeze { fit: None, to: |_| 16, partial: true, even: true },
    Squeeze { fit: None, to: |_| 4, partial: true, even: false },
];

/// The width of each column in `room` (0: left out). Columns of priority 0 are always
/// shown, then the others in order of priority until one does not fit at its ideal width. When the
/// shown columns do not fit they are squeezed (see [`SQUEEZES`]), narrowing as few
/// columns as it takes; when room is left, free text widens to its full length.
fn layout(columns: &[Col<'_>], rows: &[Vec<String>], room: usize) -> Vec<usize> {
    let sizes: Vec<Sizing> = columns.iter().enumerate().map(|(i, c)| c.sizing(i, rows)).collect();
    let total = |widths: &[usize]| -> usize {
        let shown = widths.iter().filter(|w| **w > 0).count();
        widths.iter().sum::<usize>() + GAP * shown.saturating_sub(1)
    };
    let mut widths: Vec<usize> =
        columns.iter().zip(&sizes).map(|(c, s)| if c.priority == 0 { s.ideal.max(1) } else { 0 }).collect();
    let mut optional: Vec<usize> = (0..columns.len()).filter(|i| widths.get(*i) == Some(&0)).collect();
    optional.sort_by_key(|i| columns.get(*i).map_or(u8::MAX, |c| c.priority));
    for i in optional {
        let mut wider = widths.clone();
        if let (Some(slot), Some(size)) = (wider.get_mut(i), sizes.get(i)) {
            *slot = size.ideal.max(1);
        }
        if total(&wider) > room {
            break;
        }
        widths = wider;
    }
    for squeeze in &SQUEEZES {
        let slack = |i: usize, widths: &[usize]| {
            let (w, s, c) = (widths.get(i).copied().unwrap_or(0), sizes.get(i), columns.get(i));
            let applies = c.is_some_and(|c| squeeze.fit.is_none_or(|f| f == c.fit));
            match s {
                Some(s) if w > 0 && applies => w.saturating_sub((squeeze.to)(s).max(1)),
                _ => 0,
            }
        };
        loop {
            let excess = total(&widths).saturating_sub(room);
            // The column that covers the excess with the least to spare, else the one with
            // the most to give; evenly, a column at a time from the one with the most.
            let slacks = (0..columns.len()).map(|i| (slack(i, &widths), i)).filter(|(give, _)| *give > 0);
            let best = if squeeze.even {
                slacks.max().map(|(_, i)| (1, i))
            } else {
                slacks.clone().filter(|(give, _)| *give >= excess).min().or_else(|| slacks.max())
            };
            let Some((give, i)) = best.filter(|_| excess > 0) else { break };
            if let Some(w) = widths.get_mut(i) {
                *w -= if squeeze.partial { give.min(excess) } else { give };
            }
        }
    }
    // Widen: free text towards its full length, a column at a time, in turns.
    loop {
        let mut grew = false;
        for (i, c) in columns.iter().enumerate() {
            if total(&widths) >= room {
                return widths;
            }
            if let (Some(w), Some(s)) = (widths.get_mut(i), sizes.get(i)) {
                if *w > 0 && c.fit == Fit::Free && *w < s.full {
                    *w += 1;
                    grew = true;
                }
            }
        }
        if !grew {
            return widths;
        }
    }
}

/// `text` as a cell `width` columns wide that is never broken inside a word: in a
/// [`Fit::Whole`] column the value is cut when it is wider, in a [`Fit::Words`] column
/// each word wider than the column is, always with a visible `…`. (comfy-table would
/// otherwise split an id, a tag, a version or a time across lines.) Free text is left as
/// it is, for comfy-table to wrap anywhere.
fn unbroken(text: &str, fit: Fit, width: usize) -> String {
    match fit {
        Fit::Free => text.to_owned(),
        Fit::Whole => cut(text, width),
        Fit::Words => text.split(' ').map(|word| cut(word, width)).collect::<Vec<_>>().join(" "),
    }
}

/// `text` in at most `width` columns: whole when it fits, else its start and `…`.
fn cut(text: &str, width: usize) -> String {
    if cols(text) <= width {
        return text.to_owned();
    }
    let mut out = String::new();
    let mut used = 0;
    for c in text.chars() {
        let w = cols(c.encode_utf8(&mut [0; 4]));
        if used + w + 1 > width {
            break;
        }
        out.push(c);
        used += w;
    }
    out.push('…');
    out
}

/// Whether a table laid out in `widths` would cut a value that is never broken: a shown
/// column narrower than its whole values ([`Fit::Whole`]) or its widest word ([`Fit::Words`]).
fn cuts(columns: &[Col<'_>], rows: &[Vec<String>], widths: &[usize]) -> bool {
    columns.iter().enumerate().zip(widths).any(|((i, c), w)| {
        let s = c.sizing(i, rows);
        *w > 0 && *w < s.floor && c.fit != Fit::Free
    })
}

/// The rows as one block each, for a width where the table would cut values: the first
/// column's value, then every other column as `header  value`, the value beside its header
/// when its words fit there and under it otherwise. Nothing is left out; a word wider than
/// the whole width is cut with `…`, and free text runs to at most [`MAX_CELL_LINES`] lines.
fn records(columns: &[Col<'_>], rows: Vec<Vec<String>>, room: usize) -> Vec<String> {
    let label = columns.iter().skip(1).map(|c| cols(c.header)).max().unwrap_or(0);
    let beside = room.saturating_sub(label + 4);
    let under = room.saturating_sub(4).max(1);
    let value_lines = |value: &str, fit: Fit, width: usize| -> Vec<String> {
        let mut lines = wrap(&unbroken(value, fit, width), width);
        if lines.len() > MAX_CELL_LINES {
            lines.truncate(MAX_CELL_LINES);
            if let Some(last) = lines.last_mut() {
                *last = format!("{}…", cut(last, width.saturating_sub(1)).trim_end_matches('…'));
            }
        }
        lines
    };
    let mut out = Vec::new();
    for (n, cells) in rows.into_iter().enumerate() {
        if n > 0 {
            out.push(String::new());
        }
        let mut cells = cells.into_iter();
        let head = cells.next().unwrap_or_default();
        out.extend(value_lines(&head, columns.first().map_or(Fit::Words, |c| c.fit), room.max(1)));
        // A column without a header (an arrow between two values) is only decoration.
        for (c, value) in
            columns.iter().skip(1).zip(cells).filter(|(c, v)| !c.header.is_empty() && !v.is_empty())
        {
            let fits = beside >= 12
                && match c.fit {
                    Fit::Whole => cols(&value) <= beside,
                    Fit::Words | Fit::Free => words(&value).iter().all(|word| cols(word) <= beside),
                };
            if fits {
                for (i, line) in value_lines(&value, c.fit, beside).into_iter().enumerate() {
                    let header = if i == 0 { c.header } else { "" };
                    out.push(format!("  {header}{:pad$}  {line}", "", pad = label - cols(header)));
                }
            } else {
                out.push(format!("  {}", c.header));
                out.extend(value_lines(&value, c.fit, under).into_iter().map(|line| format!("    {line}")));
            }
        }
    }
    out
}

/// The table's lines, fitted to `room` columns, and the headers of the columns left out.
/// Where even the table's narrowest layout would cut a value that is never broken (an id,
/// a time, a version), the rows come as blocks instead (see [`records`]).
pub fn lines<'a>(columns: &[Col<'a>], rows: Vec<Vec<String>>, room: usize) -> (Vec<String>, Vec<&'a str>) {
    let widths = layout(columns, &rows, room);
    if cuts(columns, &rows, &widths) {
        return (records(columns, rows, room), Vec::new());
    }
    let shown: Vec<usize> = widths.iter().copied().filter(|w| *w > 0).collect();
    let pick = |cells: Vec<String>| -> Vec<String> {
        cells
            .into_iter()
            .zip(&widths)
            .zip(columns)
            .filter_map(|((cell, w), c)| (*w > 0).then(|| unbroken(&cell, c.fit, *w)))
            .collect()
    };
    let mut t = Table::new();
    t.load_preset(PRESET)
        .set_content_arrangement(ContentArrangement::Dynamic)
        .set_width(u16::try_from(room).unwrap_or(u16::MAX))
        .set_truncation_indicator("…")
        .set_header(pick(columns.iter().map(|c| c.header.to_owned()).collect()));
    for cells in rows {
        let mut row = Row::from(pick(cells));
        row.max_height(MAX_CELL_LINES);
        t.add_row(row);
    }
    let last = shown.len().saturating_sub(1);
    for (i, column) in t.column_iter_mut().enumerate() {
        // The gap is a space of padding, then the column rule.
        let padding = u16::from(i != last);
        let width = shown.get(i).copied().unwrap_or(1);
        column.set_padding((0, padding));
        column.set_constraint(ColumnConstraint::Absolute(Width::Fixed(
            u16::try_from(width).unwrap_or(u16::MAX).saturating_add(padding),
        )));
    }
    let hidden = columns.iter().zip(&widths).filter_map(|(c, w)| (*w == 0).then_some(c.header)).collect();
    (t.lines().map(|l| l.trim_end().to_owned()).collect(), hidden)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(cells: &[&str]) -> Vec<String> {
        cells.iter().map(|c| (*c).to_owned()).collect()
    }

    #[test]
    fn every_line_fits_and_long_cells_are_cut() {
        let columns = [col("one", Fit::Words, 0), col("two", Fit::Free, 0)];
        for room in [20, 40, 80] {
            let (lines, hidden) = lines(&columns, vec![row(&[&"a".repeat(30), &"b ".repeat(200)])], room);
            assert!(hidden.is_empty());
            for line in &lines {
                assert!(line.chars().count() <= room, "{room}: {line:?}");
            }
            assert!(lines.iter().any(|l| l.ends_with('…')), "{lines:?}");
        }
    }

    #[test]
    fn optional_columns_go_first_and_free_text_takes_the_rest() {
        let columns = [col("id", Fit::Words, 0), col("tag", Fit::Words, 1), col("text", Fit::Free, 0)];
        let rows = vec![row(&["d1", "deploy-2023-11-06T14-00", "a rather long description of it"])];
        assert_eq!(layout(&columns, &rows, 30), [2, 0, 26]);
        assert_eq!(layout(&columns, &rows, 60), [2, 23, 31]);
        assert_eq!(layout(&columns, &rows, 100), [2, 23, 31]);
        let (_, hidden) = lines(&columns, rows, 30);
        assert_eq!(hidden, ["tag"]);
    }

    #[test]
    fn ids_tags_and_times_are_cut_never_split() {
        let columns = [col("id", Fit::Words, 0), col("time", Fit::Whole, 0), col("text", Fit::Free, 0)];
        let rows = vec![row(&["d3 (current)", "2023-11-08 13:00", &"word ".repeat(30)])];
        for room in [20, 30, 40] {
            let (lines, _) = lines(&columns, rows.clone(), room);
            let table = lines.join("\n");
            // A value is whole on its line, or cut with a mark: never a fragment on the next.
            for line in &lines {
                assert!(!line.contains("rent)") || line.contains("(current)"), "{room}:\n{table}");
                assert!(!line.contains("13:00") || line.contains("2023-11-08 13:00"), "{room}:\n{table}");
                assert!(cols(line) <= room, "{room}: {line:?}");
            }
            assert!(table.contains("(current)") || table.contains('…'), "{room}:\n{table}");
        }
        assert_eq!(unbroken("deploy-2023-11-06T14-00", Fit::Words, 10), "deploy-20…");
        assert_eq!(unbroken("d3 (current)", Fit::Words, 4), "d3 (cu…");
        assert_eq!(unbroken("d3 (current)", Fit::Words, 4).split(' ').map(cols).max(), Some(4));
        assert_eq!(unbroken("2023-11-08 13:00", Fit::Whole, 12), "2023-11-08 …");
        assert_eq!(unbroken("2023-11-08 13:00", Fit::Whole, 16), "2023-11-08 13:00");
        assert_eq!(unbroken("any long text", Fit::Free, 3), "any long text");
        assert_eq!(cut("日本語", 5), "日本…");
    }

    #[test]
    fn where_the_table_would_cut_values_the_rows_come_as_blocks() {
        let columns = [
            col("id", Fit::Words, 0),
            col("time (UTC)", Fit::Whole, 0),
            col("tag", Fit::Words, 2),
            col("", Fit::Whole, 0),
            col("text", Fit::Free, 0),
        ];
        let rows = vec![
            row(&["d3", "2023-11-07 16:45", "deploy-2023-11-07T16-45", "→", "upgrade Runtime"]),
            row(&["d2", "2023-11-06 14:00", "deploy-2023-11-06T14-00", "→", &"word ".repeat(40)]),
        ];
        // Wide: a table (narrower, it leaves the tag out). Narrower than its whole values:
        // blocks, every value whole, nothing left out, no arrow.
        assert!(lines(&columns, rows.clone(), 80).0.iter().any(|l| l.starts_with('─')));
        let (blocks, hidden) = lines(&columns, rows.clone(), 27);
        assert!(hidden.is_empty());
        let text = blocks.join("\n");
        assert!(!blocks.iter().any(|l| l.starts_with('─') || l.contains('→')), "{text}");
        for value in ["d3", "time (UTC)", "2023-11-07 16:45", "deploy-2023-11-06T14-00", "text"] {
            assert!(
                blocks.iter().any(|l| l.split("  ").any(|part| part.trim() == value)),
                "{value}:\n{text}"
            );
        }
        assert!(blocks.iter().all(|l| cols(l) <= 27), "{text}");
        // Free text runs to four lines at most, the last cut with a mark.
        let words = blocks.iter().filter(|l| l.contains("word")).count();
        assert_eq!(words, MAX_CELL_LINES, "{text}");
        assert!(blocks.iter().rev().find(|l| l.contains("word")).is_some_and(|l| l.ends_with('…')), "{text}");
        // A word wider than the whole width is cut, never split.
        let (tiny, _) = lines(&columns, rows, 16);
        assert!(tiny.iter().any(|l| l.trim_start() == "deploy-2023…"), "{}", tiny.join("\n"));
    }

    #[test]
    fn words_columns_squeeze_to_their_widest_word() {
        let columns = [col("type", Fit::Words, 0), col("text", Fit::Free, 0)];
        let rows = vec![row(&["image and Dags", &"x".repeat(40)])];
        assert_eq!(two_lines("image and Dags"), 8);
        assert_eq!(two_lines("deploy-2023-11-06T14-00"), 23);
        assert_eq!(layout(&columns, &rows, 40), [14, 24]);
        assert_eq!(layout(&columns, &rows, 30), [8, 20]);
        assert_eq!(layout(&columns, &rows, 20), [8, 10]);
        assert_eq!(layout(&columns, &rows, 15), [5, 8]);
    }
}
