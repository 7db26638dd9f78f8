//! Serialising one document's mentions: a JSONL line, or TSV/CSV rows.

use serde_json::Value;

use super::write::{table_writer, OutputFormat};
use crate::quantity::Quantity;
use crate::text::swar;
use crate::{Entry, Match};

/// A document's mentions with their code-point offsets, ready to write.
pub(crate) struct Mentions<'a> {
    pub text: &'a str,
    /// An entity match with its best entry.
    pub entities: &'a [(Match, &'a Entry)],
    pub quantities: &'a [Quantity],
    /// (start, end) in code points: the entities', then the quantities'.
    pub offsets: &'a [usize],
}

/// Where a block's output goes: one buffer for the whole block, not one per document.
pub(crate) enum Sink {
    Jsonl(Vec<u8>),
    // Boxed: the CSV writer carries its buffer state inline.
    Table(Box<csv::Writer<Vec<u8>>>),
}

impl Sink {
    pub(crate) fn new(format: OutputFormat, capacity: usize) -> Sink {
        match format {
            OutputFormat::Jsonl => Sink::Jsonl(Vec::with_capacity(capacity)),
            format => Sink::Table(Box::new(table_writer(format))),
        }
    }

    pub(crate) fn into_bytes(self) -> Vec<u8> {
        match self {
            Sink::Jsonl(out) => out,
            Sink::Table(w) => w.into_inner().unwrap_or_default(),
        }
    }

    pub(crate) fn write(&mut self, id: &Value, keep: &[(String, Value)], m: &Mentions) {
        match self {
            Sink::Jsonl(out) => jsonl(out, id, keep, m),
            Sink::Table(w) => table(w, id, m),
        }
    }
}

/// One JSON line, written field by field (no intermediate JSON tree): the hot path.
fn jsonl(out: &mut Vec<u8>, id: &Value, keep: &[(String, Value)], m: &Mentions) {
    let (eoff, qoff) = m.offsets.split_at(m.entities.len() * 2);
    out.extend_from_slice(b"{\"id\":");
    json(out, id);
    for (k, v) in keep {
        out.push(b',');
        string(out, k);
        out.push(b':');
        json(out, v);
    }
    out.extend_from_slice(b",\"entities\":[");
    for (k, ((found, entry), cp)) in m.entities.iter().zip(eoff.chunks(2)).enumerate() {
        span_fields(out, k, cp, &m.text[found.range()]);
        out.extend_from_slice(b",\"label\":");
        string(out, &entry.label);
        out.extend_from_slice(b",\"id\":");
        string(out, &entry.id);
        out.extend_from_slice(b",\"canonical\":");
        string(out, entry.canonical());
        out.push(b'}');
    }
    out.extend_from_slice(b"],\"quantities\":[");
    for (k, (q, cp)) in m.quantities.iter().zip(qoff.chunks(2)).enumerate() {
        span_fields(out, k, cp, &q.text);
        out.extend_from_slice(b",\"kind\":");
        string(out, q.kind.as_str());
        out.extend_from_slice(b",\"value\":");
        json(out, &q.value);
        out.extend_from_slice(b",\"upper\":");
        json(out, &q.upper);
        out.extend_from_slice(b",\"unit\":");
        optional(out, q.unit.as_deref());
        out.extend_from_slice(b",\"dimension\":");
        optional(out, q.dimension.as_deref());
        out.extend_from_slice(b",\"si_value\":");
        json(out, &q.si_value);
        out.extend_from_slice(b",\"si_upper\":");
        json(out, &q.si_upper);
        out.extend_from_slice(b",\"si_unit\":");
        optional(out, q.si_unit.as_deref());
        out.extend_from_slice(b",\"qualifier\":");
        optional(out, q.qualifier.map(|x| x.as_str()));
        out.extend_from_slice(b",\"counted\":");
        optional(out, q.counted.as_deref());
        out.push(b'}');
    }
    out.extend_from_slice(b"]}\n");
}

/// Opens the `k`-th mention object of a list with its first fields: the code-point
/// span `cp` (start, end) and the mention's text.
fn span_fields(out: &mut Vec<u8>, k: usize, cp: &[usize], text: &str) {
    if k > 0 {
        out.push(b',');
    }
    out.extend_from_slice(b"{\"start\":");
    int(out, cp[0]);
    out.extend_from_slice(b",\"end\":");
    int(out, cp[1]);
    out.extend_from_slice(b",\"text\":");
    string(out, text);
}

/// Floats and ids as serde_json writes them (floats must round-trip exactly).
fn json(out: &mut Vec<u8>, value: &impl serde::Serialize) {
    let _ = serde_json::to_writer(out, value);
}

fn int(out: &mut Vec<u8>, n: usize) {
    out.extend_from_slice(itoa::Buffer::new().format(n).as_bytes());
}

fn optional(out: &mut Vec<u8>, s: Option<&str>) {
    match s {
        Some(s) => string(out, s),
        None => out.extend_from_slice(b"null"),
    }
}

