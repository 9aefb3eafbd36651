//! `luatb plot`: charts (PNG and SVG) from the benchmark CSV files, drawn with a bundled
//! font (DejaVu Sans, `harness/assets`) so that no system font is needed.
//!
//! - `relative`: each workload's time relative to the reference, one bar per engine.
//! - `geomean`: the geometric mean of those ratios per engine.
//! - `memory`: peak heap per workload and engine.
//! - `scaling`: time against size, log-log, one panel per workload (needs `--sweep` data).

use crate::bench::dataset::Dataset;
use crate::bench::engine::{PICCOLO, REFERENCE};
use plotters::coord::combinators::LogCoord;
use plotters::coord::types::RangedCoordf64;
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};
use std::path::{Path, PathBuf};
use std::sync::Once;

const FONT: &[u8] = include_bytes!("../assets/DejaVuSans.ttf");
pub(crate) const SANS: &str = "sans-serif";

/// Make the bundled font the one every chart draws with (once per process).
pub(crate) fn register_fonts() {
    static FONTS: Once = Once::new();
    FONTS.call_once(|| {
        for style in [FontStyle::Normal, FontStyle::Bold] {
            let _ = plotters::style::register_font(SANS, style, FONT);
        }
    });
}

/// Where bar `j` of `k` in group `i` starts: the groups sit at x = 0, 1, 2, ...
pub(crate) fn bar_left(i: usize, j: usize, k: usize) -> f64 {
    i as f64 - 0.42 + j as f64 * bar_width(k)
}

fn bar_width(k: usize) -> f64 {
    0.84 / k.max(1) as f64
}

/// The legend box every chart uses, at `pos`.
pub(crate) fn draw_legend<'a, DB: DrawingBackend + 'a, CT: CoordTranslate>(
    chart: &mut ChartContext<'a, DB, CT>,
    pos: SeriesLabelPosition,
) -> Result<(), String> {
    chart
        .configure_series_labels()
        .position(pos)
        .background_style(WHITE.mix(0.92))
        .border_style(RGBColor(160, 160, 160))
        .label_font((SANS, 17))
        .draw()
        .map_err(s)
}

/// Series `j` of `k` as one bar per group (`None`: no bar), on a log axis that starts at
/// `lo`, with its legend entry. Shared by `luatb plot` and the experiments' charts.
pub(crate) fn draw_bar_series<DB: DrawingBackend>(
    chart: &mut ChartContext<'_, DB, Cartesian2d<RangedCoordf64, LogCoord<f64>>>,
    (j, k): (usize, usize),
    name: &str,
    c: RGBColor,
    lo: f64,
    heights: impl Iterator<Item = Option<f64>>,
) -> Result<(), String> {
    let width = bar_width(k);
    let bars = heights.enumerate().filter_map(|(i, v)| {
        let x = bar_left(i, j, k);
        Some(Rectangle::new(
            [(x + 0.08 * width, lo), (x + 0.92 * width, v?)],
            c.filled(),
        ))
    });
    chart
        .draw_series(bars)
        .map_err(s)?
        .label(name)
        .legend(move |(x, y)| Rectangle::new([(x, y - 7), (x + 16, y + 7)], c.filled()));
    Ok(())
}

fn s<E: std::fmt::Display>(e: E) -> String {
    e.to_string()
}

/// Draw every chart the CSV files in `dir` allow; returns the files written.
pub fn plot_all(dir: &Path) -> Result<Vec<PathBuf>, String> {
    register_fonts();
    let bench =
        Dataset::load(&dir.join("bench.csv"), &dir.join("skipped.csv"))?.ok_or_else(|| {
            format!(
                "no {}; run `luatb bench` first",
                dir.join("bench.csv").display()
            )
        })?;
    let mut files = Vec::new();
    files.extend(render(dir, "relative", (1800, 820), &Relative(&bench))?);
    files.extend(render(dir, "geomean", (1100, 640), &GeoMeans(&bench))?);
    files.extend(render(dir, "memory", (1800, 820), &Memory(&bench))?);
    let sweep = Dataset::load(&dir.join("sweep.csv"), &dir.join("sweep_skipped.csv"))?;
    match sweep.as_ref().filter(|d| d.has_sweep()) {
        Some(d) => files.extend(render(dir, "scaling", (2000, 1560), &Scaling(d))?),
        None if bench.has_sweep() => {
            files.extend(render(dir, "scaling", (2000, 1560), &Scaling(&bench))?)
        }
        None => {}
    }
    Ok(files)
}

