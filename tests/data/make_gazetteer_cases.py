#!/usr/bin/env python3
"""Writes tests/data/gazetteer_cases.jsonl, the language-neutral table of matcher cases.

Run it from anywhere: python3 tests/data/make_gazetteer_cases.py

Each case is written by hand below; only the offsets are computed, from the expected
mention text and which occurrence of it in the case's text is meant (``nth``, Python list
index: 0 = first, -1 = last). Offsets are Unicode code points (Python ``str`` indices), end
exclusive. The expectation of every case follows the documented matching rules (crate docs
in src/lib.rs, DESIGN.md, issue 2), not whatever the implementation happens to do.

Line format (one JSON object per line):
  {"name", "entries": [{"id", "label", "names", "priority"?}],
   "options": {"case_sensitive"?, "fold_accents"?, "whole_words"?, "overlaps"?},
   "text", "expect": [{"start", "end", "text", "id", "candidates"?}], "note"?}
``id`` is the primary entry's id; ``candidates`` (when present) is every entry of the
match, best first. ``expect`` is the exact, complete list of matches ordered by
(start, end).
"""

import json
import os
import sys
import unicodedata

CASES = []


def E(id, *names, label="THING", priority=None):
    entry = {"id": id, "label": label, "names": list(names)}
    if priority is not None:
        entry["priority"] = priority
    return entry


def M(text, id, nth=0, candidates=None):
    m = {"text": text, "id": id, "nth": nth}
    if candidates is not None:
        m["candidates"] = candidates
    return m


def case(name, entries, text, expect, note=None, **options):
    CASES.append((name, entries, options, text, expect, note))


def occurrences(text, sub):
    found, at = [], text.find(sub)
    while at >= 0:
        found.append(at)
        at = text.find(sub, at + 1)
    return found


def resolve(name, text, expect, options):
    out = []
    for m in expect:
        starts = occurrences(text, m["text"])
        if not starts:
            sys.exit(f"case {name}: {m['text']!r} does not occur in the text")
        start = starts[m["nth"]]
        item = {"start": start, "end": start + len(m["text"]), "text": m["text"], "id": m["id"]}
        if "candidates" in m:
            item["candidates"] = m["candidates"]
        assert text[item["start"]:item["end"]] == item["text"]
        out.append(item)
    if [(m["start"], m["end"]) for m in out] != sorted((m["start"], m["end"]) for m in out):
        sys.exit(f"case {name}: expectations are not ordered by (start, end)")
    if options.get("overlaps", "longest") != "all":
        for a, b in zip(out, out[1:]):
            if b["start"] < a["end"]:
                sys.exit(f"case {name}: overlapping expectations without overlaps=all")
    return out


def escape_invisible(line):
    """JSON-escapes characters that are invisible or confusable when reading the file."""
    out = []
    for ch in line:
        cat = unicodedata.category(ch)
        if ch != " " and (cat[0] in "MZC" or ch in "\u212a\u017f"):
            cp = ord(ch)
            if cp > 0xFFFF:
                cp -= 0x10000
                out.append("\\u%04x\\u%04x" % (0xD800 + (cp >> 10), 0xDC00 + (cp & 0x3FF)))
            else:
                out.append("\\u%04x" % cp)
        else:
            out.append(ch)
    return "".join(out)


# ---------------------------------------------------------------------------------------
# Dotted and dotless i (İ folds to i + U+0307; ı folds to itself)

case("dotted_capital_I_differs_from_I",
     [E("tr-ist", "Istanbul", label="CITY")],
     "İstanbul and Istanbul",
     [M("Istanbul", "tr-ist")])
case("dotted_capital_I_name_matches_dotted_text_only",
     [E("tr-ist", "İstanbul", label="CITY")],
     "Istanbul, İSTANBUL, i\u0307stanbul, istanbul",
     [M("İSTANBUL", "tr-ist"), M("i\u0307stanbul", "tr-ist")])
case("dotted_capital_I_with_fold_accents",
     [E("tr-ist", "Istanbul", label="CITY")],
     "İstanbul, ISTANBUL, I\u0307stanbul",
     [M("İstanbul", "tr-ist"), M("ISTANBUL", "tr-ist"), M("I\u0307stanbul", "tr-ist")],
     fold_accents=True)
