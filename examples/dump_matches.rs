//! Dumps every match of a gazetteer over corpora, to compare two builds byte for byte:
//! cargo run --release --example dump_matches -- GAZETTEER OUT_DIR CORPUS...
//! (GAZETTEER `default` is the built-in world gazetteer.) Writes one file per corpus and
//! overlap policy: `doc start end name primary-id` per line.
use std::io::{BufRead, Write};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let (Some(gaz), Some(out)) = (args.next(), args.next()) else {
        return Err("usage: dump_matches GAZETTEER OUT_DIR CORPUS...".into());
    };
    let corpora: Vec<String> = args.collect();
    let entries = if gaz == "default" {
        lexiscan::Gazetteer::default_world().entries().to_vec()
    } else {
        lexiscan::gazetteer::load::load_entries(&gaz)?
    };
    let gaz_name = std::path::Path::new(&gaz)
        .file_name()
        .and_then(|s| s.to_str())
        .unwrap_or("gaz")
        .to_string();
    let variants = [
        ("longest", lexiscan::Overlaps::Longest, false, false),
        ("all", lexiscan::Overlaps::All, false, false),
        ("first", lexiscan::Overlaps::First, false, false),
        ("accents", lexiscan::Overlaps::Longest, true, false),
        ("case", lexiscan::Overlaps::Longest, false, true),
    ];
    for (tag, overlaps, fold_accents, case_sensitive) in variants {
        let g = lexiscan::Gazetteer::builder()
            .overlaps(overlaps)
            .fold_accents(fold_accents)
            .case_sensitive(case_sensitive)
            .build(entries.iter().cloned())?;
        for corpus in &corpora {
            let reader = lexiscan::gazetteer::load::open_maybe_gzip(std::fs::File::open(corpus)?)?;
            let corpus_name = std::path::Path::new(corpus)
                .file_name()
                .and_then(|s| s.to_str())
                .unwrap_or("corpus");
            let path = format!("{out}/{gaz_name}.{corpus_name}.{tag}.txt");
            let mut w = std::io::BufWriter::new(std::fs::File::create(&path)?);
            let mut total = 0;
            for (doc, line) in reader.lines().enumerate() {
                let v: serde_json::Value = serde_json::from_str(&line?)?;
                let text = v["text"].as_str().unwrap_or_default();
                for m in g.find(text) {
                    writeln!(
                        w,
                        "{doc} {} {} {} {}",
                        m.start,
                        m.end,
                        m.name,
                        g.primary(&m).id
                    )?;
                    total += 1;
                }
            }
            println!("{path}: {total} matches");
        }
    }
    Ok(())
}
