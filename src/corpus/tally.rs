//! Counting what a run saw, cheaply enough to do for every mention: entities by entry
//! index and quantities by dimension, per block; names are resolved once, at the end.

use std::collections::HashMap;

use rustc_hash::FxHashMap;

use super::Summary;
use crate::quantity::Quantity;
use crate::{EntryId, Gazetteer};

/// The counts of a block of documents, or of a whole run.
#[derive(Debug, Default)]
pub(crate) struct Tally {
    pub documents: usize,
    /// The documents' text, in bytes.
    pub bytes: usize,
    /// The input as read (lines of JSON, whole files), after decompression.
    pub input: usize,
    pub entities: usize,
    pub quantities: usize,
    per_entry: FxHashMap<EntryId, usize>,
    /// By dimension, or by kind for a quantity without one.
    per_dimension: FxHashMap<String, usize>,
}

impl Tally {
    /// One document: its length and the best entry of each entity mention.
    pub(crate) fn document(
        &mut self,
        bytes: usize,
        entries: impl ExactSizeIterator<Item = EntryId>,
        quantities: &[Quantity],
    ) {
        self.documents += 1;
        self.bytes += bytes;
        self.entities += entries.len();
        for id in entries {
            *self.per_entry.entry(id).or_default() += 1;
        }
        self.quantities += quantities.len();
        for q in quantities {
            let key = q.dimension.as_deref().unwrap_or(q.kind.as_str());
            match self.per_dimension.get_mut(key) {
                Some(n) => *n += 1,
                None => {
                    self.per_dimension.insert(key.to_string(), 1);
                }
            }
        }
    }

    pub(crate) fn add(&mut self, other: Tally) {
        self.documents += other.documents;
        self.bytes += other.bytes;
        self.input += other.input;
        self.entities += other.entities;
        self.quantities += other.quantities;
        for (id, n) in other.per_entry {
            *self.per_entry.entry(id).or_default() += n;
        }
        for (key, n) in other.per_dimension {
            *self.per_dimension.entry(key).or_default() += n;
        }
    }

    /// The per-name counts of the summary, with the entries' labels and canonical names.
    pub(crate) fn resolve(&self, gazetteer: Option<&Gazetteer>, summary: &mut Summary) {
        let mut per_label: HashMap<String, usize> = HashMap::new();
        let mut per_entity: HashMap<(String, String), usize> = HashMap::new();
        if let Some(g) = gazetteer {
            for (&id, &n) in &self.per_entry {
                let e = g.entry(id);
                *per_label.entry(e.label.clone()).or_default() += n;
                *per_entity
                    .entry((e.label.clone(), e.canonical().to_string()))
                    .or_default() += n;
            }
        }
        summary.per_label = per_label;
        summary.per_entity = per_entity;
        summary.per_dimension = self
            .per_dimension
            .iter()
            .map(|(k, n)| (k.clone(), *n))
            .collect();
    }
}