case("dotted_name_with_fold_accents_matches_plain",
     [E("tr-ist", "İstanbul", label="CITY")],
     "istanbul",
     [M("istanbul", "tr-ist")],
     fold_accents=True)
case("dotless_i_is_never_i",
     [E("tr-ist", "Istanbul", label="CITY")],
     "ıstanbul ISTANBUL",
     [M("ISTANBUL", "tr-ist")],
     fold_accents=True)
case("dotless_i_in_name",
     [E("tr-diy", "Diyarbakır", label="CITY")],
     "DIYARBAKIR, Diyarbakır, diyarbakır",
     [M("Diyarbakır", "tr-diy"), M("diyarbakır", "tr-diy")])
case("Mali_not_found_in_MALİ",
     [E("ML", "Mali", label="COUNTRY")],
     "MALİ and MALI",
     [M("MALI", "ML")])
case("Mali_not_found_in_MALİ_even_without_whole_words",
     [E("ML", "Mali", label="COUNTRY")],
     "MALİ",
     [],
     whole_words=False)
case("Mali_found_in_MALİ_with_fold_accents",
     [E("ML", "Mali", label="COUNTRY")],
     "MALİ",
     [M("MALİ", "ML")],
     fold_accents=True)

# ---------------------------------------------------------------------------------------
# Sharp s (ß folds to ss; a match never ends inside the "ss" of one ß)

case("STRASSE_variants_find_strasse",
     [E("st", "straße")],
     "STRASSE, Strasse, straße, STRAẞE",
     [M("STRASSE", "st"), M("Strasse", "st"), M("straße", "st"), M("STRAẞE", "st")])
case("sharp_s_text_found_by_ss_name",
     [E("st", "STRASSE")],
     "in der Straße",
     [M("Straße", "st")])
case("Mas_not_found_in_Maß",
     [E("mas", "Mas")],
     "Maß",
     [])
case("Mas_not_found_in_Maß_without_whole_words",
     [E("mas", "Mas")],
     "Maß",
     [],
     whole_words=False)
case("Mass_found_in_Maß",
     [E("mass", "Mass")],
     "ein Maß Bier",
     [M("Maß", "mass")])
case("sharp_s_case_sensitive",
     [E("st", "Straße")],
     "STRASSE Strasse Straße",
     [M("Straße", "st")],
     case_sensitive=True)
case("long_s_folds_to_s",
     [E("FR-75", "Paris", label="CITY")],
     "Pari\u017f",
     [M("Pari\u017f", "FR-75")])

# ---------------------------------------------------------------------------------------
# Greek sigma

case("final_sigma_uppercase_text",
     [E("sis", "Σίσυφος", label="PERSON")],
     "Ο ΣΊΣΥΦΟΣ και ο σίσυφοσ.",
     [M("ΣΊΣΥΦΟΣ", "sis"), M("σίσυφοσ", "sis")])
case("final_sigma_uppercase_name",
     [E("sis", "ΣΊΣΥΦΟΣ", label="PERSON")],
     "ο Σίσυφος",
     [M("Σίσυφος", "sis")])
case("greek_tonos_is_significant",
     [E("sis", "Σίσυφος", label="PERSON")],
     "ΣΙΣΥΦΟΣ",
     [])
case("greek_tonos_with_fold_accents",
     [E("sis", "Σίσυφος", label="PERSON")],
     "ΣΙΣΥΦΟΣ",
     [M("ΣΙΣΥΦΟΣ", "sis")],
     fold_accents=True)

# ---------------------------------------------------------------------------------------
# Kelvin sign (canonically equivalent to K)

case("kelvin_sign_in_text",
     [E("kelvin", "Kelvin")],
     "\u212aelvin and kelvin",
     [M("\u212aelvin", "kelvin"), M("kelvin", "kelvin")])
case("kelvin_sign_as_name",
     [E("K", "\u212a", label="UNIT")],
     "at 5 K or 5 k or 5 \u212a",
     [M("K", "K"), M("k", "K"), M("\u212a", "K")])
case("kelvin_sign_case_sensitive_is_capital_K",
     [E("kelvin", "Kelvin")],
     "\u212aelvin kelvin",
     [M("\u212aelvin", "kelvin")],
     case_sensitive=True)

