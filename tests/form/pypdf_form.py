"""List or fill a scorecard PDF's form with pypdf, a form library this project did not write.

    python3 pypdf_form.py list CARD.pdf               # {"field name": "/Btn" | "/Tx", ...}
    python3 pypdf_form.py fill CARD.pdf OUT.pdf VALUES.json

VALUES.json maps field names to values as pypdf takes them: "/Yes" ticks a checkbox, "/3"
chooses a radio group's box, a string fills a text field. The filled file keeps
NeedAppearances false, so a reader shows the appearances written into it.
"""
import json
import logging
import sys

from pypdf import PdfReader, PdfWriter


def main():
    # pypdf warns that a line break has no glyph in the font; it sets the text line by line.
    logging.getLogger("pypdf").setLevel(logging.ERROR)
    command, path = sys.argv[1], sys.argv[2]
    if command == "list":
        fields = PdfReader(path).get_fields() or {}
        print(json.dumps({name: str(f.get("/FT")) for name, f in fields.items()}, sort_keys=True))
    elif command == "fill":
        out, values = sys.argv[3], json.load(open(sys.argv[4], encoding="utf-8"))
        writer = PdfWriter(clone_from=PdfReader(path))
        writer.update_page_form_field_values(None, values, auto_regenerate=False)
        with open(out, "wb") as f:
            writer.write(f)
    else:
        sys.exit(f"unknown command {command}")


if __name__ == "__main__":
    main()
