//! MeasEval (SemEval-2021 task 8; ../shared/data/measeval.jsonl.gz, train + trial):
//! science paragraphs with annotated quantities. Reports span F1, strict (same start and
//! end) and overlap (any shared character, one to one), and unit accuracy over the
//! overlapping pairs. grobid-quantities reaches 54 strict / 67 overlap here.
//!
//! MeasEval's spans include the qualifier ("above 2618 m"); lexiscan's spans do not (the
//! qualifier is a field), so the strict score also accepts a span that ends at the same
//! place and starts after a qualifier word that lexiscan reported. Set
//! LEXISCAN_MEASEVAL_DEBUG=1 to print the misses.

mod support;

use lexiscan::quantity::{Quantities, Quantity};
use serde_json::Value;

/// Floors (percent) at the figures measured when they were set.
const STRICT_FLOOR: f64 = 54.0;
const OVERLAP_FLOOR: f64 = 76.0;
const UNIT_FLOOR: f64 = 82.0;

fn f1(tp: usize, found: usize, gold: usize) -> f64 {
    let p = tp as f64 / found.max(1) as f64;
    let r = tp as f64 / gold.max(1) as f64;
    if p + r == 0.0 {
        0.0
    } else {
        100.0 * 2.0 * p * r / (p + r)
    }
}

#[test]
fn measeval_span_and_unit_scores() {
    let Some(path) = support::shared_data("measeval.jsonl.gz") else {
        eprintln!("skipped: ../shared/data/measeval.jsonl.gz is not here");
        return;
    };
    let debug = std::env::var_os("LEXISCAN_MEASEVAL_DEBUG").is_some();
    let file = std::fs::File::open(path).unwrap();
    let mut text = String::new();
    std::io::Read::read_to_string(&mut flate2::read::GzDecoder::new(file), &mut text).unwrap();
    let q = Quantities::new();
    let (mut gold_n, mut found_n, mut strict, mut overlap, mut unit_ok, mut unit_n) =
        (0, 0, 0, 0, 0, 0);
    for line in text.lines() {
        let row: Value = serde_json::from_str(line).unwrap();
        let para = row["text"].as_str().unwrap();
        let found: Vec<Quantity> = q.find(para);
        // Code-point offsets of each result.
        let spans: Vec<(usize, usize)> = found
            .iter()
            .map(|m| {
                let s = para[..m.start].chars().count();
                (s, s + m.text.chars().count())
            })
            .collect();
        let gold: Vec<(usize, usize, String, String)> = row["quantities"]
            .as_array()
            .unwrap()
            .iter()
            .map(|g| {
                (
                    g["start"].as_u64().unwrap() as usize,
                    g["end"].as_u64().unwrap() as usize,
                    g["text"].as_str().unwrap_or("").to_string(),
                    g["unit"].as_str().unwrap_or("").to_string(),
                )
            })
            .collect();
        gold_n += gold.len();
        found_n += found.len();
        let mut used_strict = vec![false; found.len()];
        let mut used_overlap = vec![false; found.len()];
        for (gs, ge, gtext, gunit) in &gold {
            let exact = (0..found.len()).find(|&k| {
                !used_strict[k]
                    && spans[k].1 == *ge
                    && (spans[k].0 == *gs || (found[k].qualifier.is_some() && spans[k].0 > *gs))
            });
            if let Some(k) = exact {
                used_strict[k] = true;
                strict += 1;
            }
            match (0..found.len())
                .find(|&k| !used_overlap[k] && spans[k].0 < *ge && *gs < spans[k].1)
            {
                Some(k) => {
                    used_overlap[k] = true;
                    overlap += 1;
                    unit_n += 1;
                    let m = &found[k];
                    let ok = if gunit.is_empty() {
                        m.unit.is_none()
                    } else {
                        m.unit.is_some() && m.text.contains(gunit.trim())
                    };
                    if ok {
                        unit_ok += 1;
                    } else if debug {
                        eprintln!(
                            "UNIT {gtext:?} (unit {gunit:?}) got {:?} {:?}",
                            m.text, m.unit
                        );
                    }
                }
                None if debug => eprintln!("MISS {gtext:?} in …{}…", context(para, *gs, *ge)),
                None => {}
            }
        }
        if debug {
            for (k, m) in found.iter().enumerate() {
                if !used_overlap[k] {
                    eprintln!(
                        "SPURIOUS {:?} {:?} in …{}…",
                        m.text,
                        m.kind,
                        context(para, spans[k].0, spans[k].1)
                    );
                }
            }
        }
    }
    let strict_f1 = f1(strict, found_n, gold_n);
    let overlap_f1 = f1(overlap, found_n, gold_n);
    let unit_acc = 100.0 * unit_ok as f64 / unit_n.max(1) as f64;
    eprintln!(
        "MeasEval: {gold_n} gold, {found_n} found; strict F1 {strict_f1:.1}, overlap F1 {overlap_f1:.1}, unit accuracy {unit_acc:.1} ({unit_ok}/{unit_n})"
    );
    assert!(
        strict_f1 >= STRICT_FLOOR,
        "strict F1 {strict_f1:.1} < {STRICT_FLOOR}"
    );
    assert!(
        overlap_f1 >= OVERLAP_FLOOR,
        "overlap F1 {overlap_f1:.1} < {OVERLAP_FLOOR}"
    );
    assert!(
        unit_acc >= UNIT_FLOOR,
        "unit accuracy {unit_acc:.1} < {UNIT_FLOOR}"
    );
}

fn context(text: &str, s: usize, e: usize) -> String {
    text.chars()
        .skip(s.saturating_sub(30))
        .take(e - s.saturating_sub(30) + 30)
        .collect::<String>()
        .replace('\n', " ")
}
