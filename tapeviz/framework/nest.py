"""Flatten and rebuild nested lists, tuples and dicts (`tf.nest`), leaves in a stable order."""


def _is_namedtuple(x):
    return isinstance(x, tuple) and hasattr(x, "_fields")


def is_nested(x):
    """Whether `x` is a list, tuple or dict (a structure rather than a leaf)."""
    return isinstance(x, (list, tuple, dict))


def flatten(structure):
    """The leaves of `structure`, depth first; dict values in sorted-key order as TF does."""
    if isinstance(structure, dict):
        return [leaf for k in sorted(structure) for leaf in flatten(structure[k])]
    if isinstance(structure, (list, tuple)):
        return [leaf for item in structure for leaf in flatten(item)]
    return [structure]


def pack_sequence_as(structure, flat):
    """Rebuilds `structure` with the leaves from `flat` (the inverse of `flatten`)."""
    it = iter(flat)
    result = _pack(structure, it)
    rest = list(it)
    if rest:
        raise ValueError(f"Too many leaves for structure: {len(rest)} left over")
    return result


def _pack(structure, it):
    if isinstance(structure, dict):
        packed = {k: _pack(structure[k], it) for k in sorted(structure)}
        return type(structure)((k, packed[k]) for k in structure)
    if _is_namedtuple(structure):
        return type(structure)(*[_pack(s, it) for s in structure])
    if isinstance(structure, (list, tuple)):
        return type(structure)(_pack(s, it) for s in structure)
    return next(it)


def map_structure(fn, *structures, **check_types_dict):
    """`fn` applied to the leaves of `structures` (which must share a structure), repacked.

    Raises:
      ValueError/TypeError: the structures differ (as `assert_same_structure`).
    """
    check_types = check_types_dict.pop("check_types", True)
    for other in structures[1:]:
        assert_same_structure(structures[0], other, check_types=check_types)
    flats = [flatten(s) for s in structures]
    return pack_sequence_as(structures[0], [fn(*xs) for xs in zip(*flats)])



class _Dot:
    def __repr__(self):
        return "."


def _describe(x):
    return f"type={type(x).__name__} str={x}"


def _mismatch(a, b, check_types):
    """(exception class, TF's "More specifically" text) for the first difference, or None."""
    a_seq, b_seq = is_nested(a), is_nested(b)
    if a_seq != b_seq:
        seq, leaf = (a, b) if a_seq else (b, a)
        return ValueError, (f'Substructure "{_describe(seq)}" is a sequence, while substructure '
                            f'"{_describe(leaf)}" is not')
    if not a_seq:
        return None
    if check_types and type(a) is not type(b) and not (isinstance(a, dict) and isinstance(b, dict)):
        return TypeError, (f"The two namedtuples don't have the same sequence type. First structure "
                           f"{_describe(a)} has type {type(a).__name__}, while second structure "
                           f"{_describe(b)} has type {type(b).__name__}")
    if len(a) != len(b):
        return ValueError, ("The two structures don't have the same number of elements. First "
                            f"structure: {_describe(a)}. Second structure: {_describe(b)}")
    if isinstance(a, dict):
        if sorted(a) != sorted(b):
            return ValueError, ("The two dictionaries don't have the same set of keys. First "
                                f"structure has keys {list(a)}, while second structure has keys "
                                f"{list(b)}.")
        pairs = [(a[k], b[k]) for k in sorted(a)]
    else:
        pairs = list(zip(a, b))
    for x, y in pairs:
        found = _mismatch(x, y, check_types)
        if found:
            return found
    return None


def assert_same_structure(nest1, nest2, check_types=True, expand_composites=False):
    """Raises if `nest1` and `nest2` differ in nesting (and, with `check_types`, sequence types),
    with TF's message.

    Raises:
      ValueError: the structures differ in nesting, number of elements or dict keys.
      TypeError: the structures differ in sequence types (with `check_types`).
    """
    found = _mismatch(nest1, nest2, check_types)
    if found is None:
        return
    cls, detail = found
    dots = [map_structure(lambda _: _Dot(), s) for s in (nest1, nest2)]
    raise cls("The two structures don't have the same nested structure.\n\n"
              f"First structure: {_describe(nest1)}\n\nSecond structure: {_describe(nest2)}\n\n"
              f"More specifically: {detail}\nEntire first structure:\n{dots[0]}\n"
              f"Entire second structure:\n{dots[1]}")
