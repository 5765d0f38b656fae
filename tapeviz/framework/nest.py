"""Flatten and rebuild nested lists, tuples and dicts (`tf.nest`), leaves in a stable order."""


def _is_namedtuple(x):
    return isinstance(x, tuple) and hasattr(x, "_fields")


def is_nested(x):
    """Whether `x` is a list, tuple or dict (a structure rather than a leaf)."""
    return isinstance(x, (list, tuple, dict))


def flatten(structure, expand_composites=False):
    """The leaves of `structure`, depth first; dict values in sorted-key order as TF does."""
    if isinstance(structure, dict):
        return [leaf for k in sorted(structure) for leaf in flatten(structure[k])]
    if isinstance(structure, (list, tuple)):
        if _flat(structure):
            return list(structure)
        return [leaf for item in structure for leaf in flatten(item)]
    return [structure]


def _flat(structure):
    """Whether a list or tuple holds leaves only (the common case: a list of Variables)."""
    for item in structure:
        if isinstance(item, (list, tuple, dict)):
            return False
    return True


def pack_sequence_as(structure, flat_sequence, expand_composites=False):
    """Rebuilds `structure` with the leaves from `flat_sequence` (the inverse of `flatten`).

    Raises:
      TypeError: `flat_sequence` is not a list or tuple.
      ValueError: it holds another number of leaves than `structure`.
    """
    if not isinstance(flat_sequence, (list, tuple)):
        raise TypeError(f"Attempted to pack value:\n  {flat_sequence}\ninto a structure, but found "
                        f"incompatible type `{type(flat_sequence)}` instead.")
    if not is_nested(structure) and len(flat_sequence) == 1:
        return flat_sequence[0]
    if type(structure) is list and len(structure) == len(flat_sequence) and _flat(structure):
        return list(flat_sequence)
    atoms = len(flatten(structure))
    if atoms != len(flat_sequence):
        raise ValueError(f"Could not pack sequence. Structure had {atoms} atoms, but flat_sequence "
                         f"had {len(flat_sequence)} items.  Structure: {structure}, flat_sequence: "
                         f"{flat_sequence}.")
    return _pack(structure, iter(flat_sequence))


def _pack(structure, it):
    if isinstance(structure, dict):
        packed = {k: _pack(structure[k], it) for k in sorted(structure)}
        return type(structure)((k, packed[k]) for k in structure)
    if _is_namedtuple(structure):
        return type(structure)(*[_pack(s, it) for s in structure])
    if isinstance(structure, (list, tuple)):
        return type(structure)(_pack(s, it) for s in structure)
    return next(it)


def map_structure(func, *structure, **kwargs):
    """`func` applied to the leaves of `structure` (several structures must share one nesting),
    repacked like the first.

    Raises:
      TypeError: `func` is not callable, or the structures' sequence types differ.
      ValueError: no structure, an unknown keyword, or the structures' nestings differ.
    """
    if not callable(func):
        raise TypeError(f"func must be callable, got: {func}")
    if not structure:
        raise ValueError("Must provide at least one structure")
    check_types = kwargs.pop("check_types", True)
    kwargs.pop("expand_composites", None)
    if kwargs:
        raise ValueError("Only valid keyword arguments are `check_types` and `expand_composites`, "
                         f"not: `{'`, `'.join(kwargs)}`")
    for other in structure[1:]:
        assert_same_structure(structure[0], other, check_types=check_types)
    flats = [flatten(s) for s in structure]
    return pack_sequence_as(structure[0], [func(*xs) for xs in zip(*flats)])


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
                                f"structure has keys {_describe(list(a))}, while second structure "
                                f"has keys {_describe(list(b))}")
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
