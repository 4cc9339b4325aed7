"""Socialstyrelsen's blank forms as shipped (issue 13 item 7): which file each form is, its
checksum, and one mapping per form from what the product fills (a key of its own) to the form's
field names. `tests/test_application_forms.py` asserts the checksums and that every mapped name
exists in the shipped PDF, so a new revision of a form fails loudly.

Source: `../shared/forms/README.md` and `fields.md` (SOSFS 2015:8 Bilaga 1–8b, HSLF-FS 2021:8
publication 2021-2-7212 Bilaga 1–13). Forms for specialists from a third country (2015 Bilaga
8a/8b, 2021 Bilaga 13) and the BT forms (2021 Bilaga 1–4, issue 14) are shipped but not filled.

No Django here.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

BLANKS = Path(__file__).resolve().parent / "blanks"

SOSFS_2015 = "SOSFS 2015:8"
HSLF_2021 = "HSLF-FS 2021:8"


@dataclass(frozen=True)
class RowFields:
    """The field names of row n (1-based) of a service list: a format with `{n}` per column."""

    place: str
    period: str
    percent: str
    months: str
    total: str
    # The rows of the form, in order: their suffixes in the field names ("1" … or "1_2" …).
    suffixes: tuple[str, ...]


@dataclass(frozen=True)
class Blank:
    code: str
    regulation: str
    bilaga: str
    title: str
    file: str
    sha256: str
    fields: Mapping[str, str] = field(default_factory=dict)
    rows: RowFields | None = None
    # (page index, field name) of widgets the form shows in a second, wrong place (pdf_forms.fill).
    drop_widgets: tuple[tuple[int, str], ...] = ()

    @property
    def path(self) -> Path:
        return BLANKS / self.file


# The applicant's header, the same on every certificate of a regulation.
_APPLICANT = {
    "surname": "Efternamn",
    "given_name": "Förnamn",
    "personal_number": "Personnummer",
    "specialty_applied": "Specialitet som ansökan avser",
    "attachment": "Bilaga nr",
}
# The applicant on the application forms: the same plus what is typed at print time.
_CONTACT = {
    "specialty_applied": "Specialitet som ansökan avser",
    "surname": "Efternamn",
    "given_name": "Förnamn",
    "personal_number": "Personnummer",
    "street": "Utdelningsadress",
    "postcode": "Postnummer",
    "town": "Postort",
    "email": "Epostadress",
    "workplace": "Arbetsplats",
    "phone_work": "Telefon arbetet inkl riktnummer",
    # Läkarexamen (the first Land/Datum), then up to three legitimations.
    "degree_country": "Land",
    "degree_date": "Datum ååmmdd",
    "licence_country": "Land_2",
    "licence_date": "Datum ååmmdd_2",
    "fee_paid": "Avgiften betalad ååmmdd",
}

_CERTIFIER_2015 = {
    "certifier_specialty": "Specialitet",
    "certifier_workplace": "Tjänsteställe",
    "certifier_name": "Namnförtydligande",
}
_CERTIFIER_2021 = {**_CERTIFIER_2015}
GOALS_2015 = "Delmål som intyget avser tex a1 b1 c1"
GOALS_2021 = "Delmål som intyget avser tex STa1 STb1 STc1"

_2015_ROWS = RowFields(
    place="Tjänstgöringsställe Sjukhus klinik enhet eller annan specificeringRow{n}",
    period="Period ååmmdd  ååmmddRow{n}",
    percent="Tjänstgöringens omfattning i pro cent av heltidRow{n}",
    months="Tjänstgöringens omfattning om räknad till måna der på heltidRow{n}",
    total="Tjänstgöringens omfattning om räknad till måna der på heltidSumma",
    suffixes=tuple(str(n) for n in range(1, 34)),
)
_2021_ROWS = RowFields(
    place="Tjänstgöringsställe sjukhus klinik enhet eller annan specificeringRow{n}",
    period="Period ååmmddååmmddRow{n}",
    percent="Tjänstgöringens omfatt ning i procent av heltidRow{n}",
    months="Tjänstgöringens omfatt ning omräknad till månader på heltidRow{n}",
    total="Tjänstgöringens omfatt ning omräknad till månader på heltidSumma",
    suffixes=(*(str(n) for n in range(1, 21)), *(f"{n}_2" for n in range(1, 20))),
)

FORMS: dict[str, Blank] = {
    blank.code: blank
    for blank in (
        # --- SOSFS 2015:8 -----------------------------------------------------------------------
        Blank(
            "2015-1",
            SOSFS_2015,
            "Bilaga 1",
            "Ansökan om bevis om specialistkompetens",
            "blankett-bevis-specialistkompetens-sosfs20158.pdf",
            "9d07640de9eb6ed0fc4c6787f1cf33ff85646859da0029bba6a0d525830a86b4",
            {
                **_CONTACT,
                "phone_home": "Telefon bostaden inkl riktnummer",
                "phone_mobile": "Mobiltelefon",
                # Förteckning över bifogade intyg (page 3), by kind.
                "attached_achieved": "Bilaga nr",
                "attached_auskultation": "Bilaga nr_2",
                "attached_clinical": "Bilaga nr_3",
                "attached_course": "Bilaga nr_4",
                "attached_quality": "Bilaga nr_5",
                "attached_written": "Bilaga nr_6",
            },
            rows=_2015_ROWS,
        ),
        Blank(
            "2015-2",
            SOSFS_2015,
            "Bilaga 2",
            "Intyg om uppnådd specialistkompetens",
            "blankett-uppnadd-specialistkompetens-sosfs20158.pdf",
            "386b459338a206b2f8003226e341016b07efc9a87c94e07fd8db61872a8e7ee8",
            {
                **{k: v for k, v in _APPLICANT.items()},
                "appointed_yes": "Kryssruta Ja",
                "appointed_no": "Kryssruta Nej",
                "unit_head_name": "Namnförtydligande",
                "unit_head_workplace": "Tjänsteställe",
                "director_surname": "Efternamn_Stu",
                "director_given_name": "Förnamn_Stu",
                "director_workplace": "Tjänsteställe_Stu",
                "second_specialty": "Specialitet",
                "second_workplace": "Tjänsteställe_2",
                "second_name": "Namnförtydligande_2",
                "supervisor_specialty": "Specialitet_2",
                "supervisor_training_year": "Handledarutbildning årtal",
                "supervisor_workplace": "Tjänsteställe_3",
                "supervisor_name": "Namnförtydligande_3",
            },
        ),
        Blank(
            "2015-3",
            SOSFS_2015,
            "Bilaga 3",
            "Intyg: auskultation",
            "blankett-specialistkompetens-auskultation-sosfs20158.pdf",
            "2d2b9b8e5c0d5e7a30f3ebb9e3a75a99833bebaa64f4ca0ccdc058c2dd63517d",
            {
                **_APPLICANT,
                **_CERTIFIER_2015,
                "goals": GOALS_2015,
                "place_and_period": (
                    "Tjänstgöringsställe och period ååmmdd  ååmmdd för auskultationen"
                ),
                "description": "Beskrivning av auskultationen",
            },
        ),
        Blank(
            "2015-4",
            SOSFS_2015,
            "Bilaga 4",
            "Intyg: klinisk tjänstgöring under handledning",
            "blankett-specialistkompetens-klinisk-tjanstgoring-sosfs20158.pdf",
            "eb2d6884fcd06aa0a1b111fa705fcd5791776ef778aae78998610f861d5c96b4",
            {
                **_APPLICANT,
                **_CERTIFIER_2015,
                "goals": GOALS_2015,
                "place_and_period": (
                    "Tjänstgöringsställe och period ååmmdd  ååmmdd för den kliniska tjänstgöringen"
                ),
                "description": "Beskrivning av den kliniska tjänstgöringen",
            },
        ),
        Blank(
            "2015-5",
            SOSFS_2015,
            "Bilaga 5",
            "Intyg: kurs",
            "blankett-specialistkompetens-kurs-sosfs20158.pdf",
            "dcfdcf9e26bf6d085627ab619dd31de686040cac79ec8b06ab97bb8fdb1e78d1",
            {
                **_APPLICANT,
                "goals": GOALS_2015,
                "subject_and_period": "Ämne i rubrikform och period ååmmdd  ååmmdd för kursen",
                "course_leader": "Kursledare",
                "description": "Beskrivning av kursen",
                # The check boxes under the text: "Kursledare" (left) and "Handledare" (right).
                "signed_as_course_leader": "Kryssruta1",
                "signed_as_supervisor": "Kryssruta2",
                "certifier_specialty": (
                    "Specialitet om den intygande personen är specialistkompetent läkare"
                ),
                "certifier_workplace": "Tjänsteställe",
                "certifier_name": "Namnförtydligande",
            },
        ),
        Blank(
            "2015-6",
            SOSFS_2015,
            "Bilaga 6",
            "Intyg: kvalitets- och utvecklingsarbete",
            "blankett-specialistkompetens-kvalitet-utveckling-sosfs20158.pdf",
            "aeb0c0bb87b5b0f8ee4ee9a121c1b60b7e4c515cd501d57cefaf4dacec571bc4",
            {
                **_APPLICANT,
                **_CERTIFIER_2015,
                "goals": GOALS_2015,
                "subject": "Ämne för kvalitets och utvecklingsarbete i rubrikform",
                "description": "Beskrivning av kvalitets och utvecklingsarbetet",
            },
        ),
        Blank(
            "2015-7",
            SOSFS_2015,
            "Bilaga 7",
            "Intyg: självständigt skriftligt arbete enligt vetenskapliga principer",
            "blankett-specialistkompetens-skriftligt-arbete-sosfs20158.pdf",
            "91be07670b2da06f7181784119047bf85c41323d47b559f4a4aaf40660826313",
            {
                **_APPLICANT,
                **_CERTIFIER_2015,
                "goals": GOALS_2015,
                "subject": "Ämne för självständigt skriftligt arbete i rubrikform",
                "description": "Beskrivning av det självständiga skriftliga arbetet",
            },
        ),
        # --- HSLF-FS 2021:8 ---------------------------------------------------------------------
        Blank(
            "2021-5",
            HSLF_2021,
            "Bilaga 5",
            "Ansökan om bevis om specialistkompetens",
            "2021-2-7212-bilaga-5.pdf",
            "1658763d771ca8d065a3150e181ebcaeeaa4acca5f7e6fb1059522cbd6c8d00d",
            {
                **_CONTACT,
                "phone_home": "Telefon privat inkl riktnummer",
                "bt_certificate_date": "Datum ååmmdd_5",
                # Förteckning över bifogade intyg (page 2), by kind.
                "attached_completed": "Bilagor nr.0.0",
                "attached_achieved": "Bilagor nr.0.1",
                "attached_auskultation": "Bilagor nr.0.2",
                "attached_clinical": "Bilagor nr.0.3",
                "attached_course": "Bilagor nr.0.4",
                "attached_development": "Bilagor nr.0.5",
                "attached_sta3": "Bilagor nr.0.6",
            },
            # The form draws "Bilagor nr.0.4"–"0.7" a second time on page 3, in the boxes of the
            # other documents (doktorsexamen …): the number of the courses would show there too.
            drop_widgets=tuple((2, f"Bilagor nr.0.{n}") for n in range(4, 8)),
        ),
        Blank(
            "2021-6",
            HSLF_2021,
            "Bilaga 6",
            "Intyg om fullgjord specialiseringstjänstgöring",
            "2021-2-7212-bilaga-6.pdf",
            "9a463cc848b10c91933929bff1a411b6f7fbab5ddacfe77c71e36feb0fb1272c",
            {
                **_APPLICANT,
                "unit_head_name": "Namnförtydligande",
                "unit_head_workplace": "Tjänsteställe",
            },
            rows=_2021_ROWS,
        ),
        Blank(
            "2021-7",
            HSLF_2021,
            "Bilaga 7",
            "Intyg om uppnådd specialistkompetens",
            "2021-2-7212-bilaga-7.pdf",
            "6f50b0cdd619e89342fe1573d4c1cedcdfe3bd7fe45d016310f90b7e604d6944",
            {
                **_APPLICANT,
                "supervisor_name": "Namnförtydligande",
                "supervisor_specialty": "Specialitet",
                "supervisor_workplace": "Tjänsteställe",
                "second_name": "Namnförtydligande_2",
                "second_specialty": "Specialitet_2",
                "second_workplace": "Tjänsteställe_2",
            },
        ),
        Blank(
            "2021-8",
            HSLF_2021,
            "Bilaga 8",
            "Intyg: auskultation",
            "2021-2-7212-bilaga-8.pdf",
            "3efb6ca1f7f810757227b8527651a538245e2a9b8defdbfa7c0344cb26f8508c",
            {
                **_APPLICANT,
                **_CERTIFIER_2021,
                "goals": GOALS_2021,
                "place": "Tjänstgöringsställe för auskultation",
                "period": "Period ååmmdd  ååmmdd",
                "description": "Beskrivning av auskultationen",
            },
        ),
        Blank(
            "2021-9",
            HSLF_2021,
            "Bilaga 9",
            "Intyg: klinisk tjänstgöring under handledning",
            "2021-2-7212-bilaga-9.pdf",
            "271772eee1b5a5bf7b641202dd13ad46026c76d3c0827ea7ffe7178827e9016f",
            {
                **_APPLICANT,
                **_CERTIFIER_2021,
                "goals": GOALS_2021,
                "place": "Tjänstgöringsställe för klinisk tjänstgöring",
                "period": "Period ååmmdd  ååmmdd",
                "description": "Beskrivning av den kliniska tjänstgöringen",
            },
        ),
        Blank(
            "2021-10",
            HSLF_2021,
            "Bilaga 10",
            "Intyg: kurs",
            "2021-2-7212-bilaga-10.pdf",
            "38dd7d3aba84ee5d52cce4f2294234804fd0a73286cab997e4e1b8785361de32",
            {
                **_APPLICANT,
                "goals": GOALS_2021,
                "subject": "Kursens ämne anges i rubrikform",
                "description": "Beskrivning av kursen",
                "signed_as_supervisor": "Handledare",
                "signed_as_course_leader": "Kursledare",
                "certifier_name": "Namnförtydligande",
                "certifier_specialty": "Specialitet gäller endast handledare",
                "certifier_workplace": "Tjänsteställe",
            },
        ),
        Blank(
            "2021-11",
            HSLF_2021,
            "Bilaga 11",
            "Intyg: deltagande i utvecklingsarbete",
            "2021-2-7212-bilaga-11.pdf",
            "fcdc36326c7bdc64a7557d74747e9146d172574ccfd78e5d698ae660fc62af23",
            {
                **_APPLICANT,
                **_CERTIFIER_2021,
                "goals": GOALS_2021,
                "subject": "Utvecklingsarbetets ämne anges i rubrikform",
                "description": "Beskrivning av STläkarens deltagande i utvecklingsarbetet",
            },
        ),
        Blank(
            "2021-12",
            HSLF_2021,
            "Bilaga 12",
            "Intyg: delmål STa3, medicinsk vetenskap",
            "2021-2-7212-bilaga-12.pdf",
            "3622055911938e2a023604a7ddc1f7cf4b7fb69a330ef88852b554c015bbda88",
            {
                **_APPLICANT,
                **_CERTIFIER_2021,
                "activities": (
                    "Utbildningsaktiviteter som sökanden genomfört för att uppnå delmålet tex "
                    "kliniska tjänstgöringar under handledning kurser eller tidigare tjänstgöring"
                ),
                "verification": (
                    "Hur det kontrollerats att sökanden uppnått delmålet tex bedömningar av "
                    "kliniskt omhändertagande eller kursexaminationer"
                ),
            },
        ),
    )
}

# Shipped, checked, not filled (see the module's docstring).
UNFILLED: dict[str, tuple[str, str]] = {
    "2015-8a": (
        "blankett-specialistlakare-tredjeland-8a-sosfs20158.pdf",
        "168310fdc005e897be8d4cbc653d705e615377a0c5bddef89327881a8bb59c42",
    ),
    "2015-8b": (
        "blankett-specialistlakare-tredjeland-8b-sosfs20158.pdf",
        "cea1474b77e333c62acf4c9a9cdf226ca4488de4f9c380b90dbb85cd2858a958",
    ),
    "2021-1": (
        "2021-2-7212-bilaga-1.pdf",
        "1d6511f00c1781307023b402214f2ce46aeae920a6f61cce97d8c9657a5aa430",
    ),
    "2021-2": (
        "2021-2-7212-bilaga-2.pdf",
        "1f2734cca30635473129dd06e5394fc9fe9848304754fa586a799ee66fb2d704",
    ),
    "2021-3": (
        "2021-2-7212-bilaga-3.pdf",
        "47be21a6ad69cc1a6bc4b8e6c2e2af4610266f65541221bdfa4d65c778aa6d68",
    ),
    "2021-4": (
        "2021-2-7212-bilaga-4.pdf",
        "bc14100d6b44a9785f83ca559aa05afcf6080e7a704f8ccc389c805b8db3919d",
    ),
    "2021-13": (
        "2021-2-7212-bilaga-13.pdf",
        "d360483a41a99a1dc547b658497a538d281029200030658af07d4b506312ff81",
    ),
}


def field_values(blank: Blank, values: Mapping[str, str | bool]) -> dict[str, str | bool]:
    """The values by the form's field names; a key the form's mapping lacks is an error."""
    return {blank.fields[key]: value for key, value in values.items()}


def row_values(rows: RowFields, index: int, cells: tuple[str, str, str, str]) -> dict[str, str]:
    """Row `index` (0-based) of a service list by field name."""
    suffix = rows.suffixes[index]
    names = (rows.place, rows.period, rows.percent, rows.months)
    return {name.format(n=suffix): cell for name, cell in zip(names, cells, strict=True)}
