//! The debrief's chart as geometry, shared by the HTML (inline SVG) and the PDF (vector
//! paths): one band per topic, the rubric scale across, one mark per interviewer in the
//! interviewer's own lane, and the panel average as a tick. Each interviewer's mark differs
//! by shape as well as colour, so a black-and-white print still tells them apart.

use super::model::Debrief;

/// Mark shapes, one per panel member in panel order (repeating after seven).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Shape {
    Circle,
    Square,
    TriangleUp,
    Diamond,
    TriangleDown,
    Plus,
    Cross,
}

pub(crate) const SHAPES: [Shape; 7] = [
    Shape::Circle,
    Shape::Square,
    Shape::TriangleUp,
    Shape::Diamond,
    Shape::TriangleDown,
    Shape::Plus,
    Shape::Cross,
];

/// Okabe and Ito's colour-blind-safe palette (its darker half first), as 0–255 RGB.
pub(crate) const COLORS: [(u8, u8, u8); 7] = [
    (0, 114, 178),
    (213, 94, 0),
    (0, 158, 115),
    (204, 121, 167),
    (230, 159, 0),
    (86, 180, 233),
    (0, 0, 0),
];

impl Shape {
    pub(crate) fn of(member: usize) -> Shape {
        SHAPES[member % SHAPES.len()]
    }

    pub(crate) fn name(self) -> &'static str {
        match self {
            Shape::Circle => "circle",
            Shape::Square => "square",
            Shape::TriangleUp => "triangle",
            Shape::Diamond => "diamond",
            Shape::TriangleDown => "inverted triangle",
            Shape::Plus => "plus",
            Shape::Cross => "cross",
        }
    }

    /// The outline as a polygon around (`cx`, `cy`) with "radius" `r`, y down; `None` for
    /// the circle, which renderers draw as a circle.
    pub(crate) fn polygon(self, cx: f32, cy: f32, r: f32) -> Option<Vec<(f32, f32)>> {
        let pts: Vec<(f32, f32)> = match self {
            Shape::Circle => return None,
            Shape::Square => {
                let s = r * 0.85;
                vec![(-s, -s), (s, -s), (s, s), (-s, s)]
            }
            Shape::TriangleUp => vec![(0.0, -r * 1.1), (r * 1.05, r * 0.75), (-r * 1.05, r * 0.75)],
            Shape::TriangleDown => {
                vec![
                    (0.0, r * 1.1),
                    (-r * 1.05, -r * 0.75),
                    (r * 1.05, -r * 0.75),
                ]
            }
            Shape::Diamond => vec![
                (0.0, -r * 1.15),
                (r * 1.15, 0.0),
                (0.0, r * 1.15),
                (-r * 1.15, 0.0),
            ],
            Shape::Plus | Shape::Cross => {
                let (a, t) = (r * 1.1, r * 0.38);
                let plus = [
                    (-t, -a),
                    (t, -a),
                    (t, -t),
                    (a, -t),
                    (a, t),
                    (t, t),
                    (t, a),
                    (-t, a),
                    (-t, t),
                    (-a, t),
                    (-a, -t),
                    (-t, -t),
                ];
                if self == Shape::Plus {
                    plus.to_vec()
                } else {
                    // The plus turned by 45 degrees.
                    let k = std::f32::consts::FRAC_1_SQRT_2;
                    plus.iter()
                        .map(|(x, y)| ((x - y) * k, (x + y) * k))
                        .collect()
                }
            }
        };
        Some(pts.into_iter().map(|(x, y)| (cx + x, cy + y)).collect())
    }
}

/// One interviewer's mark.
#[derive(Debug, Clone)]
pub(crate) struct Mark {
    pub x: f32,
    pub y: f32,
    pub shape: Shape,
    pub color: (u8, u8, u8),
    /// What the mark says, for titles and tables: "Grace Hopper: 2.5".
    pub label: String,
}

