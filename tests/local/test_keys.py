"""The keyed hash that replaces child identifiers: HMAC-SHA256 as published, so stores made before and after any
change to how it is worked out hold the same codes."""

import pytest

from analytics.local.keys import hasher, hmac_sha256


@pytest.mark.parametrize(("key", "message", "expected"), [
    # RFC 4231 test cases 1, 2 and 6 (a key longer than SHA-256's block is hashed first)
    (b"\x0b" * 20, b"Hi There", "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7"),
    (b"Jefe", b"what do ya want for nothing?", "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"),
    (b"\xaa" * 131, b"Test Using Larger Than Block-Size Key - Hash Key First",
     "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54"),
])
def test_the_keyed_hash_is_rfc_4231s_hmac_sha256(key, message, expected):
    assert hmac_sha256(key)(message) == expected


def test_an_identifiers_case_and_surrounding_spaces_do_not_change_its_code():
    # RFC 4231 test case 1's key and message, upper-cased as an identifier is before hashing
    child_key = hasher(b"\x0b" * 20)
    assert child_key(" hi there ") == child_key("HI THERE") == hmac_sha256(b"\x0b" * 20)(b"HI THERE")