/// A chart that can be drawn on any plotters backend.
trait Chart {
    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> Result<(), String>;
}

fn render(
    dir: &Path,
    stem: &str,
    size: (u32, u32),
    chart: &impl Chart,
) -> Result<[PathBuf; 2], String> {
    let png = dir.join(format!("{stem}.png"));
    let svg = dir.join(format!("{stem}.svg"));
    {
        let root = BitMapBackend::new(&png, size).into_drawing_area();
        chart.draw(&root)?;
        root.present().map_err(s)?;
    }
    {
        let root = SVGBackend::new(&svg, size).into_drawing_area();
        chart.draw(&root)?;
        root.present().map_err(s)?;
    }
    Ok([png, svg])
}

/// A fixed colour per engine: backends take the palette in order; piccolo is orange, the
/// reference dark grey.
/// The series colours of every chart, in order (the experiments' charts use them too).
pub(crate) const PALETTE: [RGBColor; 8] = [
    RGBColor(31, 119, 180),
    RGBColor(44, 160, 44),
    RGBColor(214, 39, 40),
    RGBColor(148, 103, 189),
    RGBColor(140, 86, 75),
    RGBColor(227, 119, 194),
    RGBColor(188, 189, 34),
    RGBColor(23, 190, 207),
];

fn color(d: &Dataset, engine: &str) -> RGBColor {
    match engine {
        PICCOLO => RGBColor(255, 127, 14),
        REFERENCE => RGBColor(70, 70, 70),
        _ => {
            let i = d
                .engines
                .iter()
                .filter(|e| *e != PICCOLO && *e != REFERENCE)
                .position(|e| e == engine)
                .unwrap_or(0);
            PALETTE[i % PALETTE.len()]
        }
    }
}

/// White background, a title and a grey subtitle; returns the area below them.
fn titled<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    title: &str,
    subtitle: &str,
) -> Result<DrawingArea<DB, Shift>, String> {
    root.fill(&WHITE).map_err(s)?;
    let area = root
        .margin(10, 0, 0, 0)
        .titled(title, (SANS, 28))
        .map_err(s)?;
    let grey = TextStyle::from((SANS, 16).into_font()).color(&RGBColor(90, 90, 90));
    area.titled(subtitle, grey).map_err(s)
}

/// Powers of two covering `lo..hi`, for log axes of ratios.
fn powers_of_two(lo: f64, hi: f64) -> (f64, f64, Vec<f64>) {
    let lo = 2f64.powf(lo.log2().floor());
    let hi = 2f64.powf(hi.log2().ceil());
    let mut v = Vec::new();
    let mut x = lo;
    while x <= hi * 1.0001 {
        v.push(x);
        x *= 2.0;
    }
    (lo, hi, v)
}

fn ratio_label(v: f64) -> String {
    if v >= 1.0 {
        format!("{v:.0}×")
    } else {
        format!("{v}×")
    }
}

/// A grouped bar chart: one group per workload, one bar per series, log y axis.
struct Bars<'a> {
    d: &'a Dataset,
    series: Vec<String>,
    /// `values[workload][series]`: (bar height, optional whisker low and high).
    values: Vec<Vec<Option<(f64, Option<(f64, f64)>)>>>,
    y_desc: &'a str,
    y_range: (f64, f64, Vec<f64>),
    y_fmt: fn(f64) -> String,
    reference_line: bool,
}

