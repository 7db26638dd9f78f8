fn main() {
    let p = std::env::args().nth(1).unwrap();
    let t = std::time::Instant::now();
    let e = lexiscan::Gazetteer::load_saved_entries(&p).unwrap();
    eprintln!("decode {} entries {:?}", e.len(), t.elapsed());
    let t = std::time::Instant::now();
    let g = lexiscan::Gazetteer::new(e).unwrap();
    eprintln!("build {:?} ({} names)", t.elapsed(), g.distinct_names());
    let t = std::time::Instant::now();
    let b = g.to_bytes();
    eprintln!("to_bytes {:?} {}", t.elapsed(), b.len());
    std::mem::forget(g);
}