# ---------------------------------------------------------------------------------------
# Combining accents vs precomposed characters

case("precomposed_name_decomposed_text",
     [E("cafe", "Café")],
     "Cafe\u0301 au lait",
     [M("Cafe\u0301", "cafe")])
case("decomposed_name_precomposed_text",
     [E("cafe", "Cafe\u0301")],
     "un CAFÉ",
     [M("CAFÉ", "cafe")])
case("base_letter_does_not_match_accented",
     [E("cafe", "Cafe")],
     "Cafe\u0301 Café Cafe",
     [M("Cafe", "cafe", nth=-1)])
case("no_match_ends_before_combining_mark_even_without_whole_words",
     [E("cafe", "Cafe")],
     "Cafe\u0301s",
     [],
     whole_words=False)
case("combining_marks_in_any_order",
     [E("VN", "Việt Nam", label="COUNTRY")],
     "Vie\u0302\u0323t Nam; Vie\u0323\u0302t Nam; VIỆT NAM",
     [M("Vie\u0302\u0323t Nam", "VN"), M("Vie\u0323\u0302t Nam", "VN"), M("VIỆT NAM", "VN")])
case("fold_accents_match_includes_the_marks",
     [E("cafe", "Cafe")],
     "Cafe\u0301 café CAFE\u0301\u0301",
     [M("Cafe\u0301", "cafe"), M("café", "cafe"), M("CAFE\u0301\u0301", "cafe")],
     fold_accents=True)
case("fold_accents_many_marks",
     [E("hn", "Ha Noi", label="CITY"), E("mu", "München", label="CITY")],
     "Hà Nội, HA NOI, MUNCHEN, Muenchen",
     [M("Hà Nội", "hn"), M("HA NOI", "hn"), M("MUNCHEN", "mu")],
     fold_accents=True)
case("fold_accents_keeps_letters_without_decomposition",
     [E("dn", "Da Nang", label="CITY")],
     "Đà Nẵng, Dà Nẵng",
     [M("Dà Nẵng", "dn")],
     fold_accents=True)
case("stray_combining_mark_before_word_with_fold_accents",
     [E("FR-75", "Paris", label="CITY")],
     "x \u0301Paris",
     [M("\u0301Paris", "FR-75")],
     note="A combining mark with no base letter belongs to the word after it (M* are word "
          "characters), so 'Paris' alone starts inside that word; with fold_accents the mark "
          "folds away and the whole word '\u0301Paris' equals the name.",
     fold_accents=True)
case("stray_combining_mark_before_word_without_fold_accents",
     [E("FR-75", "Paris", label="CITY")],
     "x \u0301Paris",
     [])

# ---------------------------------------------------------------------------------------
# Ligatures

case("ligature_fi_folds_to_fi",
     [E("FI", "Finland", label="COUNTRY")],
     "ﬁnland and FINLAND",
     [M("ﬁnland", "FI"), M("FINLAND", "FI")])
case("ligature_is_one_character",
     [E("in", "in"), E("f", "f")],
     "ﬁn",
     [],
     whole_words=False)
case("ligature_case_sensitive_not_folded",
     [E("FI", "finland", label="COUNTRY")],
     "ﬁnland finland",
     [M("finland", "FI")],
     case_sensitive=True)

# ---------------------------------------------------------------------------------------
# Characters outside the BMP before a match (offsets)

case("emoji_before_match",
     [E("FR", "France", label="COUNTRY")],
     "🇫🇷👍🏽 France, 😀France",
     [M("France", "FR"), M("France", "FR", nth=1)])
case("emoji_zwj_sequence_before_cjk",
     [E("CN-BJ", "北京", label="CITY")],
     "👨\u200d👩\u200d👧北京",
     [M("北京", "CN-BJ")])
case("astral_han_characters",
     [E("yoshi", "𠮷野家", label="ORG")],
     "在𠮷野家吃饭",
     [M("𠮷野家", "yoshi")])

# ---------------------------------------------------------------------------------------
# Scripts written without spaces, and Hangul (written with spaces)

