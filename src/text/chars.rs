//! Character classes used by the whole-word rule.

use unicode_properties::{GeneralCategoryGroup, UnicodeGeneralCategory};
use unicode_script::{Script, UnicodeScript};

/// A word character: general category L* (letters), M* (marks) or Nd (decimal digits).
/// This differs from `char::is_alphanumeric`, which also admits "²" and other numbers.
pub fn is_word_char(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_alphanumeric();
    }
    match c.general_category_group() {
        GeneralCategoryGroup::Letter | GeneralCategoryGroup::Mark => true,
        GeneralCategoryGroup::Number => {
            c.general_category() == unicode_properties::GeneralCategory::DecimalNumber
        }
        _ => false,
    }
}

/// Whether `c` belongs to a script written without spaces between words, where a name
/// may sit inside running text: Han, Hiragana, Katakana, Thai, Lao, Khmer, Myanmar.
pub fn writes_without_spaces(c: char) -> bool {
    if c.is_ascii() {
        return false;
    }
    matches!(
        c.script(),
        Script::Han
            | Script::Hiragana
            | Script::Katakana
            | Script::Thai
            | Script::Lao
            | Script::Khmer
            | Script::Myanmar
    )
}

/// Whether a match edge between `inside` (the match's edge character) and `outside`
/// (its neighbour) would cut a word.
pub fn needs_word_boundary(inside: char, outside: char) -> bool {
    is_word_char(inside)
        && is_word_char(outside)
        && !writes_without_spaces(inside)
        && !writes_without_spaces(outside)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn word_characters() {
        for c in ['a', 'Z', '7', 'é', '\u{301}', 'ß', 'Ж', '中', '٣'] {
            assert!(is_word_char(c), "{c:?}");
        }
        for c in ['_', '²', ' ', '-', '\'', '$', '½', '😀'] {
            assert!(!is_word_char(c), "{c:?}");
        }
    }

    #[test]
    fn scripts_without_spaces() {
        assert!(writes_without_spaces('北'));
        assert!(writes_without_spaces('カ'));
        assert!(writes_without_spaces('ก'));
        assert!(!writes_without_spaces('한'));
        assert!(!needs_word_boundary('京', 'a'));
        assert!(needs_word_boundary('한', '국'));
    }
}
