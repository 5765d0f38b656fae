"""tf.strings snippets on TF's bytes semantics: lengths and substrings in bytes and UTF-8
characters, split / unicode / ngrams (RaggedTensor results compared as flat values and row
splits), joins, case, regexes, number parsing and formatting, hashing, string Tensor printing, and
bad inputs."""
import textwrap

from tests.tf_diff.corpus import S

_PRELUDE = """\
def rg(r):
    return (r.flat_values, list(r.nested_row_splits))
"""


def P(name, code, **kw):
    return S(name, _PRELUDE + textwrap.dedent(code).strip(), **kw)


_WORDS = "['hello world', 'a  b', '', 'caf\\u00e9 \\u00fcber', ' lead trail ']"

_LENGTH = [
    P("strings.length.bytes", f"result = tf.strings.length({_WORDS})"),
    P("strings.length.chars", f"result = tf.strings.length({_WORDS}, unit='UTF8_CHAR')"),
    P("strings.length.scalar", "result = tf.strings.length('\\u20ac')"),
    P("strings.length.2d", "result = tf.strings.length([['ab', ''], ['xyz', '\\u00e9']], unit='UTF8_CHAR')"),
    P("strings.length.bad_unit", "result = tf.strings.length('ab', unit='CHAR')", msg=False),
    P("strings.length.not_string", "result = tf.strings.length(tf.constant([1, 2]))", msg=False),
    P("strings.length.bytes_input", "result = tf.strings.length([b'\\xff\\xfe', b'a'])"),
    P("strings.length.invalid_utf8_chars", "result = tf.strings.length([b'\\xff\\xfe', b'a\\xc3'], unit='UTF8_CHAR')"),
]

_SUBSTR = [
    P("strings.substr.basic", "result = tf.strings.substr('hello', 1, 3)"),
    P("strings.substr.past_end", "result = tf.strings.substr('hello', 3, 10)"),
    P("strings.substr.at_end", "result = tf.strings.substr('hello', 5, 2)"),
    P("strings.substr.out_of_range", "result = tf.strings.substr('hello', 6, 1)", msg=False),
    P("strings.substr.negative_pos", "result = tf.strings.substr('hello', -3, 2)"),
    P("strings.substr.negative_too_far", "result = tf.strings.substr('hello', -6, 2)", msg=False),
    P("strings.substr.vector", "result = tf.strings.substr(['hello', 'world!'], [1, 2], [2, 3])"),
    P("strings.substr.broadcast", "result = tf.strings.substr(['hello', 'world!'], 1, 2)"),
    P("strings.substr.utf8", "result = tf.strings.substr('caf\\u00e9s', 2, 2, unit='UTF8_CHAR')"),
    P("strings.substr.utf8_bytes", "result = tf.strings.substr('caf\\u00e9s', 3, 1)"),
    P("strings.substr.negative_len", "result = tf.strings.substr('hello', 1, -1)", msg=False),
    P("strings.substr.utf8_negative_pos", "result = tf.strings.substr('\\u00e9t\\u00e9', -2, 2, unit='UTF8_CHAR')"),
    P("strings.substr.2d", "result = tf.strings.substr([['abc', 'defg'], ['hi', 'jklmn']], 1, 2)"),
]