case("chinese_names_in_running_text",
     [E("CN", "中国", label="COUNTRY"), E("CN-BJ", "北京", label="CITY")],
     "我住在中国北京市。",
     [M("中国", "CN"), M("北京", "CN-BJ")])
case("japanese_names_in_running_text",
     [E("JP-13", "東京", label="CITY"), E("toyota", "トヨタ", label="ORG"), E("sushi", "すし")],
     "私は東京でトヨタの車を買っておすしを食べた",
     [M("東京", "JP-13"), M("トヨタ", "toyota"), M("すし", "sushi")])
case("han_next_to_latin_letters",
     [E("CN-BJ", "北京", label="CITY"), E("FR-75", "Paris", label="CITY")],
     "Beijing北京abc 我爱Paris的咖啡",
     [M("北京", "CN-BJ"), M("Paris", "FR-75")])
case("hangul_needs_word_boundaries",
     [E("KR", "한국", label="COUNTRY")],
     "한국어 한국 대한민국 한국은",
     [M("한국", "KR", nth=1)])
case("thai_name_in_running_text",
     [E("TH-10", "กรุงเทพ", label="CITY")],
     "ฉันอยู่กรุงเทพมหานคร",
     [M("กรุงเทพ", "TH-10")])
case("thai_combining_vowel_is_part_of_its_letter",
     [E("kr", "กร")],
     "กรุงเทพ",
     [])

# ---------------------------------------------------------------------------------------
# Whitespace

case("kim_jong_un_across_a_line_break",
     [E("kju", "Kim Jong Un", label="PERSON")],
     "Kim Jong\nUn met",
     [M("Kim Jong\nUn", "kju")])
case("multiple_spaces_tabs_and_crlf",
     [E("US-NY", "New York", label="CITY")],
     "New   York; New\r\nYork; New\t\tYork; New \n\t York",
     [M("New   York", "US-NY"), M("New\r\nYork", "US-NY"), M("New\t\tYork", "US-NY"),
      M("New \n\t York", "US-NY")])
case("nbsp_and_thin_spaces",
     [E("US-NY", "New York", label="CITY")],
     "New\u00a0York, New\u2009York, New\u202fYork, New \u00a0 York, New\u3000York, "
     "New\u2028York, New\u0085York",
     [M("New\u00a0York", "US-NY"), M("New\u2009York", "US-NY"), M("New\u202fYork", "US-NY"),
      M("New \u00a0 York", "US-NY"), M("New\u3000York", "US-NY"), M("New\u2028York", "US-NY"),
      M("New\u0085York", "US-NY")])
case("whitespace_inside_and_around_the_name",
     [E("US-NY", " New \n\u00a0York\t", label="CITY")],
     "New York",
     [M("New York", "US-NY")])
case("tab_after_match",
     [E("LK", "Sri Lanka", label="COUNTRY")],
     "\tSri\tLanka\t",
     [M("Sri\tLanka", "LK")])
case("zero_width_space_is_not_whitespace",
     [E("US-NY", "New York", label="CITY")],
     "New\u200bYork",
     [])
case("whitespace_in_name_needs_whitespace_in_text",
     [E("US-NY", "New York", label="CITY"), E("kju", "Kim Jong Un", label="PERSON")],
     "NewYork, Kim Jong-Un",
     [])
case("no_whitespace_in_name_means_none_in_text",
     [E("nyx", "NewYork")],
     "New York",
     [])
case("punctuation_and_whitespace_in_name",
     [E("stl", "St. Louis", label="CITY")],
     "St.  Louis and ST.\nLOUIS",
     [M("St.  Louis", "stl"), M("ST.\nLOUIS", "stl")])

# ---------------------------------------------------------------------------------------
# Names with punctuation at their edges

case("US_dots_before_hyphen",
     [E("US", "U.S.", label="COUNTRY")],
     "the U.S.-led coalition, U.S. troops, US troops, u.s. aid",
     [M("U.S.", "US"), M("U.S.", "US", nth=1), M("u.s.", "US")])
case("US_dots_inside_longer_abbreviation",
     [E("US", "U.S.", label="COUNTRY")],
     "U.S.A.",
     [M("U.S.", "US")],
     note="The name ends with '.', which is not a word character: no boundary is needed.")
