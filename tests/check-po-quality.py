#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Check what makes a complete translation a good one, beyond msgfmt.

Usage: check-po-quality.py SOURCE_DIR DESKTOP METAINFO

check-po.sh makes sure every language is complete; this makes sure each one
says things the way the project decided, so that an interface in French or
Dutch reads as one piece. For each language of po/LINGUAS:

- glossary: a message whose English has a term of po/glossary.tsv (the
  table of DESIGN.md, "Translation glossary", with plural and inflected
  forms) has that language's term in every translation. Terms are matched
  as whole words, ignoring case, in NFC; a longer term ("custom action")
  is looked for first, and the shorter one ("action") then in what is left.
  In Dutch a term may also start or end a compound word. Literals that the
  translation copies as they are (URLs, JSON paths, quoted commands) are
  not prose, and their words are not terms.
- placeholders: printf conversions (by position when they are numbered)
  and {name} placeholders are the same in the English and each translation.
- mnemonics: a label with a mnemonic ("_Save", "Se_nd") has exactly one in
  its translation, and a text without one gets none.
- desktop file and metainfo: the built files (DESKTOP, METAINFO) carry the
  language's name, comment, summary and every description paragraph.

Prints TAP; every problem is a "# po/LANG.po:LINE: ..." line under its test.
Exits 0 when every check passes, 1 otherwise.
"""

import collections
import os
import re
import sys
import unicodedata
import xml.etree.ElementTree as ET

# --- Reading .po files -------------------------------------------------------

class Entry:
    def __init__(self, line):
        self.line = line          # where msgid is, for the reports
        self.flags = set()
        self.msgctxt = None
        self.msgid = ""
        self.msgid_plural = None
        self.msgstr = []


ESCAPES = {"n": "\n", "t": "\t", "r": "\r", '"': '"', "\\": "\\"}


def unquote(text):
    """The string a PO line's "..." stands for."""
    text = text.strip()
    if len(text) < 2 or text[0] != '"' or text[-1] != '"':
        raise ValueError(f"not a quoted string: {text}")
    return re.sub(r"\\(.)", lambda m: ESCAPES.get(m.group(1), m.group(1)),
                  text[1:-1])


def read_po(path):
    """The entries of a .po file, without the header and obsolete ones."""
    entries = []
    entry = None
    field = None  # where a continuation line goes: (name, index)

    def finish():
        if entry is not None and entry.msgid != "":
            entries.append(entry)

    with open(path, encoding="utf-8") as f:
        for number, line in enumerate(f, 1):
            line = line.rstrip("\n")
            if not line.strip():
                finish()
                entry, field = None, None
                continue
            if line.startswith("#~"):
                continue
            if entry is None:
                entry = Entry(number)
            if line.startswith("#,"):
                entry.flags.update(f.strip() for f in line[2:].split(","))
            elif line.startswith("#"):
                continue
            elif line.startswith('"'):
                append(entry, field, unquote(line))
            else:
                keyword, _, rest = line.partition(" ")
                m = re.fullmatch(r"msgstr\[(\d+)\]", keyword)
                if keyword == "msgid":
                    entry.line = number
                    field = ("msgid", None)
                elif keyword in ("msgctxt", "msgid_plural"):
                    field = (keyword, None)
                    setattr(entry, keyword, "")
                elif keyword == "msgstr" or m:
                    entry.msgstr.append("")
                    field = ("msgstr", len(entry.msgstr) - 1)
                else:
                    raise ValueError(f"{path}:{number}: cannot read {line!r}")
                append(entry, field, unquote(rest))
    finish()
    return entries


def append(entry, field, text):
    name, index = field
    if name == "msgstr":
        entry.msgstr[index] += text
    else:
        setattr(entry, name, getattr(entry, name) + text)


def translated(entries):
    """The entries worth checking: translated and not fuzzy (check-po.sh
    reports the others)."""
    return [e for e in entries
            if "fuzzy" not in e.flags and all(s != "" for s in e.msgstr)]


def english(entry):
    return [entry.msgid] + ([entry.msgid_plural] if entry.msgid_plural else [])


def show(text):
    return '"' + text.replace("\\", "\\\\").replace("\n", "\\n") + '"'


def report(path, entry, text):
    return f"{path}:{entry.line}: {show(entry.msgid)} → " + \
        " / ".join(show(s) for s in entry.msgstr) + f": {text}"


# --- Mnemonics ---------------------------------------------------------------

# A word like client_id or CUSTOM_ACTIONS: code, not a mnemonic.
IDENTIFIER = re.compile(r"[a-z0-9]+(?:_[a-z0-9]+)+|[A-Z0-9]+(?:_[A-Z0-9]+)+")
# An underscore before a letter; "__" is an underscore shown as it is.
MNEMONIC = re.compile(r"(?<!_)_(?=[^\W\d_])")


def identifiers(text):
    return {w for w in re.findall(r"\w+", text) if IDENTIFIER.fullmatch(w)}


def mnemonic_words(text, code):
    """The words of text with a mnemonic underscore, leaving out the words
    of code (the identifiers of the English, kept as they are)."""
    return [w for w in re.findall(r"\w+", text)
            if w not in code and MNEMONIC.search(w)]


