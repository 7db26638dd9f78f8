//! The table of quantity cases (tests/data/quantity_cases.jsonl): one line per text with
//! every quantity the default extractor must return, in order. Each expectation names
//! the span text, kind and value; `upper`, `unit`, `dimension`, `si_value`, `si_unit`,
//! `qualifier` and `counted` are checked when given (null means "must be absent").
//! `options.decimal` ("point" / "comma") sets the decimal mark.

use lexiscan::quantity::{DecimalMark, Quantities, Quantity};
use serde_json::Value;

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1e-9 * a.abs().max(b.abs()).max(1.0)
}

fn check(q: &Quantity, want: &Value) -> Vec<String> {
    let got = serde_json::to_value(q).unwrap();
    let mut errors = Vec::new();
    for (field, expected) in want.as_object().unwrap() {
        let actual = &got[field.as_str()];
        let same = match (expected.as_f64(), actual.as_f64()) {
            (Some(e), Some(a)) => close(e, a),
            _ => expected == actual,
        };
        if !same {
            errors.push(format!("{field}: want {expected}, got {actual}"));
        }
    }
    errors
}

#[test]
fn every_case_in_the_table() {
    let table = include_str!("data/quantity_cases.jsonl");
    let mut failures = Vec::new();
    let mut count = 0;
    for (n, line) in table.lines().enumerate() {
        let case: Value = serde_json::from_str(line).unwrap();
        let text = case["text"].as_str().unwrap();
        let mut builder = Quantities::builder();
        match case["options"]["decimal"].as_str() {
            Some("comma") => builder.decimal(DecimalMark::Comma),
            Some("point") => builder.decimal(DecimalMark::Point),
            _ => &mut builder,
        };
        let found = builder.build().unwrap().find(text);
        let expect = case["expect"].as_array().unwrap();
        count += 1;
        let mut errors = Vec::new();
        if found.len() != expect.len() {
            errors.push(format!(
                "want {} results, got {}: {:?}",
                expect.len(),
                found.len(),
                found
                    .iter()
                    .map(|q| (&q.text, q.kind, q.value))
                    .collect::<Vec<_>>()
            ));
        } else {
            for (q, want) in found.iter().zip(expect) {
                assert_eq!(&text[q.range()], q.text, "span slices back to its text");
                errors.extend(
                    check(q, want)
                        .into_iter()
                        .map(|e| format!("{:?}: {e}", q.text)),
                );
            }
        }
        if !errors.is_empty() {
            failures.push(format!(
                "line {} {text:?}:\n    {}",
                n + 1,
                errors.join("\n    ")
            ));
        }
    }
    assert!(count >= 100, "the table has {count} cases");
    assert!(
        failures.is_empty(),
        "{} of {count} cases fail:\n{}",
        failures.len(),
        failures.join("\n")
    );
}
