import pytest


@pytest.fixture(autouse=True)
def _fresh_keras():
    """Each test starts with Keras's name counters at zero and a fixed random stream."""
    import tapeviz as tf
    tf.keras.backend.clear_session()
    tf.keras.utils.set_random_seed(0)
    yield