impl Bars<'_> {
    fn draw<DB: DrawingBackend>(&self, area: &DrawingArea<DB, Shift>) -> Result<(), String> {
        let n = self.d.workloads.len();
        let (lo, hi, ticks) = self.y_range.clone();
        let mut chart = ChartBuilder::on(area)
            .margin(12)
            .margin_right(24)
            .x_label_area_size(52)
            .y_label_area_size(96)
            .build_cartesian_2d(-0.5..n as f64 - 0.5, (lo..hi).log_scale())
            .map_err(s)?;
        let y_fmt = |y: &f64| (self.y_fmt)(*y);
        chart
            .configure_mesh()
            .disable_x_mesh()
            .disable_y_mesh()
            .x_labels(0)
            .y_labels(0)
            // A log axis still labels one point when asked for none.
            .y_label_formatter(&|_| String::new())
            .x_desc("workload")
            .y_desc(self.y_desc)
            .label_style((SANS, 16))
            .axis_desc_style((SANS, 18))
            .draw()
            .map_err(s)?;
        y_ticks(&mut chart, (-0.5, n as f64 - 0.5), &ticks, &y_fmt)?;
        x_names(&mut chart, &self.d.workloads, lo)?;
        let k = self.series.len();
        let width = bar_width(k);
        for (j, name) in self.series.iter().enumerate() {
            let c = color(self.d, name);
            let left = |i: usize| bar_left(i, j, k);
            let heights = self.values.iter().map(|row| row[j].map(|(v, _)| v));
            draw_bar_series(&mut chart, (j, k), name, c, lo, heights)?;
            let whiskers = self.values.iter().enumerate().filter_map(|(i, row)| {
                let (_, Some((a, b))) = row[j]? else {
                    return None;
                };
                let (x, cap) = (left(i) + width / 2.0, width * 0.25);
                Some(PathElement::new(
                    vec![
                        (x - cap, a),
                        (x + cap, a),
                        (x, a),
                        (x, b),
                        (x - cap, b),
                        (x + cap, b),
                    ],
                    BLACK.stroke_width(1),
                ))
            });
            chart.draw_series(whiskers).map_err(s)?;
            // A missing bar is marked, so that "could not run" is not read as "very fast".
            let missing = self.values.iter().enumerate().filter_map(|(i, row)| {
                row[j].is_none().then(|| {
                    Text::new(
                        "×",
                        (left(i) + 0.2 * width, lo * 1.12),
                        (SANS, 16).into_font().color(&c),
                    )
                })
            });
            chart.draw_series(missing).map_err(s)?;
        }
        if self.reference_line {
            let line = DashedLineSeries::new(
                vec![(-0.5, 1.0), (n as f64 - 0.5, 1.0)],
                10,
                6,
                BLACK.stroke_width(2),
            );
            chart
                .draw_series(line)
                .map_err(s)?
                .label("reference (PUC-Rio Lua 5.4) = 1")
                .legend(|(x, y)| {
                    PathElement::new(vec![(x, y), (x + 16, y)], BLACK.stroke_width(2))
                });
        }
        chart
            .configure_series_labels()
            .position(SeriesLabelPosition::UpperLeft)
            .background_style(WHITE.mix(0.92))
            .border_style(RGBColor(160, 160, 160))
            .label_font((SANS, 17))
            .margin(12)
            .draw()
            .map_err(s)
    }
}

type Chart2d<'a, DB, Y> = ChartContext<'a, DB, Cartesian2d<RangedCoordf64, Y>>;

/// Category names centred under x = 0, 1, 2...: plotters' own labels would fall on
/// "nice" numbers instead.
fn x_names<DB: DrawingBackend, Y: Ranged<ValueType = f64>>(
    chart: &mut Chart2d<'_, DB, Y>,
    names: &[String],
    y_bottom: f64,
) -> Result<(), String> {
    let style = TextStyle::from((SANS, 16).into_font()).pos(Pos::new(HPos::Center, VPos::Top));
    chart
        .draw_series(names.iter().enumerate().map(|(i, name)| {
            EmptyElement::at((i as f64, y_bottom)) + Text::new(name.clone(), (0, 8), style.clone())
        }))
        .map_err(s)?;
    Ok(())
}

/// Grid lines and labels at exactly `ticks` (plotters' log axes pick their own).
fn y_ticks<DB: DrawingBackend, Y: Ranged<ValueType = f64>>(
    chart: &mut Chart2d<'_, DB, Y>,
    (x0, x1): (f64, f64),
    ticks: &[f64],
    fmt: &dyn Fn(&f64) -> String,
) -> Result<(), String> {
    let grid = RGBColor(225, 225, 225);
    chart
        .draw_series(
            ticks
                .iter()
                .map(|&t| PathElement::new(vec![(x0, t), (x1, t)], grid)),
        )
        .map_err(s)?;
    let style = TextStyle::from((SANS, 16).into_font()).pos(Pos::new(HPos::Right, VPos::Center));
    chart
        .draw_series(
            ticks
                .iter()
                .map(|&t| EmptyElement::at((x0, t)) + Text::new(fmt(&t), (-10, 0), style.clone())),
        )
        .map_err(s)?;
    Ok(())
}

struct Relative<'a>(&'a Dataset);

