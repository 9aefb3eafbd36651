//! Splicing generated Markdown into the paper: everything between `<!-- BEGIN key -->`
//! and `<!-- END key -->` is replaced, the prose around it is left alone.

use super::Section;
use std::path::Path;

/// Replace the body of `key`'s markers in `doc`; `None` when the markers are absent.
pub fn splice(doc: &str, key: &str, body: &str) -> Option<String> {
    let begin = format!("<!-- BEGIN {key} -->");
    let end = format!("<!-- END {key} -->");
    let b = doc.find(&begin)? + begin.len();
    let e = b + doc[b..].find(&end)?;
    Some(format!("{}\n{}\n{}", &doc[..b], body.trim_end(), &doc[e..]))
}

/// Update `paper` in place; returns the sections that had no markers.
pub fn regenerate(paper: &Path, sections: &[Section]) -> Result<Vec<String>, String> {
    let fail = |e: std::io::Error| format!("{}: {e}", paper.display());
    let mut doc = std::fs::read_to_string(paper).map_err(fail)?;
    let mut missing = Vec::new();
    for s in sections {
        match splice(&doc, s.key, &s.markdown) {
            Some(d) => doc = d,
            None => missing.push(s.key.to_string()),
        }
    }
    std::fs::write(paper, doc).map_err(fail)?;
    Ok(missing)
}

/// Render `paper` to a PDF beside it with pandoc and WeasyPrint (HTML to PDF, no LaTeX),
/// when both are installed (`apt-get install pandoc weasyprint`); the Markdown stays the
/// source. Runs in the paper's directory so that its relative image paths resolve.
pub fn render_pdf(paper: &Path) -> String {
    let dir = paper
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let (Some(name), pdf) = (paper.file_name(), paper.with_extension("pdf")) else {
        return format!("no PDF: {} names no file", paper.display());
    };
    let run = std::process::Command::new("pandoc")
        .current_dir(dir)
        .arg(name)
        .args([
            "--pdf-engine=weasyprint",
            "--metadata",
            "pagetitle=luatb paper",
            "-o",
        ])
        .arg(pdf.file_name().unwrap_or(name))
        .output();
    match run {
        Ok(o) if o.status.success() => format!("wrote {}", pdf.display()),
        Ok(o) => format!(
            "no PDF (pandoc failed: {})",
            String::from_utf8_lossy(&o.stderr)
                .lines()
                .last()
                .unwrap_or("")
        ),
        Err(_) => "no PDF: pandoc is not installed (apt-get install pandoc weasyprint)".into(),
    }
}

#[cfg(test)]
mod tests {
    use super::splice;

    #[test]
    fn splice_replaces_only_between_markers() {
        let doc = "a\n<!-- BEGIN t -->\nold\n<!-- END t -->\nb\n";
        let out = splice(doc, "t", "new").unwrap();
        assert_eq!(out, "a\n<!-- BEGIN t -->\nnew\n<!-- END t -->\nb\n");
        assert_eq!(splice(&out, "t", "new").unwrap(), out);
        assert!(splice(doc, "u", "x").is_none());
    }
}
