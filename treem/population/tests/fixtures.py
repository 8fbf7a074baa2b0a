"""A small labelled fixture: a register and local records whose true matches are known."""

import csv
from pathlib import Path

# person_id, full_name, date_of_birth, sex, mother_name, father_name, ward
REGISTER_CSV = """\
040315123456,Nguyễn Thị Ngọc Ánh,2015-03-14,Nữ,Trần Thị Hoa,Nguyễn Văn Nam,Trường Vinh
040218234567,Đặng Văn Minh,2018-09-02,Nam,Lê Thị Thu,Đặng Văn Hùng,Trường Vinh
040316345678,Hoàng Minh Hòa,2016-04-07,Nam,Phạm Thị Lan,Hoàng Văn Dũng,Thành Vinh
040317456789,Lê Bảo Ngọc,2017-11-23,Nữ,Võ Thị Hằng,Lê Quang Huy,Thành Vinh
040319567890,Phan Gia Huy,2019-06-30,Nam,Hồ Thị Mai,Phan Văn Long,Vinh Hưng
040314678901,Trần Thị Thủy,2014-12-01,Nữ,Bùi Thị Nga,Trần Văn Sơn,Vinh Hưng
"""
# record_id, personal_id, full_name, date_of_birth, sex, mother, father, ward, TRUE person_id
CHILDREN_CSV = """\
c1,,Nguyen Thi Ngoc Anh,2015-03-14,Nữ,Tran Thi Hoa,,Trường Vinh,040315123456
c2,040218234667,Dặng Văn Minh,2018-09-02,Nam,Lê Thị Thu,,Vinh Tân,040218234567
c3,040316345678,Hoàng Minh Hoà,2016-07-04,Nam,Phạm Thị Lan,,Thành Vinh,040316345678
c4,,Ngọc Lê,2017-11-23,Nữ,Võ Thị Hằng,Lê Quang Huy,Thành Vinh,040317456789
c5,,Kiều Thị Vân,2013-02-11,Nữ,Kiều Thị Loan,,Vinh Hưng,
"""
# c1: diacritics dropped, ID missing; c2: Đ typed as D, one ID digit wrong, former ward name;
# c3: old tone placement, day and month swapped; c4: middle name dropped and name order swapped;
# c5: a child the register does not know.
REGISTER = [tuple(line.split(",")) for line in REGISTER_CSV.splitlines()]
CHILDREN = [
    (tuple(fields[:-1]), fields[-1])
    for fields in (line.split(",") for line in CHILDREN_CSV.splitlines())
]

REGISTER_HEADER = ["person_id", "full_name", "date_of_birth", "sex", "mother_name", "father_name",
                   "ward"]  # fmt: skip
CHILDREN_HEADER = ["record_id", "personal_id", "full_name", "date_of_birth", "sex", "mother_name",
                   "father_name", "ward"]  # fmt: skip


def write_csv(path: Path, header, rows):
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(header)
        writer.writerows(rows)
    return path