impl Chart for Relative<'_> {
    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> Result<(), String> {
        let d = self.0;
        let series: Vec<String> = d
            .engines
            .iter()
            .filter(|e| *e != REFERENCE)
            .cloned()
            .collect();
        let values: Vec<Vec<_>> = d
            .workloads
            .iter()
            .map(|w| {
                let r = d.headline(w, REFERENCE).map(|r| r.median_s);
                series
                    .iter()
                    .map(|e| {
                        let (r, x) = (r?, d.headline(w, e)?);
                        Some((x.median_s / r, Some((x.min_s / r, x.max_s / r))))
                    })
                    .collect()
            })
            .collect();
        let all = values
            .iter()
            .flatten()
            .flatten()
            .flat_map(|(_, w)| w.map(|(a, b)| [a, b]));
        let (mn, mx) = all
            .flatten()
            .fold((1.0f64, 1.0f64), |(a, b), v| (a.min(v), b.max(v)));
        let area = titled(
            root,
            "Time relative to PUC-Rio Lua 5.4, per workload (lower is better)",
            &format!(
                "bar: median of the repetitions, whiskers: fastest and slowest, × : could not run · {}",
                d.provenance()
            ),
        )?;
        Bars {
            d,
            series,
            values,
            y_desc: "time ÷ reference time (log scale)",
            y_range: powers_of_two(mn / 1.15, mx * 1.3),
            y_fmt: ratio_label,
            reference_line: true,
        }
        .draw(&area)
    }
}

struct Memory<'a>(&'a Dataset);

impl Chart for Memory<'_> {
    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> Result<(), String> {
        let d = self.0;
        let mib = |b: u64| b as f64 / (1024.0 * 1024.0);
        let values: Vec<Vec<_>> = d
            .workloads
            .iter()
            .map(|w| {
                d.engines
                    .iter()
                    .map(|e| Some((mib(d.headline(w, e)?.peak_heap_bytes?).max(1e-3), None)))
                    .collect()
            })
            .collect();
        let all = values.iter().flatten().flatten().map(|(v, _)| *v);
        let (mn, mx) = all.fold((f64::MAX, 0.0f64), |(a, b), v| (a.min(v), b.max(v)));
        let (lo, hi) = (
            10f64.powf(mn.max(1e-3).log10().floor()),
            10f64.powf(mx.log10().ceil()),
        );
        let mut ticks = Vec::new();
        let mut t = lo;
        while t <= hi * 1.001 {
            ticks.extend(
                [t, 2.0 * t, 5.0 * t]
                    .into_iter()
                    .filter(|v| *v <= hi * 1.001),
            );
            t *= 10.0;
        }
        let area = titled(
            root,
            "Peak heap per workload (lower is better)",
            &format!(
                "luatb: heap_bytes() at the end (nothing is freed yet); reference: lua_gc count, \
                 sampled; piccolo: arena total · {}",
                d.provenance()
            ),
        )?;
        Bars {
            d,
            series: d.engines.clone(),
            values,
            y_desc: "peak heap, MiB (log scale)",
            y_range: (lo, hi, ticks),
            y_fmt: |v| {
                if v >= 1.0 {
                    format!("{v:.0}")
                } else {
                    format!("{v}")
                }
            },
            reference_line: false,
        }
        .draw(&area)
    }
}

struct GeoMeans<'a>(&'a Dataset);

impl Chart for GeoMeans<'_> {
    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> Result<(), String> {
        let d = self.0;
        let g = d.geomeans();
        let area = titled(
            root,
            "Geometric mean of time ÷ reference time (lower is better)",
            &d.provenance(),
        )?;
        let top = g.iter().map(|x| x.all).fold(1.0f64, f64::max) * 1.25;
        let n = g.len();
        let mut chart = ChartBuilder::on(&area)
            .margin(16)
            .margin_right(30)
            .x_label_area_size(48)
            .y_label_area_size(80)
            .build_cartesian_2d(-0.5..n as f64 - 0.5, 0.0..top)
            .map_err(s)?;
        let names: Vec<String> = g.iter().map(|x| x.engine.clone()).collect();
        chart
            .configure_mesh()
            .disable_x_mesh()
            .light_line_style(WHITE)
            .bold_line_style(RGBColor(225, 225, 225))
            .x_labels(0)
            .y_label_formatter(&|v| format!("{v:.1}×"))
            .x_desc("engine")
            .y_desc("geometric mean of time ÷ reference time")
            .label_style((SANS, 17))
            .axis_desc_style((SANS, 18))
            .draw()
            .map_err(s)?;
        x_names(&mut chart, &names, 0.0)?;
        chart
            .draw_series(g.iter().enumerate().map(|(i, x)| {
                let c = color(d, &x.engine);
                Rectangle::new(
                    [(i as f64 - 0.32, 0.0), (i as f64 + 0.32, x.all)],
                    c.filled(),
                )
            }))
            .map_err(s)?;
        chart
            .draw_series(g.iter().enumerate().map(|(i, x)| {
                let label = format!("{:.2}× ({} workloads)", x.all, x.count);
                Text::new(label, (i as f64 - 0.3, x.all + top * 0.04), (SANS, 17))
            }))
            .map_err(s)?;
        chart
            .draw_series(DashedLineSeries::new(
                vec![(-0.5, 1.0), (n as f64 - 0.5, 1.0)],
                10,
                6,
                BLACK.stroke_width(2),
            ))
            .map_err(s)?
            .label("reference (PUC-Rio Lua 5.4) = 1")
            .legend(|(x, y)| PathElement::new(vec![(x, y), (x + 16, y)], BLACK.stroke_width(2)));
        draw_legend(&mut chart, SeriesLabelPosition::UpperLeft)
    }
}