case("longer_abbreviation_wins",
     [E("US", "U.S.", label="COUNTRY"), E("USA", "U.S.A.", label="COUNTRY")],
     "U.S.A. and U.S.",
     [M("U.S.A.", "USA"), M("U.S.", "US", nth=-1)])
case("dollar_sign_next_to_letters_and_digits",
     [E("USD", "$", label="CURRENCY")],
     "US$5 and $10",
     [M("$", "USD"), M("$", "USD", nth=1)])
case("US_dollar_sign_before_digit",
     [E("USD", "US$", label="CURRENCY")],
     "US$5",
     [M("US$", "USD")])
case("dollar_names_longest",
     [E("USD", "US$", label="CURRENCY"), E("DOLLAR", "$", label="CURRENCY")],
     "US$5 and $10",
     [M("US$", "USD"), M("$", "DOLLAR", nth=1)])
case("dollar_names_all",
     [E("USD", "US$", label="CURRENCY"), E("DOLLAR", "$", label="CURRENCY")],
     "US$5 and $10",
     [M("US$", "USD"), M("$", "DOLLAR"), M("$", "DOLLAR", nth=1)],
     overlaps="all")
case("possessives_and_parentheses",
     [E("RU", "Russia", label="COUNTRY")],
     "Russia's army, Russia’s navy, (Russia), Russian, Russias",
     [M("Russia", "RU"), M("Russia", "RU", nth=1), M("Russia", "RU", nth=2)])
case("straight_apostrophe_name_curly_text",
     [E("CI", "Côte d'Ivoire", label="COUNTRY")],
     "Côte d’Ivoire and CÔTE D'IVOIRE",
     [M("Côte d’Ivoire", "CI"), M("CÔTE D'IVOIRE", "CI")])
case("curly_apostrophe_name_straight_text",
     [E("CI", "Côte d’Ivoire", label="COUNTRY")],
     "côte d'ivoire",
     [M("côte d'ivoire", "CI")])
case("apostrophe_at_start_of_name",
     [E("nd", "'Ndrangheta", label="ORG")],
     "la ’Ndrangheta e l'Ndrangheta",
     [M("’Ndrangheta", "nd"), M("'Ndrangheta", "nd")],
     note="The name starts with an apostrophe (not a word character): no boundary is needed "
          "before it, even after the letter l.")
case("apostrophe_at_end_of_name",
     [E("mw", "Mathews'", label="PERSON")],
     "Mathews' house, Mathews’s car",
     [M("Mathews'", "mw"), M("Mathews’", "mw")])
case("quotes_around_name",
     [E("FR-75", "Paris", label="CITY")],
     "'Paris' and ‘Paris’ and \"Paris\"",
     [M("Paris", "FR-75"), M("Paris", "FR-75", nth=1), M("Paris", "FR-75", nth=2)])

# ---------------------------------------------------------------------------------------
# Word characters: L*, M*, Nd (not "_", not "²")

case("underscore_and_superscript_are_not_word_characters",
     [E("FR-75", "Paris", label="CITY")],
     "_Paris Paris² Paris_ Paris½",
     [M("Paris", "FR-75"), M("Paris", "FR-75", nth=1), M("Paris", "FR-75", nth=2),
      M("Paris", "FR-75", nth=3)])
case("digits_are_word_characters",
     [E("FR-75", "Paris", label="CITY")],
     "Paris2 2Paris Paris٣ Paris 2",
     [M("Paris", "FR-75", nth=-1)])
case("digits_inside_names",
     [E("G7", "G7", label="ORG")],
     "G7 summit, G77 group, the G7's",
     [M("G7", "G7"), M("G7", "G7", nth=-1)])
case("names_inside_longer_words_do_not_match",
     [E("OM", "Oman", label="COUNTRY"), E("IR", "Iran", label="COUNTRY"),
      E("NE", "Niger", label="COUNTRY")],
     "Romania, Iranian, Nigeria, Omani",
     [])
case("names_inside_longer_words_without_whole_words",
     [E("OM", "Oman", label="COUNTRY"), E("IR", "Iran", label="COUNTRY"),
      E("NE", "Niger", label="COUNTRY")],
     "Romania, Iranian, Nigeria, Omani",
     [M("oman", "OM"), M("Iran", "IR"), M("Niger", "NE"), M("Oman", "OM")],
     whole_words=False)
