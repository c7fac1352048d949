//! The chart of scores per topic: each interviewer's mark at their score, on a scale per
//! topic.

use super::*;

/// The chart: the scale, then one row per topic with each interviewer's mark in their lane.
pub(super) fn chart(doc: &mut Doc, d: &Debrief, w: f32) {
    let chart = Chart::new(d, w, 130.0);
    let mut scale = Row {
        height: chart.top,
        draws: Vec::new(),
        keep_with_next: true,
    };
    let fonts = doc.b.fonts;
    for (x, k, label) in &chart.levels {
        let number = k.to_string();
        let nw = fonts.face(Face::Bold).width(&number, 8.5);
        scale.draws.push(Draw::Text {
            x: x - nw / 2.0,
            y: 10.0,
            face: Face::Bold,
            size: 8.5,
            color: MUTED,
            text: number,
        });
        let label = printable(fonts, Face::Regular, label, "the rubric", doc.b.warnings);
        let lw = fonts.face(Face::Regular).width(&label, 7.0);
        scale.draws.push(Draw::Text {
            x: (x - lw / 2.0).clamp(chart.x0 - 14.0, w - lw),
            y: 20.0,
            face: Face::Regular,
            size: 7.0,
            color: MUTED,
            text: label,
        });
    }
    doc.put(scale, &Extra::default());
    let count = chart.bands.len();
    for (i, band) in chart.bands.iter().enumerate() {
        let mut draws = vec![Draw::Line {
            x1: 0.0,
            y1: 0.0,
            x2: w,
            y2: 0.0,
            color: RULE,
            width: 0.6,
        }];
        for (x, _, _) in &chart.levels {
            draws.push(Draw::Line {
                x1: *x,
                y1: 0.0,
                x2: *x,
                y2: band.height,
                color: Rgb(0.867, 0.886, 0.91),
                width: 0.8,
            });
        }
        let mut label = doc.text(&band.topic, CELL, chart.x0 - 20.0);
        label.truncate(2);
        for (k, mut r) in label.into_iter().enumerate() {
            r.shift(0.0, 3.0 + k as f32 * CELL.leading);
            draws.extend(r.draws);
        }
        if i + 1 == count {
            draws.push(Draw::Line {
                x1: 0.0,
                y1: band.height,
                x2: w,
                y2: band.height,
                color: RULE,
                width: 0.6,
            });
        }
        let extra = Extra {
            glyphs: band
                .marks
                .iter()
                .map(|m: &Mark| Glyph {
                    x: m.x,
                    y: m.y - band.y,
                    r: chart.radius,
                    shape: m.shape,
                    color: m.color,
                })
                .collect(),
            dashes: band
                .average
                .iter()
                .map(|(x, _)| (*x, 2.0, band.height - 2.0))
                .collect(),
        };
        doc.put(
            Row {
                height: band.height,
                draws,
                keep_with_next: false,
            },
            &extra,
        );
    }
}
