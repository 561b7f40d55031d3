"""A spreadsheet of apprentices as a school's registry office types it, for the import benchmark."""

from __future__ import annotations

import random
from datetime import date, timedelta
from pathlib import Path

from openpyxl import Workbook
from stdnum.mx import curp as stdnum_curp

from vetdesk.domain import identifiers as ids
from vetdesk.services import records
from vetdesk.storage.engine import Database

GIVEN = ["María", "José", "Juan", "Ana", "Luis", "Sofía", "Diego", "Valeria", "Iker", "Regina", "Camila"]
SURNAMES = ["García", "Hernández", "López", "Martínez", "Pérez", "Sánchez", "Ramírez", "Torres", "Flores"]
STATES = ["QT", "DF", "GT", "NL", "JC", "MC", "PL", "AS"]
CONSONANTS = "BCDFGHJKLMNPQRSTVWXYZ"
VOWELS = "AEIOU"


def make_curp(rng: random.Random, birth: date, sex: str) -> str:
    while True:
        head = rng.choice(CONSONANTS) + rng.choice(VOWELS) + rng.choice(CONSONANTS) + rng.choice(CONSONANTS)
        body = (head + birth.strftime("%y%m%d") + sex + rng.choice(STATES)
                + "".join(rng.choice(CONSONANTS) for _ in range(3))
                + (rng.choice("0123456789") if birth.year < 2000 else rng.choice("ABCDEFGHIJ")))
        value = body + stdnum_curp.calc_check_digit(body + "0")
        if not ids.check_curp(value):
            return value


def write_file(path: Path, rows: int, seed: int = 7) -> None:
    rng = random.Random(seed)
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("Aprendices")
    ws.append(["Relación de aprendices (generada)"])
    ws.append([])
    ws.append(["No.", "CURP", "Nombre(s)", "Apellido paterno", "Apellido materno", "Fecha de nacimiento",
               "Sexo", "Correo electrónico", "Teléfono", "CCT", "Semestre", "Padre o tutor",
               "Teléfono del tutor"])
    seen: set[str] = set()
    for i in range(1, rows + 1):
        birth = date(2006, 1, 1) + timedelta(days=rng.randrange(4 * 365))
        sex = rng.choice("HM")
        curp = make_curp(rng, birth, sex)
        while curp in seen:
            curp = make_curp(rng, birth, sex)
        seen.add(curp)
        style = i % 4
        birth_cell: object = (birth.strftime("%d/%m/%Y") if style == 0 else birth if style == 1
                              else (birth - date(1899, 12, 30)).days if style == 2 else birth.isoformat())
        ws.append([i, curp.lower() if i % 10 == 0 else curp, rng.choice(GIVEN), rng.choice(SURNAMES),
                   rng.choice(SURNAMES), birth_cell, ("Mujer" if sex == "M" else "Hombre") if i % 3 == 0 else sex,
                   f"a{i}@alumnos.example.mx", f"442 {rng.randrange(100, 999)} {rng.randrange(1000, 9999)}",
                   "22DPT0004Q" if i % 2 else "11ETC0012K", rng.choice([3, 4, 5]), "Rosa Pérez",
                   f"442{rng.randrange(1000000, 9999999)}"])
    wb.save(path)


SCHOOLS = (("CONALEP Querétaro II", "22DPT0004Q"), ("CECyTE Plantel Apaseo", "11ETC0012K"))


def create_schools(db: Database) -> None:
    """The two schools the generated rows refer to."""
    for name, cct in SCHOOLS:
        records.create(db, "schools", {"name": name, "cct": cct})