/// A JSON string, escaped exactly as serde_json escapes it, copying the runs between
/// escapes in one go (most strings have none).
pub(crate) fn string(out: &mut Vec<u8>, s: &str) {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let bytes = s.as_bytes();
    out.reserve(bytes.len() + 2);
    out.push(b'"');
    // Names, units and most mentions need no escape: one check, one copy.
    if !needs_escape(bytes) {
        out.extend_from_slice(bytes);
        out.push(b'"');
        return;
    }
    let mut start = 0;
    for (i, &b) in bytes.iter().enumerate() {
        let escape = match b {
            b'"' => b'"',
            b'\\' => b'\\',
            0x08 => b'b',
            0x0c => b'f',
            b'\n' => b'n',
            b'\r' => b'r',
            b'\t' => b't',
            0..=0x1f => b'u',
            _ => continue,
        };
        out.extend_from_slice(&bytes[start..i]);
        if escape == b'u' {
            let hex = [HEX[usize::from(b >> 4)], HEX[usize::from(b & 0xf)]];
            out.extend_from_slice(&[b'\\', b'u', b'0', b'0', hex[0], hex[1]]);
        } else {
            out.extend_from_slice(&[b'\\', escape]);
        }
        start = i + 1;
    }
    out.extend_from_slice(&bytes[start..]);
    out.push(b'"');
}

/// Whether any byte needs an escape in JSON (a control character, '"' or '\\'), eight
/// bytes at a time: the strings are short (names, units, mentions), so a byte loop's
/// compares and branches were most of their cost, and so was the loop over the last
/// few bytes of a string; they are read in overlapping loads instead.
fn needs_escape(bytes: &[u8]) -> bool {
    let n = bytes.len();
    let escaped = |word: u64| swar::json_escaped(word) != 0;
    let four = |at: usize| {
        u64::from(u32::from_le_bytes(
            bytes[at..at + 4].try_into().expect("four bytes"),
        ))
    };
    if n >= 8 {
        // The whole words, then the last eight bytes (overlapping the last word).
        let last = u64::from_le_bytes(bytes[n - 8..].try_into().expect("eight bytes"));
        bytes
            .chunks_exact(8)
            .any(|w| escaped(u64::from_le_bytes(w.try_into().expect("eight bytes"))))
            || escaped(last)
    } else if n >= 4 {
        // The first four and the last four (overlapping): all of them.
        escaped(four(0) | four(n - 4) << 32)
    } else if n > 0 {
        // The first, middle and last byte (all of them, some twice), then spaces.
        let three =
            u64::from(bytes[0]) | u64::from(bytes[n / 2]) << 8 | u64::from(bytes[n - 1]) << 16;
        escaped(three | 0x2020_2020_2000_0000)
    } else {
        false
    }
}

/// One row per mention.
fn table(w: &mut csv::Writer<Vec<u8>>, id: &Value, m: &Mentions) {
    let (eoff, qoff) = m.offsets.split_at(m.entities.len() * 2);
    let id = match id {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    };
    let num = |x: Option<f64>| x.map(|v| v.to_string()).unwrap_or_default();
    for ((found, e), cp) in m.entities.iter().zip(eoff.chunks(2)) {
        let _ = w.write_record([
            id.as_str(),
            "entity",
            &cp[0].to_string(),
            &cp[1].to_string(),
            &m.text[found.range()],
            &e.label,
            &e.id,
            "",
            "",
            "",
            "",
            "",
            "",
            "",
            "",
            "",
        ]);
    }
    for (q, cp) in m.quantities.iter().zip(qoff.chunks(2)) {
        let _ = w.write_record([
            id.as_str(),
            "quantity",
            &cp[0].to_string(),
            &cp[1].to_string(),
            &q.text,
            "",
            "",
            q.kind.as_str(),
            &q.value.to_string(),
            &num(q.upper),
            q.unit.as_deref().unwrap_or(""),
            q.dimension.as_deref().unwrap_or(""),
            &num(q.si_value),
            q.si_unit.as_deref().unwrap_or(""),
            q.qualifier.map(|x| x.as_str()).unwrap_or(""),
            q.counted.as_deref().unwrap_or(""),
        ]);
    }
}

#[cfg(test)]
mod tests {
    proptest::proptest! {
        #[test]
        fn escapes_are_found_as_a_byte_loop_finds_them(
            bytes in proptest::collection::vec(
                proptest::prop_oneof![proptest::num::u8::ANY, proptest::sample::select(vec![0u8, 0x1f, 0x20, b'"', b'\\', 0x7f, 0x80, 0xa2, 0xdc])],
                0..40,
            )
        ) {
            let slow = bytes.iter().any(|&b| b < 0x20 || b == b'"' || b == b'\\');
            proptest::prop_assert_eq!(super::needs_escape(&bytes), slow);
        }
    }

    #[test]
    fn strings_are_escaped_as_serde_json_escapes_them() {
        let mut all: String = (0u8..0x80).map(char::from).collect();
        all.push_str("é中😀\u{7f}\u{2028}");
        for s in [all.as_str(), "", "plain", "\"\\", "a\nb\tc\u{0}"] {
            let mut ours = Vec::new();
            super::string(&mut ours, s);
            assert_eq!(ours, serde_json::to_vec(s).unwrap(), "{s:?}");
        }
    }
}
