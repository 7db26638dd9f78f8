//! Reading the fields a run needs (text, id, kept fields) out of one JSONL record.
//!
//! Only those fields become `serde_json::Value`s. Every other field is still parsed the
//! way `Value` parses it (numbers, escapes, nesting depth), just without allocating, so
//! a record is accepted or rejected exactly as a full parse would, with the same message.

mod flat;

use std::fmt;

use serde::de::{DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_json::Value;

/// The dotted paths to read ("meta.body"), as a tree of keys; the value at the i-th
/// path goes to slot i.
#[derive(Clone, Debug)]
pub(crate) struct Paths {
    root: Node,
    slots: usize,
}

#[derive(Clone, Debug, Default)]
struct Node {
    /// The slots wanting the value at this path (a path may be asked for twice).
    slots: Vec<usize>,
    children: Vec<(String, Node)>,
}

impl Paths {
    pub(crate) fn new<'a>(paths: impl IntoIterator<Item = &'a str>) -> Paths {
        let mut root = Node::default();
        let mut slots = 0;
        for path in paths {
            let mut node = &mut root;
            for key in path.split('.') {
                let at = match node.children.iter().position(|(k, _)| k == key) {
                    Some(at) => at,
                    None => {
                        node.children.push((key.to_string(), Node::default()));
                        node.children.len() - 1
                    }
                };
                node = &mut node.children[at].1;
            }
            node.slots.push(slots);
            slots += 1;
        }
        Paths { root, slots }
    }

    /// The value at every path (`None` where there is none), or serde_json's error.
    pub(crate) fn read(&self, line: &str) -> Result<Vec<Option<Value>>, serde_json::Error> {
        if let Some(values) = flat::read(line, &self.root, self.slots) {
            return Ok(values);
        }
        let mut values = vec![None; self.slots];
        let mut de = serde_json::Deserializer::from_str(line);
        Fields {
            node: &self.root,
            values: &mut values,
        }
        .deserialize(&mut de)?;
        de.end()?;
        Ok(values)
    }
}

impl Node {
    /// [`Node::fill`] with a value of its own: the last slot takes it without a copy
    /// (the text of a record is usually its largest field).
    fn fill_owned(&self, value: Value, values: &mut [Option<Value>]) {
        match self.slots.split_last() {
            Some((&last, rest)) if self.children.is_empty() => {
                for &slot in rest {
                    values[slot] = Some(value.clone());
                }
                values[last] = Some(value);
            }
            _ => self.fill(Some(&value), values),
        }
    }

    /// Sets the slots below this node from `value`, the value at this node's path: a
    /// key seen twice replaces everything below it, as in `Value`.
    fn fill(&self, value: Option<&Value>, values: &mut [Option<Value>]) {
        for &slot in &self.slots {
            values[slot] = value.cloned();
        }
        for (key, child) in &self.children {
            child.fill(value.and_then(|v| v.get(key)), values);
        }
    }
}

/// An object whose wanted fields are captured; any other value is checked and dropped.
struct Fields<'n, 'v> {
    node: &'n Node,
    values: &'v mut [Option<Value>],
}

impl<'de> DeserializeSeed<'de> for Fields<'_, '_> {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, de: D) -> Result<(), D::Error> {
        de.deserialize_any(self)
    }
}

/// Everything but an object is accepted and ignored, like `Value::get` on it.
macro_rules! ignore_scalars {
    () => {
        fn visit_bool<E>(self, _: bool) -> Result<Self::Value, E> {
            Ok(Default::default())
        }
        fn visit_i64<E>(self, _: i64) -> Result<Self::Value, E> {
            Ok(Default::default())
        }
        fn visit_u64<E>(self, _: u64) -> Result<Self::Value, E> {
            Ok(Default::default())
        }
        fn visit_f64<E>(self, _: f64) -> Result<Self::Value, E> {
            Ok(Default::default())
        }
        fn visit_str<E>(self, _: &str) -> Result<Self::Value, E> {
            Ok(Default::default())
        }
        fn visit_unit<E>(self) -> Result<Self::Value, E> {
            Ok(Default::default())
        }
        fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
            while seq.next_element_seed(Skip)?.is_some() {}
            Ok(Default::default())
        }
    };
}

impl<'de> Visitor<'de> for Fields<'_, '_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("any JSON value")
    }

    ignore_scalars!();

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        while let Some(key) = map.next_key_seed(Key(self.node))? {
            let Some(at) = key else {
                map.next_value_seed(Skip)?;
                continue;
            };
            let child = &self.node.children[at].1;
            if child.slots.is_empty() {
                child.fill(None, self.values);
                map.next_value_seed(Fields {
                    node: child,
                    values: self.values,
                })?;
            } else {
                let value: Value = map.next_value()?;
                child.fill_owned(value, self.values);
            }
        }
        Ok(())
    }
}

/// A key, as the index of the child it names (if any), read without allocating.
struct Key<'n>(&'n Node);

impl<'de> DeserializeSeed<'de> for Key<'_> {
    type Value = Option<usize>;

    fn deserialize<D: Deserializer<'de>>(self, de: D) -> Result<Option<usize>, D::Error> {
        de.deserialize_str(self)
    }
}

impl<'de> Visitor<'de> for Key<'_> {
    type Value = Option<usize>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a key")
    }

    fn visit_str<E>(self, key: &str) -> Result<Option<usize>, E> {
        Ok(self.0.children.iter().position(|(k, _)| k == key))
    }
}

/// Any value, parsed as `Value` would parse it, kept nowhere.
struct Skip;

impl<'de> DeserializeSeed<'de> for Skip {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, de: D) -> Result<(), D::Error> {
        de.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Skip {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("any JSON value")
    }

