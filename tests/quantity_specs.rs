//! Recognizers-Text's English test specs (../shared/data/recognizers_text_specs_en.jsonl,
//! MIT) scored with strict span + value F1 per model, with floors that must not slip.
//!
//! How lexiscan's output is compared with each model:
//! - NumberModel: numbers only (`units(false)`), kinds number (ordinals are another model).
//! - CurrencyModel: kind money. The specs give minor units as written ("50 cents" = 50
//!   Cent); lexiscan gives the amount in the major unit (0.5 USD), so a gold value in
//!   cents, pence or pennies is divided by 100 (satoshis by 1e8) before comparing.
//! - DimensionModel: kind quantity, any dimension but temperature and duration (durations
//!   are the specs' date-time model).
//! - TemperatureModel: kind quantity with dimension temperature.
//! - PercentModel: kind percent.
//! - AgeModel: dimension duration ("five years old", "3 years of age", "87 yo", "age 87":
//!   an age is a duration whose span covers the words that make it one).
//! - Gold spans without a value (a unit named alone: "convert to fahrenheit") are not
//!   quantities; they are left out and counted in the report.
//!
//! Set LEXISCAN_SPECS_DEBUG=1 to print every miss and every spurious result.

mod support;

use lexiscan::quantity::{Kind, Quantities, Quantity};
use serde_json::Value;

/// Strict span+value F1 floors (percent). The goal was 90 on each of the first
/// five; AgeModel and TemperatureModel sit just under the level reached.
const FLOORS: &[(&str, f64)] = &[
    ("NumberModel", 92.0),
    ("CurrencyModel", 92.0),
    ("DimensionModel", 93.0),
    ("TemperatureModel", 99.9),
    ("PercentModel", 99.9),
    ("AgeModel", 99.9),
];

fn project(model: &str, q: &Quantity) -> bool {
    match model {
        "NumberModel" => q.kind == Kind::Number,
        "CurrencyModel" => q.kind == Kind::Money,
        // Durations belong to the specs' date-time model, not to this one.
        "DimensionModel" => {
            q.kind == Kind::Quantity
                && !matches!(q.dimension.as_deref(), Some("temperature" | "duration"))
        }
        "TemperatureModel" => {
            q.kind == Kind::Quantity && q.dimension.as_deref() == Some("temperature")
        }
        "PercentModel" => q.kind == Kind::Percent,
        "OrdinalModel" => q.kind == Kind::Ordinal,
        "NumberRangeModel" => q.upper.is_some() || q.qualifier.is_some(),
        "AgeModel" => q.dimension.as_deref() == Some("duration"),
        _ => false,
    }
}

fn gold_value(model: &str, span: &Value) -> Option<f64> {
    let v = span.get("value")?.as_str()?;
    let v = v.trim_end_matches('%');
    let mut x: f64 = v.parse().ok()?;
    if model == "CurrencyModel" {
        let unit = span.get("unit").and_then(Value::as_str).unwrap_or("");
        if matches!(unit, "Cent" | "Pence" | "Penny") {
            x /= 100.0;
        }
        if unit == "Satoshi" {
            x *= 1e-8;
        }
    }
    Some(x)
}

fn same(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1e-9 * a.abs().max(b.abs()).max(1.0)
        || (a - b).abs() <= 1e-6 * a.abs().max(b.abs())
}

#[derive(Default, Debug)]
struct Score {
    tp: usize,
    fp: usize,
    fn_: usize,
    valueless: usize,
}

impl Score {
    fn f1(&self) -> f64 {
        let p = self.tp as f64 / (self.tp + self.fp).max(1) as f64;
        let r = self.tp as f64 / (self.tp + self.fn_).max(1) as f64;
        if p + r == 0.0 {
            0.0
        } else {
            100.0 * 2.0 * p * r / (p + r)
        }
    }
}

#[test]
fn recognizers_text_english_specs() {
    let Some(path) = support::shared_data("recognizers_text_specs_en.jsonl") else {
        eprintln!("skipped: ../shared/data/recognizers_text_specs_en.jsonl is not here");
        return;
    };
    let debug = std::env::var_os("LEXISCAN_SPECS_DEBUG").is_some();
    let full = Quantities::new();
    let numbers = Quantities::builder().units(false).build().unwrap();
    let text = std::fs::read_to_string(path).unwrap();
    let mut scores: std::collections::BTreeMap<String, Score> = Default::default();
    for line in text.lines() {
        let row: Value = serde_json::from_str(line).unwrap();
        let model = row["model"].as_str().unwrap().to_string();
        let sentence = row["text"].as_str().unwrap();
        let extractor = if model == "NumberModel" {
            &numbers
        } else {
            &full
        };
        let found: Vec<(usize, usize, f64, String)> = extractor
            .find(sentence)
            .iter()
            .filter(|q| project(&model, q))
            .map(|q| {
                let s = sentence[..q.start].chars().count();
                let e = s + q.text.chars().count();
                (s, e, q.value, q.text.clone())
            })
            .collect();
        let score = scores.entry(model.clone()).or_default();
        let mut gold = Vec::new();
        for span in row["spans"].as_array().unwrap() {
            match gold_value(&model, span) {
                Some(v) => gold.push((
                    span["start"].as_u64().unwrap() as usize,
                    span["end"].as_u64().unwrap() as usize,
                    v,
                    span["text"].as_str().unwrap_or("").to_string(),
                )),
                None => score.valueless += 1,
            }
        }
        let mut used = vec![false; found.len()];
        for g in &gold {
            let hit = found
                .iter()
                .enumerate()
                .position(|(k, f)| !used[k] && f.0 == g.0 && f.1 == g.1 && same(f.2, g.2));
            match hit {
                Some(k) => {
                    used[k] = true;
                    score.tp += 1;
                }
                None => {
                    score.fn_ += 1;
                    if debug {
                        eprintln!(
                            "MISS {model}: {:?} want {:?}={} got {:?}",
                            sentence,
                            g.3,
                            g.2,
                            found.iter().map(|f| (&f.3, f.2)).collect::<Vec<_>>()
                        );
                    }
                }
            }
        }
        for (k, f) in found.iter().enumerate() {
            if !used[k] {
                score.fp += 1;
                if debug {
                    eprintln!("SPURIOUS {model}: {:?} got {:?}={}", sentence, f.3, f.2);
                }
            }
        }
    }
    eprintln!(
        "{:<18} {:>5} {:>5} {:>5} {:>7} {:>10}",
        "model", "tp", "fp", "fn", "F1", "no value"
    );
    for (model, s) in &scores {
        eprintln!(
            "{model:<18} {:>5} {:>5} {:>5} {:>7.1} {:>10}",
            s.tp,
            s.fp,
            s.fn_,
            s.f1(),
            s.valueless
        );
    }
    for (model, floor) in FLOORS {
        let f1 = scores[*model].f1();
        assert!(
            f1 >= *floor,
            "{model}: strict F1 {f1:.1} fell below its floor {floor}"
        );
    }
}
