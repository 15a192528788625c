import pytest

from portal.reference.loaders import load_reference_data


@pytest.fixture
def reference_data(db):
    return load_reference_data()