_SPLIT = [
    P("strings.split.whitespace", f"result = rg(tf.strings.split({_WORDS}))"),
    P("strings.split.sep", "result = rg(tf.strings.split(['a,b,,c', '', ','], sep=','))"),
    P("strings.split.multichar_sep", "result = rg(tf.strings.split(['a<>b<>c', 'x'], sep='<>'))"),
    P("strings.split.maxsplit", "result = rg(tf.strings.split(['a b c d', 'e f'], maxsplit=1))"),
    P("strings.split.maxsplit_sep", "result = rg(tf.strings.split(['a,b,c,d'], sep=',', maxsplit=2))"),
    P("strings.split.scalar", "result = tf.strings.split('a b  c')"),
    P("strings.split.2d", "result = rg(tf.strings.split([['a b', 'c'], ['d e f', '']]))"),
    P("strings.split.type", "result = type(tf.strings.split(['a b'])).__name__"),
    P("strings.split.to_list", "result = tf.strings.split(['a b', 'c']).to_list()"),
    P("strings.split.empty_sep", "result = rg(tf.strings.split(['a b'], sep=''))"),
    P("strings.bytes_split.basic", "result = rg(tf.strings.bytes_split(['abc', '', '\\u00e9']))"),
    P("strings.bytes_split.scalar", "result = tf.strings.bytes_split('hey')"),
    P("strings.unicode_split.basic", "result = rg(tf.strings.unicode_split(['h\\u00e9llo', '\\u20ac!'], 'UTF-8'))"),
    P("strings.unicode_split.scalar", "result = tf.strings.unicode_split('\\u00e9a', 'UTF-8')"),
    P("strings.unicode_decode.basic", "result = rg(tf.strings.unicode_decode(['h\\u00e9llo', '\\u20ac!', ''], 'UTF-8'))"),
    P("strings.unicode_decode.scalar", "result = tf.strings.unicode_decode('\\u00e9a', 'UTF-8')"),
    P("strings.unicode_decode.replace", "result = rg(tf.strings.unicode_decode([b'a\\xffb'], 'UTF-8'))"),
    P("strings.unicode_decode.replacement_char", "result = rg(tf.strings.unicode_decode([b'a\\xffb'], 'UTF-8', replacement_char=63))"),
    P("strings.unicode_decode.strict", "result = rg(tf.strings.unicode_decode([b'a\\xffb'], 'UTF-8', errors='strict'))", msg=False),
    P("strings.unicode_decode.ignore", "result = rg(tf.strings.unicode_decode([b'a\\xffb'], 'UTF-8', errors='ignore'))"),
    P("strings.unicode_decode.bad_encoding", "result = tf.strings.unicode_decode(['a'], 'LATIN-9')", msg=False),
    P("strings.unicode_decode.utf16", "result = rg(tf.strings.unicode_decode([b'\\x00a\\x00b'], 'UTF-16-BE'))"),
    P("strings.unicode_decode.2d", "result = rg(tf.strings.unicode_decode([['ab', 'c'], ['', 'd\\u00e9']], 'UTF-8'))"),
    P("strings.unicode_decode_with_offsets", "c, o = tf.strings.unicode_decode_with_offsets(['a\\u00e9b'], 'UTF-8'); result = [rg(c), rg(o)]"),
    P("strings.unicode_encode.basic", "result = tf.strings.unicode_encode([[104, 233], [8364]], 'UTF-8')", msg=False),
    P("strings.unicode_encode.tensor", "result = tf.strings.unicode_encode(tf.constant([104, 233, 8364]), 'UTF-8')"),
    P("strings.unicode_encode.matrix", "result = tf.strings.unicode_encode(tf.constant([[104, 105], [233, 8364]]), 'UTF-8')"),
    P("strings.unicode_encode.ragged", "result = tf.strings.unicode_encode(tf.strings.unicode_decode(['h\\u00e9', 'x'], 'UTF-8'), 'UTF-8')"),
    P("strings.unicode_encode.invalid", "result = tf.strings.unicode_encode(tf.constant([104, 0x110000]), 'UTF-8')"),
    P("strings.unicode_encode.surrogate", "result = tf.strings.unicode_encode(tf.constant([0xD800, 65]), 'UTF-8', replacement_char=63)"),
    P("strings.unicode_encode.strict", "result = tf.strings.unicode_encode(tf.constant([0x110000]), 'UTF-8', errors='strict')", msg=False),
    P("strings.unicode_encode.utf16", "result = tf.strings.unicode_encode(tf.constant([104, 233]), 'UTF-16-BE')"),
    P("strings.unicode_transcode.basic", "result = tf.strings.unicode_transcode(['h\\u00e9', 'ok'], 'UTF-8', 'UTF-16-BE')"),
    P("strings.unicode_transcode.invalid", "result = tf.strings.unicode_transcode([b'a\\xffb'], 'UTF-8', 'UTF-8')"),
    P("strings.unicode_transcode.to_utf32", "result = tf.strings.unicode_transcode('\\u00e9', 'UTF-8', 'UTF-32-BE')"),
    P("strings.unicode_script.basic", "result = tf.strings.unicode_script([65, 1041, 945, 12354, 32, 48, 1575, 20013])"),
    P("strings.unicode_script.bad", "result = tf.strings.unicode_script([-1, 0x110000])"),
    P("strings.ngrams.words", "result = tf.strings.ngrams(['a', 'b', 'c', 'd'], 2)"),
    P("strings.ngrams.separator", "result = tf.strings.ngrams(['a', 'b', 'c'], 2, separator='_')"),
    P("strings.ngrams.range", "result = tf.strings.ngrams(['a', 'b', 'c'], (1, 3))"),
    P("strings.ngrams.pad", "result = tf.strings.ngrams(['a', 'b'], 3, pad_values=('<s>', '</s>'))"),
    P("strings.ngrams.pad_width", "result = tf.strings.ngrams(['a', 'b', 'c'], 3, pad_values='#', padding_width=1)"),
    P("strings.ngrams.too_short", "result = tf.strings.ngrams(['a'], 2)"),
    P("strings.ngrams.ragged", "result = rg(tf.strings.ngrams(tf.strings.split(['a b c', 'd e', 'f']), 2))"),
    P("strings.ngrams.preserve_short", "result = rg(tf.strings.ngrams(tf.strings.split(['a b c', 'd']), 3, preserve_short_sequences=True))"),
    P("strings.ngrams.matrix", "result = tf.strings.ngrams([['a', 'b', 'c'], ['d', 'e', 'f']], 2)"),
    P("strings.ngrams.bad_width", "result = tf.strings.ngrams(['a', 'b'], 0)", msg=False),
]