case("digit_after_name_without_whole_words",
     [E("FR-75", "Paris", label="CITY")],
     "Paris2",
     [M("Paris", "FR-75")],
     whole_words=False)

# ---------------------------------------------------------------------------------------
# Names that are prefixes of others; junk aliases inside words

case("prefix_name_found_when_longer_fails_boundary",
     [E("kim", "Kim", label="PERSON"), E("kj", "Kim Jong", label="PERSON")],
     "Kim Jongil and Kim Jong Un",
     [M("Kim", "kim"), M("Kim Jong", "kj", nth=-1)])
case("prefix_names_all",
     [E("kim", "Kim", label="PERSON"), E("kj", "Kim Jong", label="PERSON")],
     "Kim Jongil and Kim Jong Un",
     [M("Kim", "kim"), M("Kim", "kim", nth=1), M("Kim Jong", "kj", nth=-1)],
     overlaps="all")
case("junk_alias_inside_a_word_does_not_hide_a_later_name",
     [E("junk", "he shan"), E("CN-SH", "Shanghai", label="CITY")],
     "Flights to the Shanghai office",
     [M("Shanghai", "CN-SH")])
case("junk_alias_wins_without_whole_words",
     [E("junk", "he shan"), E("CN-SH", "Shanghai", label="CITY")],
     "Flights to the Shanghai office",
     [M("he Shan", "junk")],
     whole_words=False)
case("leftmost_then_longest_no_overlap",
     [E("ab", "a b"), E("bc", "b c")],
     "a b c",
     [M("a b", "ab")])
case("overlapping_names_all",
     [E("ab", "a b"), E("bc", "b c")],
     "a b c",
     [M("a b", "ab"), M("b c", "bc")],
     overlaps="all")
case("adjacent_matches",
     [E("FR-75", "Paris", label="CITY")],
     "Paris Paris,Paris",
     [M("Paris", "FR-75"), M("Paris", "FR-75", nth=1), M("Paris", "FR-75", nth=2)])

# ---------------------------------------------------------------------------------------
# Several entries per name; priorities

case("one_name_several_entries_insertion_order",
     [E("GE", "Georgia", label="COUNTRY"), E("US-GA", "Georgia", label="SUBDIVISION")],
     "Georgia on my mind",
     [M("Georgia", "GE", candidates=["GE", "US-GA"])])
case("one_name_several_entries_by_priority",
     [E("GE", "Georgia", label="COUNTRY"), E("US-GA", "Georgia", label="SUBDIVISION", priority=5),
      E("GA-X", "GEORGIA", priority=-1), E("GA-Y", "georgia", priority=5)],
     "GEORGIA",
     [M("GEORGIA", "US-GA", candidates=["US-GA", "GA-Y", "GE", "GA-X"])])
case("entry_listed_once_when_several_of_its_names_fold_alike",
     [E("GE", "Georgia", "GEORGIA", "georgia", label="COUNTRY"),
      E("US-GA", "Georgia", label="SUBDIVISION")],
     "Georgia",
     [M("Georgia", "GE", candidates=["GE", "US-GA"])])

# ---------------------------------------------------------------------------------------
# Overlap policies that disagree

NYC = [E("nyc", "New York City", label="CITY"), E("ny", "New York", label="STATE", priority=10),
       E("yc", "York City"), E("city", "City")]
case("overlaps_longest", NYC, "New York City",
     [M("New York City", "nyc")])
case("overlaps_all", NYC, "New York City",
     [M("New York", "ny"), M("New York City", "nyc"), M("York City", "yc"), M("City", "city")],
     overlaps="all")
case("overlaps_first", NYC, "New York City",
     [M("New York", "ny"), M("City", "city")],
     overlaps="first")
case("overlaps_first_earlier_entry_wins_at_equal_priority",
     [E("ny", "New York"), E("nyc", "New York City")],
     "in New York City",
     [M("New York", "ny")],
     overlaps="first")
case("overlaps_longest_ignores_priority",
     [E("ny", "New York", priority=10), E("nyc", "New York City")],
     "in New York City",
     [M("New York City", "nyc")])
