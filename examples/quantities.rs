//! Prints the quantities found in each line of stdin (or in the arguments), one per
//! line: span, kind, value, upper, unit, dimension, SI value, qualifier, counted noun.
//!
//! `cargo run --example quantities -- "over 10,000 soldiers and \$1.2bn"`

use std::io::BufRead;

use lexiscan::quantity::Quantities;

fn main() {
    let q = Quantities::builder()
        .include_non_quantities(std::env::var_os("ALL").is_some())
        .units(std::env::var_os("NUMBERS_ONLY").is_none())
        .build()
        .expect("default tables");
    let args: Vec<String> = std::env::args().skip(1).collect();
    let lines: Vec<String> = if args.is_empty() {
        std::io::stdin()
            .lock()
            .lines()
            .map_while(Result::ok)
            .collect()
    } else {
        args
    };
    for line in lines {
        println!("{line}");
        for m in q.find(&line) {
            println!(
                "  {:?} {:?} value={} upper={:?} unit={:?} dim={:?} si={:?} {:?} q={:?} counted={:?}",
                m.text,
                m.kind,
                m.value,
                m.upper,
                m.unit,
                m.dimension,
                m.si_value,
                m.si_unit,
                m.qualifier,
                m.counted
            );
        }
    }
}