_JOIN = [
    P("strings.join.basic", "result = tf.strings.join(['a', 'b', 'c'])"),
    P("strings.join.separator", "result = tf.strings.join([['a', 'b'], ['c', 'd']], separator='-')"),
    P("strings.join.broadcast", "result = tf.strings.join([['a', 'b'], 'x'], separator='+')"),
    P("strings.join.shape_mismatch", "result = tf.strings.join([['a', 'b'], ['c', 'd', 'e']])", msg=False),
    P("strings.join.not_string", "result = tf.strings.join([[1, 2], ['c', 'd']])", msg=False),
    P("strings.join.empty", "result = tf.strings.join([])", msg=False),
    P("strings.reduce_join.all", "result = tf.strings.reduce_join([['a', 'b'], ['c', 'd']])"),
    P("strings.reduce_join.axis0", "result = tf.strings.reduce_join([['a', 'b'], ['c', 'd']], axis=0)"),
    P("strings.reduce_join.axis1_sep", "result = tf.strings.reduce_join([['a', 'b'], ['c', 'd']], axis=1, separator=', ')"),
    P("strings.reduce_join.keepdims", "result = tf.strings.reduce_join([['a', 'b'], ['c', 'd']], axis=-1, keepdims=True)"),
    P("strings.reduce_join.empty", "result = tf.strings.reduce_join(tf.zeros([2, 0], tf.string), axis=1)", msg=False),
    P("strings.reduce_join.bad_axis", "result = tf.strings.reduce_join(['a', 'b'], axis=1)", msg=False),
    P("strings.reduce_join.axes", "result = tf.strings.reduce_join([['a', 'b'], ['c', 'd']], axis=[0, 1], separator='.')"),
    P("strings.add_operator", "result = tf.constant(['a', 'b']) + tf.constant(['c', 'd'])"),
    P("strings.add_operator_scalar", "result = tf.constant(['a', 'b']) + 'x'"),
    P("strings.add_fn", "result = tf.add(tf.constant('ab'), tf.constant('cd'))"),
    P("strings.math_add", "result = tf.math.add(['x'], ['y'])"),
    P("strings.eq", "result = tf.constant(['a', 'b', 'c']) == tf.constant(['a', 'x', 'c'])"),
    P("strings.ne", "result = tf.constant(['a', 'b']) != 'a'"),
    P("strings.equal_fn", "result = tf.equal(tf.constant(['a', 'b']), 'b')"),
    P("strings.less", "result = tf.constant(['a']) < tf.constant(['b'])", msg=False),
    P("strings.eq_number", "result = tf.constant(['1']) == tf.constant([1])", msg=False),
]

_CASE = [
    P("strings.upper.basic", "result = tf.strings.upper(['hello', 'W\\u00f6rld'])"),
    P("strings.upper.utf8", "result = tf.strings.upper(['h\\u00e9llo', 'stra\\u00dfe'], encoding='utf-8')"),
    P("strings.lower.basic", "result = tf.strings.lower(['HeLLo', '\\u00c9T\\u00c9'])"),
    P("strings.lower.utf8", "result = tf.strings.lower(['\\u00c9T\\u00c9', 'ABC'], encoding='utf-8')"),
    P("strings.strip.basic", "result = tf.strings.strip(['  a b  ', '\\tx\\n', '', 'none'])"),
    P("strings.strip.scalar", "result = tf.strings.strip(' q ')"),
    P("strings.regex_replace.basic", "result = tf.strings.regex_replace(['hello world', 'foo'], 'o', '0')"),
    P("strings.regex_replace.first", "result = tf.strings.regex_replace('aaa', 'a', 'b', replace_global=False)"),
    P("strings.regex_replace.groups", "result = tf.strings.regex_replace('john smith', r'(\\w+) (\\w+)', r'\\2, \\1')"),
    P("strings.regex_replace.class", "result = tf.strings.regex_replace(['a1b22c333'], '[0-9]+', '#')"),
    P("strings.regex_replace.anchors", "result = tf.strings.regex_replace(['  trim  '], '^\\\\s+|\\\\s+$', '')"),
    P("strings.regex_replace.empty_match", "result = tf.strings.regex_replace('abc', 'x*', '-')"),
    P("strings.regex_replace.bad", "result = tf.strings.regex_replace('abc', '(', 'x')", msg=False),
    P("strings.regex_replace.whole", "result = tf.strings.regex_replace(['ab', 'cd'], '.*', '[\\\\0]')"),
    P("strings.regex_full_match.basic", "result = tf.strings.regex_full_match(['abc', 'abcd', 'ab'], 'ab.')"),
    P("strings.regex_full_match.alt", "result = tf.strings.regex_full_match(['cat', 'dog', 'cow'], 'cat|dog')"),
    P("strings.regex_full_match.bad", "result = tf.strings.regex_full_match('a', '[')", msg=False),
    P("strings.regex_full_match.unicode", "result = tf.strings.regex_full_match(['\\u00e9', 'e'], '.')"),
]

