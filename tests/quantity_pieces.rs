//! A long text is read in pieces cut at paragraph breaks (`Quantities::find`); the
//! pieces must give exactly what the whole text read at once gives.

mod support;

use std::io::BufRead;

use lexiscan::Quantities;

/// The quantities of `text` read whole and read in pieces of at least `segment` bytes.
fn assert_pieces_agree(text: &str, segment: usize) {
    let q = Quantities::new();
    let whole = q.find_in_pieces(text, usize::MAX);
    let pieces = q.find_in_pieces(text, segment);
    assert!(!whole.is_empty());
    if let Some(k) = (0..whole.len().min(pieces.len())).find(|&k| whole[k] != pieces[k]) {
        panic!(
            "pieces of {segment} bytes differ at quantity {k}: {:?} against {:?}",
            pieces[k], whole[k]
        );
    }
    assert_eq!(pieces.len(), whole.len(), "pieces of {segment} bytes");
}

fn texts_of_jsonl(reader: impl BufRead) -> Vec<String> {
    reader
        .lines()
        .map(|line| {
            let record: serde_json::Value = serde_json::from_str(&line.unwrap()).unwrap();
            record["text"].as_str().unwrap().to_string()
        })
        .collect()
}

#[test]
fn the_quantity_cases_as_one_text_give_the_same_in_pieces() {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/data/quantity_cases.jsonl"
    );
    let texts = texts_of_jsonl(std::io::BufReader::new(std::fs::File::open(path).unwrap()));
    for separator in ["\n\n", "\r\n\r\n", " \n \n\t", "\n\n\n"] {
        let text = texts.join(separator);
        for segment in [1, 100, 1000] {
            assert_pieces_agree(&text, segment);
        }
    }
}

#[test]
fn reuters_as_one_text_gives_the_same_in_pieces() {
    let Some(path) = support::shared_data("corpus_reuters21578.jsonl.gz") else {
        eprintln!("skipped: ../shared/data/corpus_reuters21578.jsonl.gz is absent");
        return;
    };
    let file = std::fs::File::open(path).unwrap();
    let texts = texts_of_jsonl(std::io::BufReader::new(flate2::read::GzDecoder::new(file)));
    // Reuters' own texts have paragraph breaks inside; joined, there are more.
    let text = texts[..4000].join("\n\n");
    for segment in [1, 4096, 1 << 18] {
        assert_pieces_agree(&text, segment);
    }
}

#[test]
fn the_decimal_mark_is_decided_by_the_whole_text() {
    let q = Quantities::new();
    // Alone, "2.500 tonnes" reads with a decimal point; the first paragraph's "1.234,5"
    // says this text writes decimal commas.
    let comma = "It cost 1.234,5 euros.\n\nThey shipped 2.500 tonnes.";
    // A later "1,234.5" settles it the other way, wherever it is.
    let point = "It cost 1.234,5 euros.\n\nThey shipped 2.500 tonnes.\n\nThen 1,234.5 more.";
    for (text, tonnes) in [(comma, 2500.0), (point, 2.5)] {
        for segment in [1, usize::MAX] {
            let found = q.find_in_pieces(text, segment);
            let shipped = found.iter().find(|x| x.text.ends_with("tonnes")).unwrap();
            assert_eq!(shipped.value, tonnes, "{text:?} in pieces of {segment}");
        }
        assert_pieces_agree(text, 1);
    }
}