case("overlaps_first_is_still_leftmost",
     [E("yc", "York City", priority=10), E("ny", "New York")],
     "New York City",
     [M("New York", "ny")],
     overlaps="first")

# ---------------------------------------------------------------------------------------
# Options

case("case_sensitive",
     [E("TR", "Turkey", label="COUNTRY")],
     "turkey TURKEY Turkey",
     [M("Turkey", "TR")],
     case_sensitive=True)
case("case_sensitive_still_normalises",
     [E("cafe", "Café")],
     "Cafe\u0301 CAFÉ café",
     [M("Cafe\u0301", "cafe")],
     case_sensitive=True)
case("sao_paulo_with_fold_accents",
     [E("BR-SP", "São Paulo", label="CITY")],
     "Sao Paulo, SÃO PAULO, São\u00a0Paulo",
     [M("Sao Paulo", "BR-SP"), M("SÃO PAULO", "BR-SP"), M("São\u00a0Paulo", "BR-SP")],
     fold_accents=True)
case("plain_name_with_fold_accents",
     [E("BR-SP", "Sao Paulo", label="CITY")],
     "São Paulo",
     [M("São Paulo", "BR-SP")],
     fold_accents=True)
case("sao_paulo_without_fold_accents",
     [E("BR-SP", "São Paulo", label="CITY")],
     "Sao Paulo, SÃO PAULO",
     [M("SÃO PAULO", "BR-SP")])
case("fold_accents_and_case_sensitive",
     [E("tr-ist", "Istanbul", label="CITY")],
     "İstanbul istanbul ISTANBUL",
     [M("İstanbul", "tr-ist")],
     case_sensitive=True, fold_accents=True)
case("cyrillic_case",
     [E("RU-MOW", "Москва", label="CITY")],
     "МОСКВА и Москвы",
     [M("МОСКВА", "RU-MOW")])
case("doc_example",
     [E("KP", "North Korea", "DPRK", label="COUNTRY"),
      E("US", "United States", "U.S.", label="COUNTRY"),
      E("GE", "Georgia", label="COUNTRY"), E("US-GA", "Georgia", label="SUBDIVISION")],
     "North\nKOREA's ties with the U.S.-led bloc and Georgia",
     [M("North\nKOREA", "KP"), M("U.S.", "US"), M("Georgia", "GE", candidates=["GE", "US-GA"])])

case("mixed_scripts_offsets",
     [E("KP", "North Korea", label="COUNTRY"), E("kju", "Kim Jong Un", label="PERSON"),
      E("CN-BJ", "北京", label="CITY"), E("KR-11", "Seoul", "서울", label="CITY"),
      E("US", "U.S.", label="COUNTRY")],
     "🇰🇵 North Korea’s leader Kim Jong\u00a0Un visited 北京 and Seoul (서울) on 3 March; "
     "the U.S.-led talks…",
     [M("North Korea", "KP"), M("Kim Jong\u00a0Un", "kju"), M("北京", "CN-BJ"),
      M("Seoul", "KR-11"), M("서울", "KR-11"), M("U.S.", "US")])
case("matches_at_both_ends_of_the_text",
     [E("FR-75", "Paris", label="CITY")],
     "Paris, je t'aime, Paris",
     [M("Paris", "FR-75"), M("Paris", "FR-75", nth=1)])

# ---------------------------------------------------------------------------------------
# Degenerate texts

case("empty_text", [E("FR-75", "Paris", label="CITY")], "", [])
case("whitespace_only_text", [E("FR-75", "Paris", label="CITY")], " \n\t\u00a0\u2009 ", [])


def main():
    names = [c[0] for c in CASES]
    dupes = {n for n in names if names.count(n) > 1}
    if dupes:
        sys.exit(f"duplicate case names: {sorted(dupes)}")
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "gazetteer_cases.jsonl")
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        for name, entries, options, text, expect, note in CASES:
            obj = {"name": name, "entries": entries, "options": options, "text": text,
                   "expect": resolve(name, text, expect, options)}
            if note:
                obj["note"] = note
            line = escape_invisible(json.dumps(obj, ensure_ascii=False))
            assert json.loads(line) == obj
            f.write(line + "\n")
    print(f"wrote {len(CASES)} cases to {path}")


if __name__ == "__main__":
    main()
