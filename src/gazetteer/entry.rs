//! Gazetteer entries: what a name refers to.

use serde::{Deserialize, Serialize};

/// Free-form metadata of an entry: string keys, JSON values.
pub type Meta = serde_json::Map<String, serde_json::Value>;

/// One thing that can be mentioned in text: a country, a city, a person, a currency…
///
/// `names[0]` is the canonical name. `case_sensitive_names` are further names that match
/// only with their exact case even in a case-insensitive gazetteer ("US" must not match
/// "us"); every other rule applies to them as usual. One name may belong to several entries ("Georgia"
/// the country and the US state); a match then carries all of them, ordered by
/// `priority` (higher first) and then by the order the entries were added.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Entry {
    pub id: String,
    pub label: String,
    pub names: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub case_sensitive_names: Vec<String>,
    #[serde(default, skip_serializing_if = "Meta::is_empty")]
    pub meta: Meta,
    #[serde(default, skip_serializing_if = "is_zero")]
    pub priority: i32,
}

fn is_zero(p: &i32) -> bool {
    *p == 0
}

impl Entry {
    /// An entry with no metadata and priority 0.
    pub fn new<S: Into<String>>(
        id: impl Into<String>,
        label: impl Into<String>,
        names: impl IntoIterator<Item = S>,
    ) -> Entry {
        Entry {
            id: id.into(),
            label: label.into(),
            names: names.into_iter().map(Into::into).collect(),
            case_sensitive_names: Vec::new(),
            meta: Meta::new(),
            priority: 0,
        }
    }

    /// The canonical name (the first name).
    pub fn canonical(&self) -> &str {
        self.names.first().map_or("", String::as_str)
    }

    pub fn with_meta(
        mut self,
        key: impl Into<String>,
        value: impl Into<serde_json::Value>,
    ) -> Entry {
        self.meta.insert(key.into(), value.into());
        self
    }

    /// Adds names that match only with this exact case.
    pub fn with_case_sensitive_names<S: Into<String>>(
        mut self,
        names: impl IntoIterator<Item = S>,
    ) -> Entry {
        self.case_sensitive_names
            .extend(names.into_iter().map(Into::into));
        self
    }

    pub fn with_priority(mut self, priority: i32) -> Entry {
        self.priority = priority;
        self
    }
}
