"""ICU's script code of a code point (`tf.strings.unicode_script`), derived from its Unicode name.

Python has no Script property, but a character's name starts with its script's name for nearly
every letter ("CYRILLIC SMALL LETTER A", "TAI THAM LETTER KA"). `script` matches the name against
ICU's UScriptCode list (below, in ICU's order, with the names characters use where they differ),
falls back to INHERITED for other combining marks and COMMON for the rest, and gives UNKNOWN to
unnamed code points. It differs from ICU for characters whose script their name does not tell
(a few symbols and modifier letters) and for characters newer or older than TF's ICU data.
"""
import unicodedata

# UScriptCode order (uscript.h); "" where no character name starts with it
_ICU = """
COMMON INHERITED ARABIC ARMENIAN BENGALI BOPOMOFO CHEROKEE COPTIC CYRILLIC DESERET DEVANAGARI
ETHIOPIC GEORGIAN GOTHIC GREEK GUJARATI GURMUKHI HAN HANGUL HEBREW HIRAGANA KANNADA KATAKANA
KHMER LAO LATIN MALAYALAM MONGOLIAN MYANMAR OGHAM OLD_ITALIC ORIYA RUNIC SINHALA SYRIAC TAMIL
TELUGU THAANA THAI TIBETAN CANADIAN_SYLLABICS YI TAGALOG HANUNOO BUHID TAGBANWA BRAILLE_PATTERN
CYPRIOT LIMBU LINEAR_B OSMANYA SHAVIAN TAI_LE UGARITIC - BUGINESE GLAGOLITIC KHAROSHTHI
SYLOTI_NAGRI NEW_TAI_LUE TIFINAGH OLD_PERSIAN BALINESE BATAK - BRAHMI CHAM - - - - EGYPTIAN_HIEROGLYPH
- - - PAHAWH_HMONG OLD_HUNGARIAN - JAVANESE KAYAH_LI - - LEPCHA LINEAR_A MANDAIC - MEROITIC_HIEROGLYPH
NKO OLD_TURKIC OLD_PERMIC PHAGS-PA PHOENICIAN MIAO - - - - - - VAI - CUNEIFORM - - CARIAN - TAI_THAM
LYCIAN LYDIAN OL_CHIKI REJANG SAURASHTRA SIGNWRITING SUNDANESE - MEETEI_MAYEK IMPERIAL_ARAMAIC
AVESTAN CHAKMA - KAITHI MANICHAEAN INSCRIPTIONAL_PAHLAVI PSALTER_PAHLAVI - INSCRIPTIONAL_PARTHIAN
SAMARITAN TAI_VIET - - BAMUM LISU - OLD_SOUTH_ARABIAN BASSA_VAH DUPLOYAN ELBASAN GRANTHA - - MENDE
MEROITIC_CURSIVE OLD_NORTH_ARABIAN NABATAEAN PALMYRENE KHUDAWADI WARANG_CITI - - MRO NUSHU SHARADA
SORA_SOMPENG TAKRI TANGUT - ANATOLIAN_HIEROGLYPH KHOJKI TIRHUTA CAUCASIAN_ALBANIAN MAHAJANI AHOM
HATRAN MODI MULTANI PAU_CIN_HAU SIDDHAM ADLAM BHAIKSUKI MARCHEN NEWA OSAGE - - - MASARAM_GONDI
SOYOMBO ZANABAZAR_SQUARE DOGRA GUNJALA_GONDI MAKASAR MEDEFAIDRIN HANIFI_ROHINGYA SOGDIAN
OLD_SOGDIAN ELYMAIC NYIAKENG_PUACHUE_HMONG NANDINAGARI WANCHO CHORASMIAN DIVES_AKURU
KHITAN_SMALL_SCRIPT YEZIDI
""".split()
# name prefixes that tell a script other than by its own name
_ALIASES = {
    "CJK UNIFIED": 17, "CJK COMPATIBILITY": 17, "KANGXI RADICAL": 17, "CJK RADICAL": 17,
    "MEROITIC HIEROGLYPHIC": 86, "COMBINING LATIN": 1,
    "IDEOGRAPHIC NUMBER": 17, "IDEOGRAPHIC ITERATION MARK": 17, "IDEOGRAPHIC CLOSING MARK": 17,
    "HENTAIGANA": 20, "ARABIC-INDIC": 2, "EXTENDED ARABIC-INDIC": 2, "AFGHANI": 2, "ROMAN NUMERAL": 25,
    "SMALL ROMAN NUMERAL": 25, "TANGUT COMPONENT": 154,
    "OHM SIGN": 14, "KELVIN SIGN": 25, "ANGSTROM SIGN": 25,     # letterlike symbols Unicode gives a script
}
_PREFIXES = {name.replace("_", " "): code for code, name in enumerate(_ICU) if name != "-"}
_PREFIXES.update(_ALIASES)
_QUALIFIERS = ("COMBINING ", "HALFWIDTH ", "FULLWIDTH ", "MODIFIER LETTER ", "SUPERSCRIPT ", "SUBSCRIPT ")
_COMMON, _INHERITED, _LATIN, _UNKNOWN = 0, 1, 25, 103
# ideographs Python's Unicode data leaves unnamed
_UNNAMED = ((0x17000, 0x187F7, 154), (0x18D00, 0x18D08, 154))


def _by_prefix(name):
    words = name.split(" ")
    for k in range(len(words), 0, -1):   # the longest leading run of words that names a script
        code = _PREFIXES.get(" ".join(words[:k]))
        if code is not None:
            return code
    return None


def script(cp):
    """ICU's UScriptCode of the code point `cp` (-1 outside Unicode)."""
    if not 0 <= cp <= 0x10FFFF:
        return -1
    ch = chr(cp)
    name = unicodedata.name(ch, "")
    if not name:
        for low, high, code in _UNNAMED:
            if low <= cp <= high:
                return code
        return _COMMON if unicodedata.category(ch) == "Cc" else _UNKNOWN
    stripped = name
    for _ in range(3):   # "MODIFIER LETTER SMALL GREEK GAMMA" names Greek
        code = _by_prefix(stripped)
        if code is not None:
            return code
        for qualifier in _QUALIFIERS:
            if stripped.startswith(qualifier):
                stripped = stripped[len(qualifier):]
                break
    if name.startswith(("MODIFIER LETTER SMALL ", "MODIFIER LETTER CAPITAL ")) and len(name.split(" ")) == 4:
        return _LATIN   # "MODIFIER LETTER SMALL H" is a Latin letter
    if unicodedata.category(ch) in ("Mn", "Me"):
        return _INHERITED
    return _COMMON