struct Scaling<'a>(&'a Dataset);

impl Chart for Scaling<'_> {
    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> Result<(), String> {
        let d = self.0;
        let area = titled(
            root,
            "Scaling: median time against problem size N (log-log)",
            &format!(
                "one panel per workload; seconds on the y axis · {}",
                d.provenance()
            ),
        )?;
        let cols = 5;
        let rows = (d.workloads.len() + 1).div_ceil(cols);
        let panels = area.split_evenly((rows, cols));
        for (w, panel) in d.workloads.iter().zip(&panels) {
            let sizes = d.sizes(w);
            let points: Vec<(String, Vec<(f64, f64)>)> = d
                .engines
                .iter()
                .map(|e| {
                    let pts = sizes
                        .iter()
                        .filter_map(|&n| Some((n as f64, d.get(w, n, e)?.median_s)))
                        .collect();
                    (e.clone(), pts)
                })
                .collect();
            let ys = points.iter().flat_map(|(_, p)| p.iter().map(|(_, y)| *y));
            let (ymin, ymax) = ys.fold((f64::MAX, 0.0f64), |(a, b), v| (a.min(v), b.max(v)));
            let (Some(&x0), Some(&x1)) = (sizes.first(), sizes.last()) else {
                continue;
            };
            if ymax <= 0.0 {
                continue;
            }
            let xr = (x0 as f64 / 1.15)..(x1 as f64 * 1.15);
            let mut chart = ChartBuilder::on(panel)
                .margin(8)
                .caption(w, (SANS, 20))
                .x_label_area_size(30)
                .y_label_area_size(62)
                .build_cartesian_2d(xr.log_scale(), ((ymin / 1.5)..(ymax * 1.5)).log_scale())
                .map_err(s)?;
            chart
                .configure_mesh()
                .light_line_style(WHITE)
                .bold_line_style(RGBColor(230, 230, 230))
                .x_labels(5)
                .y_labels(5)
                .x_label_formatter(&|x| short_number(*x))
                .y_label_formatter(&|y| format!("{y:.0e}"))
                .label_style((SANS, 13))
                .draw()
                .map_err(s)?;
            for (e, pts) in &points {
                let c = color(d, e);
                chart
                    .draw_series(LineSeries::new(pts.clone(), c.stroke_width(2)))
                    .map_err(s)?;
                chart
                    .draw_series(pts.iter().map(|p| Circle::new(*p, 3, c.filled())))
                    .map_err(s)?;
            }
        }
        // The legend takes the first free panel.
        if let Some(cell) = panels.get(d.workloads.len()) {
            let (w, h) = cell.dim_in_pixel();
            let step = (h as i32 - 40) / d.engines.len().max(1) as i32;
            for (i, e) in d.engines.iter().enumerate() {
                let y = 30 + i as i32 * step.min(34);
                let c = color(d, e);
                cell.draw(&PathElement::new(vec![(30, y), (70, y)], c.stroke_width(3)))
                    .map_err(s)?;
                cell.draw(&Circle::new((50, y), 4, c.filled())).map_err(s)?;
                cell.draw(&Text::new(e.clone(), (82, y - 9), (SANS, 19)))
                    .map_err(s)?;
            }
            let note = "x axis: N (the program's size parameter)";
            cell.draw(&Text::new(note, (30, h as i32 - 30), (SANS, 14)))
                .map_err(s)?;
            let _ = w;
        }
        Ok(())
    }
}

fn short_number(x: f64) -> String {
    if x >= 1e6 {
        format!("{:.1}M", x / 1e6)
    } else if x >= 1e3 {
        format!("{:.0}k", x / 1e3)
    } else {
        format!("{x:.0}")
    }
}
