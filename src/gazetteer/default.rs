//! The built-in world gazetteer: countries, nationalities, large cities and capitals,
//! regions, continents and currencies. Built by scripts/build_default_gazetteer.py from
//! GeoNames (CC BY 4.0), CLDR (Unicode License v3) and the CIA World Factbook (public
//! domain); see data/ATTRIBUTION.md.

use super::load::{read_entries, Format, LoadOptions};
use super::{Entry, Gazetteer, GazetteerBuilder};

static DEFAULT_GAZETTEER: &[u8] = include_bytes!("../../data/default_gazetteer.jsonl.gz");

impl Gazetteer {
    /// The entries of the built-in world gazetteer.
    pub fn default_entries() -> Vec<Entry> {
        let reader = flate2::read::GzDecoder::new(DEFAULT_GAZETTEER);
        let reader = std::io::BufReader::new(reader);
        read_entries(
            reader,
            Format::Jsonl,
            "<built-in gazetteer>",
            &LoadOptions::default(),
        )
        .expect("the built-in gazetteer is valid (checked by its tests)")
        .entries
    }

    /// The built-in world gazetteer with the default options.
    pub fn default_world() -> Gazetteer {
        GazetteerBuilder::new()
            .build(Self::default_entries())
            .expect("the built-in gazetteer is valid (checked by its tests)")
    }
}