def without_mnemonics(text, code):
    return re.sub(r"\w+",
                  lambda m: m.group(0) if m.group(0) in code
                  else MNEMONIC.sub("", m.group(0)),
                  text)


def count_mnemonics(text, code):
    return sum(len(MNEMONIC.findall(w)) for w in mnemonic_words(text, code))


def check_mnemonics(path, entries):
    """(how many labels have a mnemonic, the problems)"""
    problems = []
    labels = 0
    for e in entries:
        code = identifiers(e.msgid)
        wanted = count_mnemonics(e.msgid, code)
        labels += wanted > 0
        for s in e.msgstr:
            got = count_mnemonics(s, code)
            if got != wanted:
                problems.append(report(path, e,
                                       f"{got} mnemonics, expected {wanted}"))
                break
    return f"{labels} labels with a mnemonic", problems


# --- Glossary ----------------------------------------------------------------

def nfc(text):
    return unicodedata.normalize("NFC", text)


# Dutch writes a noun and the noun it qualifies as one word (actiebestand,
# voorbeeldpayload, verbindingsfout): there a term may also begin or end a
# word.
COMPOUNDS = {"nl"}


def term_pattern(forms, compounds=False):
    """Any of forms, as whole words (or the start or end of one when
    compounds), whatever the case and spacing."""
    alternatives = "|".join(r"\s+".join(re.escape(w) for w in nfc(f).split())
                            for f in forms)
    if compounds:
        pattern = rf"(?<!\w)(?:{alternatives})|(?:{alternatives})(?!\w)"
    else:
        pattern = rf"(?<!\w)(?:{alternatives})(?!\w)"
    return re.compile(pattern, re.IGNORECASE)


def read_glossary(path):
    """The glossary's terms, longest English first: a list of
    (English name, {language: pattern}, {language: forms})."""
    with open(path, encoding="utf-8") as f:
        rows = [line.rstrip("\n").split("\t") for line in f if line.strip()]
    header = rows[0]
    terms = []
    for row in rows[1:]:
        if len(row) != len(header):
            raise ValueError(f"{path}: {row[0]!r} has {len(row)} columns, "
                             f"not {len(header)}")
        forms = {lang: cell.split("|") for lang, cell in zip(header, row)}
        patterns = {lang: term_pattern(f, lang in COMPOUNDS)
                    for lang, f in forms.items()}
        terms.append((forms["en"][0], patterns, forms))
    terms.sort(key=lambda t: len(t[0].split()), reverse=True)
    return terms


# Literal text that translations keep as it is: quoted names, commands and
# JSON ("custom-actions secret set %s", {"format": 1, "actions": []}), URLs
# and JSON paths (https://api.example.com/v1/messages, message.title,
# actions[%u]). A glossary word in there is code, not the term.
LITERAL = re.compile(r'"[^"]*"'                      # "quoted"
                     r'|\S*\w(?:://|[.\[/])[\w%\[]\S*?'  # a://b, a.b, a[b, a/b
                     r'(?=[.,;:!?)]*(?:\s|$))')         # less the punctuation


def prose(text, translations):
    """text without the literals that every translation copies."""
    return LITERAL.sub(lambda m: m.group(0)
                       if not all(m.group(0) in t for t in translations)
                       else "\0" * len(m.group(0)),
                       text)


def terms_used(text, glossary):
    """The English terms of text, each once; what a longer term matched is
    blanked out before the shorter ones are looked for."""
    used = []
    for name, patterns, _ in glossary:
        if patterns["en"].search(text):
            used.append(name)
            text = patterns["en"].sub(lambda m: "\0" * len(m.group(0)), text)
    return used


def check_glossary(path, lang, entries, glossary):
    """(how many messages have a term, the problems)"""
    problems = []
    checked = 0
    by_name = {name: (patterns[lang], forms[lang])
               for name, patterns, forms in glossary}
    for e in entries:
        code = identifiers(e.msgid)
        used = []
        for text in english(e):
            text = prose(without_mnemonics(text, code), e.msgstr)
            for name in terms_used(nfc(text), glossary):
                if name not in used:
                    used.append(name)
        checked += bool(used)
        for name in used:
            pattern, forms = by_name[name]
            if not all(pattern.search(nfc(without_mnemonics(s, code)))
                       for s in e.msgstr):
                problems.append(report(
                    path, e, "expected " + " or ".join(show(f) for f in forms)
                    + f" (for {show(name)})"))
    return f"{checked} messages with a term", problems


# --- Placeholders ------------------------------------------------------------

PRINTF = re.compile(r"%(?:(\d+)\$)?([-+ #0']*(?:\d+|\*)?(?:\.(?:\d+|\*))?"
                    r"(?:hh|h|ll|l|L|q|j|z|Z|t)?[diouxXeEfFgGaAcspm%])")
BRACES = re.compile(r"\{[A-Za-z_][A-Za-z0-9_]*\}")


