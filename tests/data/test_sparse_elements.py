"""SparseTensors flow through tf.data as TF's sparse_tensor guide uses them: sliced by row,
batched (each dimension the largest in the batch), unbatched and mapped."""
import tapeviz as tf


def _parts(sp):
    return sp.indices.numpy().tolist(), sp.values.numpy().tolist(), sp.dense_shape.numpy().tolist()


def _data():
    return tf.sparse.SparseTensor([(0, 0), (0, 1), (0, 2), (4, 3), (5, 0), (5, 1)], [1, 1, 1, 1, 1, 1], (6, 4))


def test_slices_batches_unbatches_and_maps_sparse_elements():
    dataset = tf.data.Dataset.from_tensor_slices(_data())
    assert repr(dataset.element_spec) == "SparseTensorSpec(TensorShape([4]), tf.int32)"
    rows = [_parts(e) for e in dataset]
    assert rows[0] == ([[0], [1], [2]], [1, 1, 1], [4]) and rows[1] == ([], [], [4])
    batches = [_parts(e) for e in dataset.batch(4)]
    assert batches[0] == ([[0, 0], [0, 1], [0, 2]], [1, 1, 1], [4, 4])
    assert batches[1] == ([[0, 3], [1, 0], [1, 1]], [1, 1, 1], [2, 4])
    assert [_parts(e) for e in dataset.batch(2).unbatch()] == rows
    doubled = [_parts(e)[1] for e in dataset.map(lambda x: x * 2)]
    assert doubled[0] == [2, 2, 2] and doubled[5] == [2, 2]


def test_a_keras_dense_layer_takes_a_sparse_batch():
    x = tf.keras.Input(shape=(4,), sparse=True)
    model = tf.keras.Model(x, tf.keras.layers.Dense(3, kernel_initializer="ones")(x))
    out = model.predict(_data(), verbose=0)
    assert out.shape == (6, 3) and out[:, 0].tolist() == [3, 0, 0, 0, 1, 2]
