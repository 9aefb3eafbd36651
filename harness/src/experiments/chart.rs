//! The experiments' charts: grouped bars on a log axis, PNG and SVG, in the bundled font
//! and the engine colours of `luatb plot`.

use super::Ctx;
use crate::backends::BACKENDS;
use plotters::coord::Shift;
use plotters::prelude::*;

use crate::plot::{draw_bar_series, draw_legend, register_fonts, PALETTE, SANS};

fn colour(series: &str) -> RGBColor {
    let base = series.split('+').next().unwrap_or(series);
    match BACKENDS.iter().position(|b| *b == base) {
        Some(i) if series.contains('+') => {
            let RGBColor(r, g, b) = PALETTE[i];
            RGBColor(r / 2 + 100, g / 2 + 100, b / 2 + 100)
        }
        Some(i) => PALETTE[i],
        None => RGBColor(70, 70, 70),
    }
}

/// Draw `value(group, series)` as grouped bars; returns the Markdown image link, or a
/// note saying why there is no chart.
#[allow(clippy::too_many_arguments)]
pub fn grouped(
    ctx: &Ctx,
    stem: &str,
    title: &str,
    subtitle: &str,
    groups: Vec<String>,
    series: Vec<String>,
    value: impl Fn(usize, usize) -> Option<f64>,
    y_desc: &str,
) -> String {
    register_fonts();
    let values: Vec<Vec<Option<f64>>> = (0..groups.len())
        .map(|g| {
            (0..series.len())
                .map(|s| value(g, s).filter(|v| *v > 0.0))
                .collect()
        })
        .collect();
    let bars = Bars {
        title,
        subtitle,
        groups: &groups,
        series: &series,
        values: &values,
        y_desc,
    };
    let png = ctx.out.join(format!("{stem}.png"));
    let svg = ctx.out.join(format!("{stem}.svg"));
    let size = (1600, 760);
    let drawn = bars
        .draw(&BitMapBackend::new(&png, size).into_drawing_area())
        .and_then(|_| bars.draw(&SVGBackend::new(&svg, size).into_drawing_area()));
    match drawn {
        Ok(()) => {
            ctx.say(&format!("wrote {} and .svg", png.display()));
            super::chart_link(ctx, stem)
        }
        Err(e) => format!("(chart {stem} not drawn: {e})"),
    }
}

struct Bars<'a> {
    title: &'a str,
    subtitle: &'a str,
    groups: &'a [String],
    series: &'a [String],
    values: &'a [Vec<Option<f64>>],
    y_desc: &'a str,
}

impl Bars<'_> {
    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> Result<(), String> {
        let e = |e: DrawingAreaErrorKind<DB::ErrorType>| e.to_string();
        let all: Vec<f64> = self.values.iter().flatten().flatten().copied().collect();
        if all.is_empty() {
            return Err("no positive values".into());
        }
        let lo = 10f64.powf(all.iter().copied().fold(f64::MAX, f64::min).log10().floor());
        let hi = 10f64.powf(all.iter().copied().fold(0.0, f64::max).log10().ceil());
        root.fill(&WHITE).map_err(e)?;
        let area = root
            .margin(10, 0, 0, 0)
            .titled(self.title, (SANS, 26))
            .map_err(e)?;
        let grey = TextStyle::from((SANS, 15).into_font()).color(&RGBColor(90, 90, 90));
        let area = area.titled(self.subtitle, grey).map_err(e)?;
        let n = self.groups.len() as f64;
        let mut chart = ChartBuilder::on(&area)
            .margin(12)
            .x_label_area_size(40)
            .y_label_area_size(80)
            .build_cartesian_2d(-0.5..n - 0.5, (lo..hi).log_scale())
            .map_err(e)?;
        let groups = self.groups;
        chart
            .configure_mesh()
            .disable_x_mesh()
            .x_labels(groups.len() * 2 + 1)
            .x_label_formatter(&|x| {
                let i = x.round();
                let hit = (x - i).abs() < 0.01 && i >= 0.0 && (i as usize) < groups.len();
                if hit {
                    groups[i as usize].clone()
                } else {
                    String::new()
                }
            })
            .y_label_formatter(&|y| super::num(*y))
            .y_desc(self.y_desc)
            .label_style((SANS, 15))
            .axis_desc_style((SANS, 17))
            .draw()
            .map_err(e)?;
        let k = self.series.len();
        for (j, name) in self.series.iter().enumerate() {
            let heights = self.values.iter().map(|row| row[j]);
            draw_bar_series(&mut chart, (j, k), name, colour(name), lo, heights)?;
        }
        draw_legend(&mut chart, SeriesLabelPosition::UpperRight)
    }
}