_NUMBERS = [
    P("strings.to_number.float", "result = tf.strings.to_number(['1.5', '-2', '3e2', ' 4', 'inf', 'nan'])", msg=False),
    P("strings.to_number.float_clean", "result = tf.strings.to_number(['1.5', '-2', '3e2', 'inf', '-inf', '1e40'])"),
    P("strings.to_number.int32", "result = tf.strings.to_number(['1', '-20', '007'], out_type=tf.int32)"),
    P("strings.to_number.int64", "result = tf.strings.to_number(['9000000000'], out_type=tf.int64)"),
    P("strings.to_number.int32_overflow", "result = tf.strings.to_number(['9000000000'], out_type=tf.int32)", msg=False),
    P("strings.to_number.bad", "result = tf.strings.to_number(['abc'])", msg=False),
    P("strings.to_number.int_from_float", "result = tf.strings.to_number(['1.5'], out_type=tf.int32)", msg=False),
    P("strings.to_number.float64", "result = tf.strings.to_number(['0.1'], out_type=tf.float64)"),
    P("strings.to_number.bad_type", "result = tf.strings.to_number(['1'], out_type=tf.uint8)", msg=False),
    P("strings.to_number.hex", "result = tf.strings.to_number(['0x10'], out_type=tf.int32)", msg=False),
    P("strings.to_number.spaces", "result = tf.strings.to_number([' 12 '], out_type=tf.int32)", msg=False),
    P("strings.to_number.plus", "result = tf.strings.to_number(['+5', '+1.5'])"),
    P("strings.as_string.int", "result = tf.strings.as_string([1, -22, 333])"),
    P("strings.as_string.float", "result = tf.strings.as_string([1.5, -0.25, 3.0, 1e10, 1e-7])"),
    P("strings.as_string.precision", "result = tf.strings.as_string([3.14159, 2.0], precision=2)"),
    P("strings.as_string.scientific", "result = tf.strings.as_string([31415.9, 0.5], scientific=True)"),
    P("strings.as_string.scientific_precision", "result = tf.strings.as_string([31415.9], precision=3, scientific=True)"),
    P("strings.as_string.shortest", "result = tf.strings.as_string([0.1, 1e20, 123456789.0, 1.5e-7], shortest=True)"),
    P("strings.as_string.width", "result = tf.strings.as_string([7, -42], width=5)"),
    P("strings.as_string.fill", "result = tf.strings.as_string([7, -42], width=5, fill='0')"),
    P("strings.as_string.float_width", "result = tf.strings.as_string([1.5], width=10, precision=1)"),
    P("strings.as_string.bool", "result = tf.strings.as_string([True, False])"),
    P("strings.as_string.float64", "result = tf.strings.as_string(tf.constant([0.1, 2.5], tf.float64))"),
    P("strings.as_string.nan_inf", "result = tf.strings.as_string([float('nan'), float('inf'), -float('inf')])"),
    P("strings.as_string.int64", "result = tf.strings.as_string(tf.constant([2**40], tf.int64))"),
    P("strings.as_string.complex", "result = tf.strings.as_string(tf.constant([1+2j], tf.complex64))"),
    P("strings.as_string.string_input", "result = tf.strings.as_string(['a'])", msg=False),
    P("strings.as_string.scientific_and_shortest", "result = tf.strings.as_string([1.0], scientific=True, shortest=True)", msg=False),
    P("strings.as_string.bad_fill", "result = tf.strings.as_string([1], width=3, fill='ab')", msg=False),
    P("strings.as_string.top_level", "result = tf.as_string(tf.constant([1, 2]))"),
    P("strings.as_string.uint8", "result = tf.strings.as_string(tf.constant([200], tf.uint8))"),
    P("strings.as_string.half", "result = tf.strings.as_string(tf.constant([1.5], tf.float16))"),
    P("strings.format.basic", "result = tf.strings.format('x = {}, y = {}', (tf.constant(1), tf.constant([1.5, 2.])))"),
    P("strings.format.long", "result = tf.strings.format('{}', tf.range(10))"),
    P("strings.format.summarize", "result = tf.strings.format('{}', tf.range(10), summarize=2)"),
    P("strings.format.matrix", "result = tf.strings.format('m: {}', tf.reshape(tf.range(6), [2, 3]))"),
    P("strings.format.string", "result = tf.strings.format('s: {}', tf.constant(['a', 'b']))"),
    P("strings.format.scalar_string", "result = tf.strings.format('s: {}', tf.constant('hi'))"),
    P("strings.format.placeholder", "result = tf.strings.format('<{}>', tf.constant(3), placeholder='<{}>')", msg=False),
    P("strings.format.count", "result = tf.strings.format('{} {}', tf.constant(1))", msg=False),
    P("strings.format.float", "result = tf.strings.format('{}', tf.constant([0.1, 1e-8, 123456.7]))"),
    P("strings.format.bool", "result = tf.strings.format('{}', tf.constant([True, False]))"),
]

