"""ID keys for tests: fixed secrets, so ids can be computed in a test from the HMAC definition."""
from __future__ import annotations

from qinyou.graph.idkey import IdKey

#: the secret of the fixtures (32 bytes); TEST_KEY keeps raw ID numbers (the display tests reveal them)
SECRET = bytes(range(32))
TEST_KEY = IdKey(SECRET, store_idno=True)
#: the same secret, raw numbers not kept (the default of an installation)
TEST_KEY_MASKED = IdKey(SECRET, store_idno=False)
