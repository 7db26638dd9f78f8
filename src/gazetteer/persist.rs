//! Saving a gazetteer to a file and loading it back.
//!
//! The file holds the specification (options and entries) and, for a gazetteer that
//! searches whole words, the index built from it (`index.rs`): loading then skips
//! folding, sorting and building the names. An index of another layout (an older build
//! of lexiscan) is ignored and the gazetteer rebuilt; so is the automaton of
//! `whole_words = false`, which the aho-corasick crate cannot serialise. Layout, all
//! integers little-endian:
//!
//! ```text
//! magic    12 bytes  "LEXISCAN-GAZ"
//! version   u32      FORMAT_VERSION (version 1 files, without an index, still load)
//! length    u64      length of the payload in bytes
//! crc32     u32      CRC-32 of the payload
//! payload            gzip(postcard(Stored) ++ index)
//! ```

use std::io::{Read, Write};
use std::path::Path;

use flate2::read::GzDecoder;
use flate2::write::GzEncoder;
use serde::{Deserialize, Serialize};

use super::{Entry, Gazetteer, GazetteerBuilder, Meta, Options};
use crate::error::{Error, ErrorKind, Result};

mod index;

const MAGIC: &[u8; 12] = b"LEXISCAN-GAZ";
/// Bump when the stored layout changes; other versions are refused with a clear error.
/// 1: the specification; 2: the specification, then the index.
pub const FORMAT_VERSION: u32 = 2;
const OLDEST_VERSION: u32 = 1;
const HEADER_LEN: usize = 12 + 4 + 8 + 4;

#[derive(Serialize, Deserialize)]
struct Stored {
    options: Options,
    entries: Vec<StoredEntry>,
}

/// postcard cannot store arbitrary JSON values, so metadata travels as JSON text.
#[derive(Serialize, Deserialize)]
struct StoredEntry {
    id: String,
    label: String,
    names: Vec<String>,
    case_sensitive_names: Vec<String>,
    meta_json: String,
    priority: i32,
}

impl Gazetteer {
    /// The specification (options and entries) serialised: what makes two gazetteers
    /// equal (the index is built from it).
    pub(crate) fn specification(&self) -> Vec<u8> {
        let stored = Stored {
            options: self.options,
            entries: self
                .entries
                .iter()
                .map(|e| StoredEntry {
                    id: e.id.clone(),
                    label: e.label.clone(),
                    names: e.names.clone(),
                    case_sensitive_names: e.case_sensitive_names.clone(),
                    meta_json: if e.meta.is_empty() {
                        String::new()
                    } else {
                        serde_json::to_string(&e.meta).expect("a JSON map serialises")
                    },
                    priority: e.priority,
                })
                .collect(),
        };
        postcard::to_stdvec(&stored).expect("in-memory serialisation cannot fail")
    }

    /// The gazetteer as bytes: its specification and index (see the module docs).
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut raw = self.specification();
        index::write(self, &mut raw);
        let mut gz = GzEncoder::new(Vec::new(), flate2::Compression::fast());
        gz.write_all(&raw).expect("writing to memory cannot fail");
        let payload = gz.finish().expect("writing to memory cannot fail");
        let mut out = Vec::with_capacity(HEADER_LEN + payload.len());
        out.extend_from_slice(MAGIC);
        out.extend_from_slice(&FORMAT_VERSION.to_le_bytes());
        out.extend_from_slice(&(payload.len() as u64).to_le_bytes());
        out.extend_from_slice(&crc32fast::hash(&payload).to_le_bytes());
        out.extend_from_slice(&payload);
        out
    }

    /// Loads a gazetteer from [`Gazetteer::to_bytes`] output: from its index when it has
    /// one this build reads, else built from its entries. A foreign, truncated, corrupt
    /// or newer-version input is an [`ErrorKind::InvalidFile`] error.
    pub fn from_bytes(bytes: &[u8]) -> Result<Gazetteer> {
        Self::from_bytes_named(bytes, "<bytes>")
    }

    /// Writes the gazetteer to `path`, through a temporary file renamed at the end, so a
    /// failed save never leaves a partial file under the final name.
    pub fn save(&self, path: impl AsRef<Path>) -> Result<()> {
        let path = path.as_ref();
        let dir = match path.parent() {
            Some(d) if !d.as_os_str().is_empty() => d,
            _ => Path::new("."),
        };
        let file_name = path
            .file_name()
            .map(|n| n.to_string_lossy())
            .unwrap_or_default();
        // Unique per process and call, so concurrent saves never share a temporary file.
        static SAVES: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
        let n = SAVES.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let tmp = dir.join(format!(".{file_name}.tmp-{}-{n}", std::process::id()));
        let result = std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&tmp)
            .and_then(|mut f| {
                f.write_all(&self.to_bytes())?;
                f.sync_all()
            })
            .and_then(|()| std::fs::rename(&tmp, path));
        result.map_err(|e| {
            let _ = std::fs::remove_file(&tmp);
            Error::io(path, e)
        })
    }

    /// Loads a gazetteer saved with [`Gazetteer::save`].
    pub fn load(path: impl AsRef<Path>) -> Result<Gazetteer> {
        let path = path.as_ref();
        let bytes = std::fs::read(path).map_err(|e| Error::io(path, e))?;
        Self::from_bytes_named(&bytes, &path.display().to_string())
    }

    /// Whether `bytes` start like a saved gazetteer (to tell it from an entries file).
    pub fn is_saved_gazetteer(bytes: &[u8]) -> bool {
        bytes.starts_with(MAGIC)
    }

    fn from_bytes_named(bytes: &[u8], name: &str) -> Result<Gazetteer> {
        let decoded = decode(bytes, name)?;
        let rest = &decoded.raw[decoded.index_at..];
        if decoded.version >= 2 && index::readable(rest) {
            return index::read(rest, decoded.options, decoded.entries).map_err(|what| {
                Error::new(
                    ErrorKind::InvalidFile,
                    format!("{name}: corrupt index: {what}"),
                )
            });
        }
        GazetteerBuilder::new()
            .options(decoded.options)
            .build(decoded.entries)
    }

    /// The entries of a saved gazetteer, read without building it: to merge several
    /// files into one gazetteer, which then is built once. Errors as [`Gazetteer::load`].
    pub fn load_saved_entries(path: impl AsRef<Path>) -> Result<Vec<Entry>> {
        let path = path.as_ref();
        let bytes = std::fs::read(path).map_err(|e| Error::io(path, e))?;
        Ok(decode(&bytes, &path.display().to_string())?.entries)
    }
}