_HASH = [
    P("strings.hash_fast.basic", "result = tf.strings.to_hash_bucket_fast(['hello', 'world', '', 'a'], 1000)"),
    P("strings.hash_fast.big", "result = tf.strings.to_hash_bucket_fast(['hello', 'world'], 2**62)"),
    P("strings.hash_fast.lengths", "result = tf.strings.to_hash_bucket_fast(['x' * n for n in range(0, 80, 3)], 2**62)"),
    P("strings.hash_fast.long", "result = tf.strings.to_hash_bucket_fast(['abcdefghij' * k for k in (7, 13, 40)], 2**62)"),
    P("strings.hash_fast.unicode", "result = tf.strings.to_hash_bucket_fast(['\\u00e9t\\u00e9', '\\u20ac' * 20], 2**62)"),
    P("strings.hash_fast.one_bucket", "result = tf.strings.to_hash_bucket_fast(['a', 'b'], 1)"),
    P("strings.hash_fast.zero_buckets", "result = tf.strings.to_hash_bucket_fast(['a'], 0)", msg=False),
    P("strings.hash_fast.2d", "result = tf.strings.to_hash_bucket_fast([['a', 'b'], ['c', 'd']], 7)"),
    P("strings.hash_strong.basic", "result = tf.strings.to_hash_bucket_strong(['hello', 'world', ''], 1000, [1, 2])"),
    P("strings.hash_strong.big", "result = tf.strings.to_hash_bucket_strong(['hello', 'x' * 50], 2**62, [12345, 67890])"),
    P("strings.hash_strong.bad_key", "result = tf.strings.to_hash_bucket_strong(['a'], 10, [1])", msg=False),
    P("strings.hash_legacy.basic", "result = tf.strings.to_hash_bucket(['hello', 'world', '', 'a' * 40], 1000)"),
    P("strings.hash_legacy.big", "result = tf.strings.to_hash_bucket(['hello', 'b' * 70], 2**62)"),
]

_PRINT = [
    P("strings.print.repr_vector", "result = repr(tf.constant(['a', 'b']))"),
    P("strings.print.str_vector", "result = str(tf.constant(['a', 'b']))"),
    P("strings.print.repr_scalar", "result = repr(tf.constant('hi'))"),
    P("strings.print.str_scalar", "result = str(tf.constant('hi'))"),
    P("strings.print.unicode", "result = [repr(tf.constant('caf\\u00e9')), str(tf.constant(['\\u20ac', 'x']))]"),
    P("strings.print.matrix", "result = [repr(tf.constant([['a', 'bb'], ['ccc', '']])), str(tf.constant([['a', 'bb'], ['ccc', '']]))]"),
    P("strings.print.3d", "result = str(tf.constant([[['a'], ['b']], [['c'], ['d']]]))"),
    P("strings.print.quotes", "result = repr(tf.constant([\"it's\", 'say \"hi\"', 'back\\\\slash', 'tab\\t']))"),
    P("strings.print.long", "result = str(tf.constant([str(i) for i in range(1200)]))"),
    P("strings.print.numpy", "result = tf.constant(['a', '\\u00e9']).numpy()"),
    P("strings.print.numpy_scalar", "result = tf.constant('\\u00e9').numpy()"),
    P("strings.print.empty", "result = [repr(tf.constant([], tf.string)), str(tf.zeros([2, 0], tf.string))]"),
    P("strings.print.bytes_input", "result = repr(tf.constant([b'\\x00\\xff', b'ok']))"),
]

