"""Gradient-check cases for CTC: the CTCLoss kernel on SparseTensor labels has a float64 form, so
it is checked at float64 tolerances, with the blank in the middle and repeats in the labels."""
import tapeviz as tf
from tests.ops.gradcheck import case

_LABELS = tf.SparseTensor([[0, 0], [0, 1], [0, 2], [1, 0]], tf.constant([1, 1, 3, 2]), [2, 3])

GRAD_CASES = [
    case(lambda x: tf.nn.ctc_loss(_LABELS, x, None, tf.constant([6, 4]), blank_index=2), [[(6, 2, 5)]],
         name="ctc_loss_sparse", ops=["CTCLoss"]),
    case(lambda x: tf.nn.ctc_loss(_LABELS, x, None, tf.constant([5, 5]), logits_time_major=False, blank_index=-1),
         [[(2, 5, 4)]], name="ctc_loss_sparse_batch_major", ops=["CTCLoss"]),
]