/// A saved gazetteer's specification, and its uncompressed payload with where the index
/// starts in it.
struct Decoded {
    version: u32,
    options: Options,
    entries: Vec<Entry>,
    raw: Vec<u8>,
    index_at: usize,
}

/// Reads [`Gazetteer::to_bytes`] output up to its index; `name` names the input in
/// errors.
fn decode(bytes: &[u8], name: &str) -> Result<Decoded> {
    let invalid = |what: String| Error::new(ErrorKind::InvalidFile, format!("{name}: {what}"));
    if bytes.len() < MAGIC.len() || &bytes[..MAGIC.len()] != MAGIC {
        return Err(invalid(
            "not a saved lexiscan gazetteer (wrong magic bytes)".into(),
        ));
    }
    if bytes.len() < HEADER_LEN {
        return Err(invalid("truncated header".into()));
    }
    let version = u32::from_le_bytes(bytes[12..16].try_into().expect("4 bytes"));
    if !(OLDEST_VERSION..=FORMAT_VERSION).contains(&version) {
        return Err(invalid(format!(
            "format version {version}, but this build of lexiscan reads versions {OLDEST_VERSION} to {FORMAT_VERSION}; rebuild the file from its sources"
        )));
    }
    let length = u64::from_le_bytes(bytes[16..24].try_into().expect("8 bytes"));
    let crc = u32::from_le_bytes(bytes[24..28].try_into().expect("4 bytes"));
    let payload = &bytes[HEADER_LEN..];
    if payload.len() as u64 != length {
        return Err(invalid(format!(
            "truncated or padded: header says {length} payload bytes, file has {}",
            payload.len()
        )));
    }
    if crc32fast::hash(payload) != crc {
        return Err(invalid("checksum mismatch: the file is corrupt".into()));
    }
    let mut raw = Vec::new();
    GzDecoder::new(payload)
        .read_to_end(&mut raw)
        .map_err(|e| invalid(format!("corrupt payload: {e}")))?;
    let (stored, rest): (Stored, &[u8]) =
        postcard::take_from_bytes(&raw).map_err(|e| invalid(format!("corrupt payload: {e}")))?;
    let index_at = raw.len() - rest.len();
    let entries = stored
        .entries
        .into_iter()
        .map(|e| {
            let meta: Meta = if e.meta_json.is_empty() {
                Meta::new()
            } else {
                serde_json::from_str(&e.meta_json).map_err(|err| {
                    invalid(format!("corrupt metadata of entry {:?}: {err}", e.id))
                })?
            };
            Ok(Entry {
                id: e.id,
                label: e.label,
                names: e.names,
                case_sensitive_names: e.case_sensitive_names,
                meta,
                priority: e.priority,
            })
        })
        .collect::<Result<Vec<_>>>()?;
    Ok(Decoded {
        version,
        options: stored.options,
        entries,
        raw,
        index_at,
    })
}