_MORE = [
    P("strings.unsorted_segment_join.basic", "result = tf.strings.unsorted_segment_join(['a', 'b', 'c'], [1, 0, 1], 3, separator='+')"),
    P("strings.unsorted_segment_join.matrix", "result = tf.strings.unsorted_segment_join([['a', 'b'], ['c', 'd']], [1, 1], 2)"),
    P("strings.unsorted_segment_join.negative", "result = tf.strings.unsorted_segment_join(['a', 'b'], [-1, 0], 1)"),
    P("strings.unsorted_segment_join.out_of_range", "result = tf.strings.unsorted_segment_join(['a', 'b'], [0, 5], 2)", msg=False),
    P("strings.unicode_split_with_offsets", "c, o = tf.strings.unicode_split_with_offsets(['h\u00e9', 'ab'], 'UTF-8'); result = [rg(c), rg(o)]"),
]

# string ops given a RaggedTensor (made by split, so the snippets need no tf.ragged)
_R = "r = tf.strings.split(['ab cd', 'e', '\u00e9 f g'])\n"
_ON_RAGGED = [
    P(f"strings.ragged.{name}", _R + f"result = rg({expr})") for name, expr in [
        ("upper", "tf.strings.upper(r)"), ("length", "tf.strings.length(r, unit='UTF8_CHAR')"),
        ("substr", "tf.strings.substr(r, 0, 1)"), ("split", "tf.strings.split(r, sep='b')"),
        ("hash", "tf.strings.to_hash_bucket_fast(r, 10)"), ("decode", "tf.strings.unicode_decode(r, 'UTF-8')"),
        ("join", "tf.strings.join([r, r], separator='+')"), ("as_string", "tf.strings.as_string(tf.strings.length(r))"),
        ("regex_replace", "tf.strings.regex_replace(r, 'a|f', 'x')"), ("bytes_split", "tf.strings.bytes_split(r)"),
        ("unicode_split", "tf.strings.unicode_split(r, 'UTF-8')"), ("strip", "tf.strings.strip(r)"),
        ("to_number", "tf.strings.to_number(tf.strings.as_string(tf.strings.length(r)))"),
        ("regex_full_match", "tf.strings.regex_full_match(r, '.')"),
    ]
] + [
    P("strings.ragged.reduce_join_rows", _R + "result = tf.strings.reduce_join(r, axis=1, separator='-')"),
    P("strings.ragged.reduce_join_all", _R + "result = tf.strings.reduce_join(r)"),
    P("strings.ragged.reduce_join_keepdims", _R + "result = tf.strings.reduce_join(r, axis=-1, keepdims=True)"),
    P("strings.ragged.ngrams", _R + "result = rg(tf.strings.ngrams(r, 2, separator='/'))"),
    P("strings.ragged.encode", _R + "result = tf.strings.unicode_encode(tf.strings.unicode_decode(r, 'UTF-8'), 'UTF-8')"),
    P("strings.ragged.decode_offsets", _R + "c, o = tf.strings.unicode_decode_with_offsets(r, 'UTF-8'); result = [rg(c), rg(o)]"),
]

_AS_STRING_FLAGS = [
    P(f"strings.as_string.fill_{label}_{kind}", f"result = tf.strings.as_string({value}, fill={fill!r}, width=8)")
    for label, fill in [("plus", "+"), ("hash", "#"), ("minus", "-"), ("zero", "0"), ("space", " "), ("none", ""),
                        ("digit", "1")]
    for kind, value in [("int", "[7, -3]"), ("float", "[7.5, -0.25]"), ("string", "['ab', '']"),
                        ("int64", "tf.constant([7], tf.int64)")]
] + [
    P("strings.as_string.int_precision", "result = tf.strings.as_string([7], precision=2)"),
    P("strings.as_string.string_precision", "result = tf.strings.as_string(['ab'], precision=2)"),
    P("strings.as_string.bool_width", "result = tf.strings.as_string([True], width=6)"),
    P("strings.as_string.int8", "result = tf.strings.as_string(tf.constant([1, -2], tf.int8), width=3)"),
    P("strings.as_string.uint64", "result = tf.strings.as_string(tf.constant([2**63], tf.uint64))"),
    P("strings.as_string.complex_precision", "result = tf.strings.as_string(tf.constant([1+2j], tf.complex128), precision=1)"),
    P("strings.as_string.negative_zero_denormal", "result = tf.strings.as_string([-0.0, 1e-320])"),
    P("strings.as_string.double_shortest", "result = tf.strings.as_string(tf.constant([0.1, 1/3, 1e300], tf.float64), shortest=True)"),
]