/// One topic's band.
#[derive(Debug, Clone)]
pub(crate) struct Band {
    pub topic: String,
    pub y: f32,
    pub height: f32,
    /// Where the panel average stands, if anyone scored the topic.
    pub average: Option<(f32, String)>,
    pub marks: Vec<Mark>,
}

/// The chart, in points (the SVG uses the same numbers as pixels).
#[derive(Debug, Clone)]
pub(crate) struct Chart {
    pub width: f32,
    pub height: f32,
    /// Where the plot starts across.
    pub x0: f32,
    /// Height of the scale row above the bands.
    pub top: f32,
    /// Each rubric level: its x, its number and its label.
    pub levels: Vec<(f32, usize, String)>,
    pub bands: Vec<Band>,
    pub radius: f32,
}

/// Height of one interviewer's lane in a band.
const LANE: f32 = 10.0;

impl Chart {
    /// Lay out the chart of `debrief` `width` points wide, topic names in a column `label` wide.
    pub(crate) fn new(debrief: &Debrief, width: f32, label: f32) -> Chart {
        let x0 = label + 14.0;
        let x1 = width - 30.0;
        let n = debrief.rubric.len().max(2);
        let at = |score: f64| x0 + (x1 - x0) * ((score as f32 - 1.0) / (n - 1) as f32);
        let top = 26.0;
        let lanes = debrief.panel.len().max(1) as f32;
        let band_h = lanes * LANE + 8.0;
        let mut y = top;
        let mut bands = Vec::new();
        for t in &debrief.topics {
            let marks = t
                .scores
                .iter()
                .filter_map(|s| {
                    let score = s.score?;
                    Some(Mark {
                        x: at(score),
                        y: y + 4.0 + LANE * (s.member as f32 + 0.5),
                        shape: Shape::of(s.member),
                        color: COLORS[s.member % COLORS.len()],
                        label: format!(
                            "{}: {}",
                            super::model::who(s.interviewer.as_deref()),
                            super::model::show(score)
                        ),
                    })
                })
                .collect();
            bands.push(Band {
                topic: t.topic.clone(),
                y,
                height: band_h,
                average: t
                    .average
                    .map(|a| (at(a), format!("panel average {}", super::model::show(a)))),
                marks,
            });
            y += band_h;
        }
        Chart {
            width,
            height: y + 4.0,
            x0,
            top,
            levels: (1..=n)
                .map(|k| {
                    (
                        at(k as f64),
                        k,
                        debrief.rubric.get(k - 1).cloned().unwrap_or_default(),
                    )
                })
                .collect(),
            bands,
            radius: 3.6,
        }
    }

    /// An SVG path (`d`) of a mark.
    pub(crate) fn svg_path(&self, mark: &Mark) -> String {
        let r = self.radius;
        match mark.shape.polygon(mark.x, mark.y, r) {
            Some(points) => {
                let mut d = String::new();
                for (i, (x, y)) in points.iter().enumerate() {
                    d.push_str(if i == 0 { "M" } else { "L" });
                    d.push_str(&format!("{} {}", num(*x), num(*y)));
                }
                d.push('Z');
                d
            }
            None => format!(
                "M{} {}a{r} {r} 0 1 0 {} 0a{r} {r} 0 1 0 {} 0Z",
                num(mark.x - r),
                num(mark.y),
                num(2.0 * r),
                num(-2.0 * r)
            ),
        }
    }
}

/// A coordinate with at most two decimals, without trailing zeros.
pub(crate) fn num(v: f32) -> String {
    let s = format!("{:.2}", v);
    let s = s.trim_end_matches('0').trim_end_matches('.');
    if s == "-0" {
        "0".to_owned()
    } else {
        s.to_owned()
    }
}

/// A colour as CSS/SVG hex.
pub(crate) fn hex((r, g, b): (u8, u8, u8)) -> String {
    format!("#{r:02x}{g:02x}{b:02x}")
}
