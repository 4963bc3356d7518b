import codecs

import pytest

from eventwire.errors import InputError
from eventwire.ingest.decode import decode_bytes, repair_mojibake


def test_utf8_plain():
    assert decode_bytes("Karachi – “attack”".encode(), where="x") == "Karachi – “attack”"


@pytest.mark.parametrize("bom,codec", [(codecs.BOM_UTF8, "utf-8"),
                                       (codecs.BOM_UTF16_LE, "utf-16-le"),
                                       (codecs.BOM_UTF16_BE, "utf-16-be"),
                                       (codecs.BOM_UTF32_LE, "utf-32-le")])
def test_byte_order_marks_decide_the_codec(bom, codec):
    text = "Geng Shuang said on Tuesday."
    assert decode_bytes(bom + text.encode(codec), where="x") == text


def test_invalid_utf8_names_the_byte_offset():
    data = "Caf".encode() + b"\xe9 in Karachi was closed on Friday."
    with pytest.raises(InputError) as e:
        decode_bytes(data, where="a.txt")
    assert e.value.code == "E103"
    assert "byte 3" in str(e.value) and "a.txt" in str(e.value)


def test_lenient_mode_replaces_invalid_bytes():
    data = b"Caf\xe9 in Karachi"
    assert decode_bytes(data, where="x", errors="replace") == "Caf\ufffd in Karachi"


def test_forced_encoding():
    assert decode_bytes(b"Caf\xe9", where="x", encoding="latin-1") == "Café"


@pytest.mark.parametrize("data,detail", [
    (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "PDF"),
    (b"PK\x03\x04\x14\x00\x06\x00", "ZIP"),
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "PNG"),
    (b"\x1f\x8b\x08\x00\x00\x00\x00\x00", "gzip"),
    (b"hello\x00world", "NUL byte"),
])
def test_binary_files_are_named(data, detail):
    with pytest.raises(InputError) as e:
        decode_bytes(data, where="x.txt")
    assert e.value.code == "E102" and detail in str(e.value)


def test_random_bytes_are_binary_not_encoding_error():
    import random
    rnd = random.Random(7)
    data = bytes(rnd.randrange(1, 256) for _ in range(4000))
    with pytest.raises(InputError) as e:
        decode_bytes(data, where="x")
    assert e.value.code == "E102"


def test_control_characters_are_binary():
    with pytest.raises(InputError) as e:
        decode_bytes(("ab\x01\x02\x03\x04" * 50).encode(), where="x")
    assert e.value.code == "E102"


def test_utf16_without_bom_is_caught_by_nul_bytes():
    with pytest.raises(InputError) as e:
        decode_bytes("Attack in Karachi".encode("utf-16-le"), where="x")
    assert e.value.code == "E102"


def test_mojibake_is_repaired_and_clean_text_left_alone():
    clean = "China’s consulate – Karachi, said Müller."
    broken = clean.encode("utf-8").decode("cp1252")
    assert broken != clean
    assert repair_mojibake(broken) == clean
    assert repair_mojibake(clean) == clean
    # Text that legitimately contains "Ã" but is not mojibake stays as it is.
    assert repair_mojibake("The letter Ã is used in Portuguese.") == "The letter Ã is used in Portuguese."