def placeholders(text, c_format):
    """The placeholders of text, as a multiset: printf conversions with
    their position (numbered or in order; 0 for %%) when text is a C
    format, and {name} placeholders."""
    found = collections.Counter(BRACES.findall(text))
    if c_format:
        position = 0
        for m in PRINTF.finditer(text):
            if m.group(2) == "%":
                found[(0, "%%")] += 1
                continue
            position += 1
            found[(int(m.group(1) or position), "%" + m.group(2))] += 1
    return found


def describe(counter):
    items = []
    for key, n in sorted(counter.items(), key=str):
        name = key if isinstance(key, str) else \
            (key[1] if key[0] == 0 else f"{key[1]} (#{key[0]})")
        items.append(name if n == 1 else f"{n}×{name}")
    return ", ".join(items) or "none"


def check_placeholders(path, entries):
    """(how many messages have placeholders, the problems)"""
    problems = []
    checked = 0
    for e in entries:
        c_format = "c-format" in e.flags
        checked += any(placeholders(t, c_format) for t in english(e))
        for i, s in enumerate(e.msgstr):
            source = e.msgid_plural if i > 0 and e.msgid_plural else e.msgid
            wanted = placeholders(source, c_format)
            got = placeholders(s, c_format)
            if got != wanted:
                problems.append(report(
                    path, e, f"msgstr[{i}] has {describe(got)}, "
                    f"expected {describe(wanted)}"))
    return f"{checked} messages with placeholders", problems


# --- Desktop file and metainfo -----------------------------------------------

def check_desktop(path, lang):
    keys = set()
    with open(path, encoding="utf-8") as f:
        for line in f:
            m = re.match(r"(\w+)\[([^]]+)\]=(.+)", line.strip())
            if m and m.group(2) == lang:
                keys.add(m.group(1))
    return None, [f"{path}: no {key}[{lang}]"
                  for key in ("Name", "Comment") if key not in keys]


XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


def translations_of(elements):
    """Each untranslated element of a run of siblings, with the languages
    of the translations that follow it."""
    runs = []
    for el in elements:
        if el.get(XML_LANG) is None:
            runs.append((el, set()))
        elif runs and runs[-1][0].tag == el.tag:
            runs[-1][1].add(el.get(XML_LANG))
    return runs


def check_metainfo(path, lang):
    root = ET.parse(path).getroot()
    problems = []
    for tag in ("name", "summary"):
        if not any(el.get(XML_LANG) == lang for el in root.findall(tag)):
            problems.append(f"{path}: no <{tag} xml:lang=\"{lang}\">")
    description = root.find("description")
    if description is None:
        return None, problems + [f"{path}: no <description>"]
    paragraphs = translations_of([el for el in description if el.tag == "p"])
    for items in description:
        if items.tag in ("ul", "ol"):
            paragraphs += translations_of(list(items))
    for el, langs in paragraphs:
        if lang not in langs:
            text = " ".join("".join(el.itertext()).split())
            problems.append(f"{path}: <{el.tag}> {show(text[:60] + '…')} "
                            f"has no xml:lang=\"{lang}\"")
    return f"{len(paragraphs)} paragraphs", problems


# --- TAP ---------------------------------------------------------------------

def checks_for(lang, top, desktop, metainfo, glossary):
    """The checks of one language: (description, function giving (what was
    checked or None, problems))."""
    po = os.path.join("po", lang + ".po")

    def entries():
        return translated(read_po(os.path.join(top, po)))

    return [
        (f"{lang}: glossary terms",
         lambda: check_glossary(po, lang, entries(), glossary)),
        (f"{lang}: printf and {{name}} placeholders",
         lambda: check_placeholders(po, entries())),
        (f"{lang}: mnemonics",
         lambda: check_mnemonics(po, entries())),
        (f"{lang}: desktop file Name[{lang}] and Comment[{lang}]",
         lambda: check_desktop(desktop, lang)),
        (f"{lang}: metainfo name, summary and description",
         lambda: check_metainfo(metainfo, lang)),
    ]


def main(argv):
    if len(argv) != 4:
        sys.exit(__doc__.split("\n\n")[1])
    top, desktop, metainfo = argv[1:]
    try:
        with open(os.path.join(top, "po", "LINGUAS"), encoding="utf-8") as f:
            languages = [w for line in f if not line.startswith("#")
                         for w in line.split()]
        glossary = read_glossary(os.path.join(top, "po", "glossary.tsv"))
    except (OSError, ValueError) as error:
        print(f"Bail out! {error}")
        return 1

    checks = [check for lang in languages
              for check in checks_for(lang, top, desktop, metainfo, glossary)]
    print(f"1..{len(checks)}")
    failed = 0
    for number, (description, check) in enumerate(checks, 1):
        try:
            what, problems = check()
        except (OSError, ValueError, ET.ParseError) as error:
            what, problems = None, [f"cannot read: {error}"]
        if what:
            description += f" ({what})"
        if problems:
            failed += 1
            n = len(problems)
            print(f"not ok {number} - {description}: "
                  f"{n} problem{'' if n == 1 else 's'}")
            for problem in problems:
                print(f"# {problem}")
        else:
            print(f"ok {number} - {description}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