# RE2 syntax Python's re lacks or accepts where RE2 refuses
_RE2 = [
    P(f"strings.re2.{name}", f"result = tf.strings.regex_replace(['ab', 'aab', 'a.b', 'Ab', '\\u00e9t\\u00e9 1'], {pattern!r}, '#')",
      msg=not name.startswith("posix"))
    for name, pattern in [
        ("lookahead", "a(?=b)"), ("negative_lookahead", "a(?!b)"), ("lookbehind", "(?<=a)b"),
        ("negative_lookbehind", "(?<!a)b"), ("backreference", "(a)\\1"), ("letters", "\\pL"),
        ("letters_braced", "\\p{L}+"), ("not_letters", "\\PL"), ("digits", "\\pN"),
        ("posix_alpha", "[[:alpha:]]+"), ("posix_digit_negated", "[^[:digit:]]"), ("end_z", "b\\z"),
        ("end_Z", "a\\Z"), ("quoted", "\\Qa.b\\E"), ("possessive", "a++"),
        ("possessive_star", "a*+"), ("case_flag", "(?i)AB"), ("named_group", "(?P<n>a)"), ("start_A", "\\Aa"),
        ("bounded", "a{2,}"), ("dotall", "(?s)."), ("hex", "\\x41"), ("lazy", "a+?"), ("class_bracket", "[]a]"),
        ("word", "\\w+"), ("not_word", "\\W"), ("digit", "\\d"), ("space", "\\s"), ("not_space", "\\S+"),
        ("boundary", "\\b"), ("word_in_class", "[\\w.]+"), ("space_in_class", "[\\s1]"),
    ]
] + [
    # \\C is one byte in RE2 and one character here: they agree on ASCII text only
    # RE2's \\B also matches inside a UTF-8 character (between its bytes): ASCII text only
    P("strings.re2.not_boundary_ascii", "result = tf.strings.regex_replace(['ab', 'a.b c', ''], '\\\\B', '#')"),
    P("strings.re2.any_byte_ascii", "result = tf.strings.regex_replace(['ab', 'a.b'], '\\\\C', '#')"),
    P("strings.re2.full_match_lookahead", "result = tf.strings.regex_full_match(['ab'], 'a(?=b)b')"),
    P("strings.re2.full_match_posix", "result = tf.strings.regex_full_match(['ab1', 'ab'], '[[:alpha:]]+')"),
]

SNIPPETS = _MORE + _ON_RAGGED + _AS_STRING_FLAGS + _RE2 + _LENGTH + _SUBSTR + _SPLIT + _JOIN + _CASE + _NUMBERS + _HASH + _PRINT


# ---- generated cases: random strings (ASCII, whitespace, UTF-8, invalid bytes) through each op,
# with out-of-range positions, bad units and malformed numbers mixed in (seeded)
_PIECES = [b"a", b"Z", b" ", b"  ", b"\t", b"\n", b"7", b"-", b".", b",", b"\xc3\xa9", b"\xe2\x82\xac",
           b"\xf0\x9f\x98\x80", b"\xff", b"\xc3", b"x1", b"e"]


def _random_strings(rng, n):
    return [b"".join(rng.choice(_PIECES) for _ in range(rng.randint(0, 6))) for _ in range(n)]


