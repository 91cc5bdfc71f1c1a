//! The plot of endorsements over time: after each day with ledger events, how many delegations
//! had a standing endorsement, as the state derived from their events up to that day says. The
//! numbers are computed here; `site-endorsements.html` draws them as inline SVG.

use std::fmt::Write as _;

use serde::Serialize;

use crate::endorse::ledger::Log;
use crate::endorse::status::State;
use crate::model::Date;

/// Width and height of the drawing area, in SVG units.
const WIDTH: f64 = 640.0;
const HEIGHT: f64 = 200.0;
/// Room for the axes' labels.
const LEFT: f64 = 40.0;
const BOTTOM: f64 = 30.0;
const TOP: f64 = 10.0;
const RIGHT: f64 = 20.0;

/// What the template draws.
#[derive(Debug, Serialize)]
pub struct Plot {
    pub width: f64,
    pub height: f64,
    /// The step line, as SVG `points`.
    pub points: String,
    /// One dot per day with events, `{x, y, date, count}`.
    pub days: Vec<Day>,
    pub x_ticks: Vec<Tick>,
    pub y_ticks: Vec<Tick>,
    /// The axes' corners: left, right, top, bottom.
    pub left: f64,
    pub right: f64,
    pub top: f64,
    pub bottom: f64,
    pub max: usize,
}

#[derive(Debug, Serialize)]
pub struct Day {
    pub x: f64,
    pub y: f64,
    pub date: String,
    pub count: usize,
}

#[derive(Debug, Serialize)]
pub struct Tick {
    pub at: f64,
    pub label: String,
}

/// The count of standing endorsements after each day with events; `None` without events.
#[must_use]
pub fn series(logs: &[Log]) -> Vec<(Date, usize)> {
    let mut days: Vec<Date> = logs
        .iter()
        .flat_map(|l| l.events.iter().map(|e| e.date))
        .collect();
    days.sort_unstable();
    days.dedup();
    days.into_iter()
        .map(|day| {
            let count = logs
                .iter()
                .filter(|l| {
                    let upto: Vec<_> = l.events.iter().filter(|e| e.date <= day).cloned().collect();
                    State::derive(&upto).endorsement.is_some()
                })
                .count();
            (day, count)
        })
        .collect()
}

/// The plot of [`series`], or `None` when the ledger has no events.
#[must_use]
pub fn endorsements(logs: &[Log]) -> Option<Plot> {
    let series = series(logs);
    let (first, last) = (series.first()?.0, series.last()?.0);
    let span = (last.days_since(first)).max(1) as f64;
    let max = series.iter().map(|(_, n)| *n).max().unwrap_or(0).max(1);
    let right = WIDTH - RIGHT;
    let bottom = HEIGHT - BOTTOM;
    let x = |d: Date| LEFT + (right - LEFT) * (d.days_since(first) as f64) / span;
    let y = |n: usize| bottom - (bottom - TOP) * (n as f64) / (max as f64);
    let mut points = String::new();
    let mut previous: Option<usize> = None;
    let mut days = Vec::with_capacity(series.len());
    for &(d, n) in &series {
        let (px, py) = (x(d), y(n));
        // A step: the count holds until the next day with events.
        if let Some(p) = previous {
            let _ = write!(points, "{px:.1},{:.1} ", y(p));
        }
        let _ = write!(points, "{px:.1},{py:.1} ");
        previous = Some(n);
        days.push(Day {
            x: px,
            y: py,
            date: d.to_string(),
            count: n,
        });
    }
    let step = (max / 5).max(1);
    let y_ticks = (0..=max)
        .step_by(step)
        .map(|n| Tick {
            at: y(n),
            label: n.to_string(),
        })
        .collect();
    let mut x_ticks = vec![Tick {
        at: x(first),
        label: first.to_string(),
    }];
    if last != first {
        x_ticks.push(Tick {
            at: x(last),
            label: last.to_string(),
        });
    }
    Some(Plot {
        width: WIDTH,
        height: HEIGHT,
        points: points.trim_end().to_string(),
        days,
        x_ticks,
        y_ticks,
        left: LEFT,
        right,
        top: TOP,
        bottom,
        max,
    })
}
