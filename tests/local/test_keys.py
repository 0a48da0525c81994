"""The keyed hash that replaces child identifiers: HMAC-SHA256 of the upper-cased identifier, so stores made before
and after any change to how it is worked out hold the same codes."""

from analytics.local.keys import hasher


def test_an_identifier_keeps_the_code_earlier_stores_hold_whatever_its_case_and_spaces():
    # RFC 4231 test case 1's key, and its message as an identifier is hashed (upper case): the code written by
    # hmac.digest(key, b"HI THERE", "sha256"), as stores made before 3 December 2026 hold it
    child_key = hasher(b"\x0b" * 20)
    expected = "501aa9ec6ada0d86799312f75b78fa600d96a8a6c919489dbe7636b394c1753f"
    assert child_key(" hi there ") == child_key("HI THERE") == child_key("Hi There\u0020") == expected