def _generated(seed=1129, count=70):
    rng = __import__("random").Random(seed)
    out = []
    for k in range(count):
        words = _random_strings(rng, rng.randint(1, 4))
        x = f"x = tf.constant({words!r})"
        kind = rng.choice(["length", "substr", "split", "case", "strip", "hash", "decode", "encode_roundtrip",
                           "as_string", "to_number", "regex", "reduce_join", "ngrams", "bytes_split"])
        if kind == "length":
            code = f"result = tf.strings.length(x, unit={rng.choice(['BYTE', 'UTF8_CHAR', 'UTF8_CHAR', 'CHAR'])!r})"
        elif kind == "substr":
            code = (f"result = tf.strings.substr(x, {rng.randint(-4, 5)}, {rng.randint(-1, 4)}, "
                    f"unit={rng.choice(['BYTE', 'UTF8_CHAR'])!r})")
        elif kind == "split":
            sep = rng.choice([None, ",", " ", "a", "\xe9"])
            code = f"result = rg(tf.strings.split(x, sep={sep!r}, maxsplit={rng.choice([-1, 0, 1, 2])}))"
        elif kind == "case":
            code = f"result = tf.strings.{rng.choice(['upper', 'lower'])}(x, encoding={rng.choice(['', 'utf-8'])!r})"
        elif kind == "strip":
            code = "result = tf.strings.strip(x)"
        elif kind == "hash":
            fn = rng.choice(["to_hash_bucket_fast(x, 2**62)", "to_hash_bucket(x, 997)",
                             "to_hash_bucket_strong(x, 2**62, [7, 2**40])"])
            code = f"result = tf.strings.{fn}"
        elif kind == "decode":
            code = (f"result = rg(tf.strings.unicode_decode(x, 'UTF-8', errors={rng.choice(['replace', 'ignore', 'strict'])!r}, "
                    f"replace_control_characters={rng.choice([False, True])}))")
        elif kind == "encode_roundtrip":
            code = "result = tf.strings.unicode_encode(tf.strings.unicode_decode(x, 'UTF-8'), 'UTF-8')"
        elif kind == "as_string":
            values = [rng.choice([0.0, -1.5, 1e-5, 123456.789, 2.5e12, float("inf"), -0.0, 3.14159])
                      for _ in range(3)]
            x = f"x = tf.constant({values!r}, tf.{rng.choice(['float32', 'float64'])})"
            opts = rng.choice(["", "precision=3", "scientific=True", "shortest=True", "width=12",
                               "width=9, fill='0'", "precision=1, width=8"])
            code = f"result = tf.strings.as_string(x{', ' + opts if opts else ''})"
        elif kind == "to_number":
            nums = [rng.choice(["1", "-2", "3.5", " 4 ", "1e3", "0x1", "", "+7", "1.5e400", "abc", "99999999999"])
                    for _ in range(2)]
            x = f"x = tf.constant({nums!r})"
            code = f"result = tf.strings.to_number(x, out_type=tf.{rng.choice(['float32', 'float64', 'int32', 'int64'])})"
        elif kind == "regex":
            pattern, rewrite = rng.choice([("a+", "<\\\\0>"), ("\\\\s+", " "), ("[0-9]", "#"), ("^.", ""),
                                           ("(.)(.)", "\\\\2\\\\1"), (".", "."), ("\\\\w*", "_")])
            code = (f"result = tf.strings.regex_replace(tf.strings.unicode_transcode(x, 'UTF-8', 'UTF-8'), "
                    f"'{pattern}', '{rewrite}', replace_global={rng.choice([True, False])})")
        elif kind == "reduce_join":
            code = (f"result = tf.strings.reduce_join(tf.reshape(tf.concat([x, x], 0), [2, -1]), "
                    f"axis={rng.choice([None, 0, 1, -1, 2])}, separator={rng.choice(['', '|'])!r})")
        elif kind == "ngrams":
            code = (f"result = tf.strings.ngrams(x, {rng.choice([1, 2, 3, (1, 2)])}, "
                    f"pad_values={rng.choice([None, '#', ('<', '>')])!r})")
        else:
            code = "result = rg(tf.strings.bytes_split(x))"
        out.append(P(f"strings.generated.{k:02d}.{kind}", f"{x}\n{code}", msg=kind != "length"))
    return out


SNIPPETS += _generated()


# ---- generated bad arguments: each string op given wrong dtypes, shapes and values --------------
_BAD_ARGS = {
    "int_tensor": "tf.constant([1, 2])",
    "float_list": "[1.5, 2.5]",
    "none": "None",
    "nested_ragged_list": "[['a'], ['b', 'c']]",
    "bool_tensor": "tf.constant([True])",
    "empty": "tf.constant([], tf.string)",
}
_BAD_CALLS = {
    "length": "tf.strings.length({x})",
    "upper": "tf.strings.upper({x})",
    "strip": "tf.strings.strip({x})",
    "substr": "tf.strings.substr({x}, 0, 1)",
    "split": "rg(tf.strings.split({x}))",
    "join": "tf.strings.join([{x}, {x}])",
    "reduce_join": "tf.strings.reduce_join({x})",
    "regex_replace": "tf.strings.regex_replace({x}, 'a', 'b')",
    "to_number": "tf.strings.to_number({x})",
    "hash_fast": "tf.strings.to_hash_bucket_fast({x}, 3)",
    "unicode_decode": "rg(tf.strings.unicode_decode({x}, 'UTF-8'))",
    "bytes_split": "rg(tf.strings.bytes_split({x}))",
    "ngrams": "tf.strings.ngrams({x}, 2)",
    "as_string": "tf.strings.as_string({x})",
    "unicode_encode": "tf.strings.unicode_encode({x}, 'UTF-8')",
}
SNIPPETS += [P(f"strings.bad_args.{call}.{arg}", f"result = {template.format(x=value)}", msg=False)
             for call, template in _BAD_CALLS.items() for arg, value in _BAD_ARGS.items()]
SNIPPETS += [P(f"strings.bad_args.unicode_split.{arg}", f"result = rg(tf.strings.unicode_split({value}, 'UTF-8'))",
               msg=False) for arg, value in _BAD_ARGS.items()]
