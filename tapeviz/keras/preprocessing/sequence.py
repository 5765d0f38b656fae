"""`keras.preprocessing.sequence`."""
from tapeviz.keras.array_utils import pad_sequences

__all__ = ["pad_sequences"]
