"""Fills the Swedish catalogue from a {msgid: translation} dict in a Python file (argv[1]),
keeping translations already present. For bulk additions; the .po file is the source of truth."""

import runpy
import sys
from pathlib import Path

from babel.messages.pofile import read_po, write_po

PO = Path(__file__).resolve().parent.parent / "stportal/locale/sv/LC_MESSAGES/django.po"

translations = runpy.run_path(sys.argv[1])["SV"]
with PO.open("rb") as handle:
    catalog = read_po(handle, locale="sv")
catalog.fuzzy = False
catalog.project = "ST-portalen"
catalog.version = "1"
missing = []
for message in catalog:
    if not message.id or (message.string and message.string != ("", "")):
        continue
    if message.id in translations:
        message.string = translations[message.id]
        message.flags.discard("fuzzy")
    else:
        missing.append(message.id)
with PO.open("wb") as handle:
    write_po(handle, catalog, width=100)
for msgid in missing:
    print("untranslated:", msgid)
