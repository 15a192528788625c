import pytest

from portal.watchlist.normalize import normalize_document, normalize_name, sorted_key


@pytest.mark.parametrize(
    ("one", "other"),
    [
        ("Nguyễn Văn An", "NGUYEN VAN AN"),
        ("Đặng Thị Hoa", "Dang Thi Hoa"),
        ("Mohammed", "Muhammad"),
        ("Mohamad", "Muhammad"),
        ("Mohd", "Muhammad"),
        ("Somchay Srisook", "Somchai Srisuk"),
        ("Soekarno", "Sukarno"),
        ("Djoko", "Joko"),
        ("Stephanie", "Stefanie"),
        ("Thanawat", "Tanawat"),
        ("Wongsawat", "Vongsawat"),
        ("Rizky", "Rizki"),
        ("Jean-Paul", "jean paul"),
        ("O'Neil", "o neil"),
        ("Ｎｇｕｙｅｎ", "Nguyen"),
    ],
)
def test_variants_fold_to_the_same_key(one, other):
    assert normalize_name(one) == normalize_name(other)


def test_spaces_collapse_and_chinese_is_kept():
    assert normalize_name("  Tran   Thi\tMai ") == "tran ti mai"
    assert normalize_name("阮文安") == "阮文安"


def test_sorted_key_ignores_word_order():
    assert sorted_key("Siti Nurhaliza") == sorted_key("Nurhaliza Siti")


@pytest.mark.parametrize("raw", ["C1234567", "c 123-4567", " C-1234 567 ", "Ｃ１２３４５６７"])
def test_document_numbers_normalise(raw):
    assert normalize_document(raw) == "C1234567"