    ignore_scalars!();

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        while map.next_key_seed(Skip)?.is_some() {
            map.next_value_seed(Skip)?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// The reference: a whole `Value`, then a lookup per path.
    fn full(line: &str, paths: &[&str]) -> Result<Vec<Option<Value>>, String> {
        let value: Value = serde_json::from_str(line).map_err(|e| e.to_string())?;
        Ok(paths
            .iter()
            .map(|p| p.split('.').try_fold(&value, |v, k| v.get(k)).cloned())
            .collect())
    }

    #[test]
    fn same_values_and_errors_as_a_full_parse() {
        let paths = ["text", "id", "meta.body", "meta", "meta.body", "a.b.c", ""];
        let lines = [
            r#"{"id": 1, "text": "Paris\n", "other": [1, {"x": null}], "meta": {"body": "b"}}"#,
            r#"{"text": "a", "text": "b", "meta": {"body": 1}, "meta": 5}"#,
            r#"{"meta": 5, "meta": {"x": 1}, "a": {"b": {"c": [true]}}, "": 0}"#,
            r#"{"a": {"b": 1}, "a": {"b": {"c": 2}}, "z": "\u00e9\ud83d\ude00"}"#,
            r#"[1, 2]"#,
            r#""text""#,
            r#"{"text": "x"} trailing"#,
            r#"{"text": "x", "skip": 1e400}"#,
            r#"{"text": "x", "skip": "\ud800"}"#,
            r#"{"text": "x", "skip": "\q"}"#,
            r#"{"text": "x", "skip": [1, 2,]}"#,
            r#"{"te\u0078t": "escaped key", "id": -0.0, "n": 18446744073709551616}"#,
            r#"{"text": "x" "id": 2}"#,
            "{\"text\": \"control \u{1} char\"}",
            "{not json",
            "",
        ];
        let deep = format!(
            "{{\"text\": \"x\", \"deep\": {}{}}}",
            "[".repeat(200),
            "]".repeat(200)
        );
        let paths_tree = Paths::new(paths);
        for line in lines.iter().copied().chain([deep.as_str()]) {
            let ours = paths_tree.read(line).map_err(|e| e.to_string());
            assert_eq!(ours, full(line, &paths), "{line}");
        }
    }

    #[test]
    fn the_flat_reading_takes_a_news_record() {
        let paths = Paths::new(["text", "id", "title"]);
        let line = r#" {"id": "r-1", "n": -12.5, "ok": true, "x": null, "title": "A \"B\"", "text": "caf\u00e9\n\tS\/P \\ 1\r\b\f", "z": 0, "topics": ["cocoa", "tea"], "people": [], "m": {"a": [1, {"b": "c"}], "e": {}}}"#;
        let values = flat::read(line, &paths.root, paths.slots).expect("read");
        assert_eq!(Ok(values), full(line, &["text", "id", "title"]));
        assert!(flat::read("{}", &paths.root, paths.slots).is_some());
    }

    /// A JSON-ish value: mostly what the flat reading takes, some of what it leaves to
    /// serde_json, and some that is not JSON at all.
    fn value() -> impl Strategy<Value = String> {
        let string = proptest::collection::vec(
            prop_oneof![
                Just("plain words ".to_string()),
                Just("é😀".to_string()),
                Just("\\n".to_string()),
                Just("\\u00e9\\u0041\\u0000".to_string()),
                Just("\\ud83d\\ude00".to_string()),
                Just("\\ud800".to_string()),
                Just("\\q".to_string()),
                Just("\\\"".to_string()),
                Just("\u{1}".to_string()),
                Just("\u{7f}".to_string()),
                "[a-z\\\\\"/ ]{0,3}",
            ],
            0..6,
        )
        .prop_map(|parts| format!("\"{}\"", parts.concat()));
        prop_oneof![
            4 => string,
            2 => "-?[0-9]{1,20}(\\.[0-9]{0,3})?([eE][-+]?[0-9]{1,3})?",
            1 => prop_oneof![Just("true"), Just("false"), Just("null"), Just("nul"), Just("[1, {}]"), Just("[\"a\", [], {\"k\": [null]}]"), Just("[1,]"), Just("{\"a\" 1}"), Just("{\"body\": \"b\"}")]
                .prop_map(str::to_string),
        ]
    }

    fn record() -> impl Strategy<Value = String> {
        let key = prop_oneof![
            Just("text"),
            Just("id"),
            Just("meta"),
            Just("other"),
            Just("te\\u0078t"),
            Just("")
        ];
        let white = prop_oneof![Just(""), Just(" "), Just("\n\t"), Just("\r ")];
        let pair = (key, white.clone(), value()).prop_map(|(k, w, v)| format!("\"{k}\"{w}:{w}{v}"));
        (
            proptest::collection::vec(pair, 0..5),
            white,
            prop_oneof![Just(","), Just(", "), Just(" ,")],
            prop_oneof![8 => Just(""), 1 => Just("x"), 1 => Just(",")],
        )
            .prop_map(|(pairs, w, comma, junk)| {
                format!("{w}{{{w}{}{w}}}{junk}{w}", pairs.join(comma))
            })
    }

    proptest::proptest! {
        /// Whenever the flat reading answers, it answers as serde_json does.
        #[test]
        fn the_flat_reading_agrees_with_serde_json(line in record()) {
            for paths in [&["text", "id"][..], &["text", "id", "meta.body"], &["text", "text", "other"]] {
                let tree = Paths::new(paths.iter().copied());
                if let Some(values) = flat::read(&line, &tree.root, tree.slots) {
                    proptest::prop_assert_eq!(Ok(values), full(&line, paths), "{}", line);
                }
                let ours = tree.read(&line).map_err(|e| e.to_string());
                proptest::prop_assert_eq!(ours, full(&line, paths), "{}", line);
            }
        }
    }
}
